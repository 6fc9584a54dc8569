/** RFC 9457 problem+json from typed errors, zod issues and Fastify's own errors. */
import { z } from 'zod';
import { DomainError, type Message } from '../../kernel/errors.ts';
import { enErrorMap, viErrorMap } from './zod-messages.ts';

export type Lang = 'vi' | 'en';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
}

const TITLES: Record<number, Message> = {
  400: { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  401: { vi: 'Chưa đăng nhập', en: 'Not authenticated' },
  403: { vi: 'Không có quyền', en: 'Forbidden' },
  404: { vi: 'Không tìm thấy', en: 'Not found' },
  405: { vi: 'Phương thức không được hỗ trợ', en: 'Method not allowed' },
  409: { vi: 'Xung đột trạng thái', en: 'Conflict' },
  410: { vi: 'Không còn hiệu lực', en: 'Gone' },
  413: { vi: 'Dữ liệu quá lớn', en: 'Payload too large' },
  414: { vi: 'Đường dẫn quá dài', en: 'URI too long' },
  415: { vi: 'Kiểu dữ liệu không được hỗ trợ', en: 'Unsupported media type' },
  422: { vi: 'Dữ liệu không hợp lệ', en: 'Unprocessable content' },
  423: { vi: 'Tài khoản tạm khóa', en: 'Locked' },
  429: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
  500: { vi: 'Lỗi hệ thống', en: 'Internal error' },
  503: { vi: 'Tạm thời chưa phục vụ được', en: 'Service unavailable' },
};

export function problem(status: number, code: string, detail: Message, lang: Lang, errors?: Array<{ path: string; message: Message }>, instance?: string): ProblemBody {
  return {
    type: `urn:motcua:problem:${code}`,
    title: (TITLES[status] ?? TITLES[400]!)[lang],
    status,
    detail: detail[lang],
    code,
    ...(instance ? { instance } : {}),
    ...(errors && errors.length > 0 ? { errors: errors.map((e) => ({ path: e.path, message: e.message[lang] })) } : {}),
  };
}

export function fromDomainError(e: DomainError, lang: Lang, instance?: string): ProblemBody {
  const body = problem(e.status, e.code, e.detail, lang, e.issues, instance);
  return e.extensions ? { ...e.extensions, ...body } : body;
}

/** A request part (params, query, body, headers) failed its schema. */
export class RequestValidationError extends Error {
  constructor(
    readonly part: 'params' | 'query' | 'body' | 'headers',
    readonly issuesVi: z.core.$ZodIssue[],
    readonly issuesEn: z.core.$ZodIssue[],
  ) {
    super('request validation failed');
  }
}

const joinPath = (prefix: string, path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');

export function fromValidationError(e: RequestValidationError, lang: Lang, instance?: string): ProblemBody {
  const prefix = e.part === 'body' ? '' : e.part;
  const list = (issues: z.core.$ZodIssue[]) =>
    issues.flatMap((i) =>
      i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: joinPath(prefix, [...i.path, k]), message: i.message })) : [{ path: joinPath(prefix, i.path) || '(body)', message: i.message }],
    );
  const vi = list(e.issuesVi);
  const en = list(e.issuesEn);
  return problem(
    400,
    'validation-failed',
    { vi: 'Dữ liệu gửi lên không đúng định dạng.', en: 'The request does not match the expected format.' },
    lang,
    vi.map((v, i) => ({ path: v.path, message: { vi: v.message, en: en[i]?.message ?? v.message } })),
    instance,
  );
}

export function parsePart<T>(schema: z.ZodType<T>, value: unknown, part: RequestValidationError['part']): T {
  const r = schema.safeParse(value, { error: viErrorMap });
  if (r.success) return r.data;
  const en = schema.safeParse(value, { error: enErrorMap });
  throw new RequestValidationError(part, r.error.issues, en.success ? [] : en.error.issues);
}

/** Accept-Language → 'en' when English is preferred over Vietnamese, else 'vi'. */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'vi';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q[1]) : 1 };
    })
    .filter((x) => x.tag.startsWith('vi') || x.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'vi';
}
