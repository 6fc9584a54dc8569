/**
 * Calls to the motcua API. Errors arrive as RFC 9457 problem+json with field paths; they are thrown
 * as ApiError so forms can show each message next to its field.
 */
import { currentLang } from './lang-state.ts';
import type { UploadView } from '../../../src/modules/uploads/contracts.ts';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
  /** The message for one field path (e.g. "applicant.phone"), if the server named it. */
  field(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path || e.path === `body.${path}`)?.message;
  }
}

async function toError(res: Response): Promise<ApiError> {
  let body: { code?: string; detail?: string; title?: string; errors?: FieldError[] } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON: fall through to a generic message */
  }
  const fallback = currentLang() === 'vi' ? `Lỗi ${res.status}. Vui lòng thử lại.` : `Error ${res.status}. Please try again.`;
  return new ApiError(res.status, body.code ?? 'http-' + res.status, body.detail ?? body.title ?? fallback, body.errors ?? []);
}

export async function api<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'accept-language': currentLang(), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, 'network', currentLang() === 'vi' ? 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại; dữ liệu đã nhập vẫn còn.' : 'Cannot reach the server. Check the connection and retry; what you typed is kept.');
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(url: string) => api<T>('GET', url);

/** The stored file, as POST /api/uploads answers it. */
export type UploadResult = UploadView;

/** Uploads raw bytes with progress (fetch has no upload progress; XMLHttpRequest does). */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', file.type === 'application/pdf' || file.type.startsWith('image/') ? file.type : 'application/octet-stream');
    xhr.setRequestHeader('accept-language', currentLang());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as UploadResult);
      else reject(await toError(new Response(xhr.responseText, { status: xhr.status })));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', currentLang() === 'vi' ? 'Mất kết nối khi tải tệp lên.' : 'Connection lost during the upload.'));
    xhr.send(file);
  });
}
