/**
 * Checks at the edge, before a request reaches a route: JSON nesting depth, characters no database
 * text can hold, database errors a caller can provoke (answered as 4xx, never with SQL), and an error
 * serializer that keeps personal data out of the log. See docs/api.md "Limits" and docs/operations.md "Logs".
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DomainError, type FieldIssue, type Message } from '../../kernel/errors.ts';

/** Deepest nesting of arrays and objects accepted in a JSON body; real requests use fewer than 6. */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` nests arrays/objects deeper than `limit`, counting only brackets outside strings. */
export function jsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with one that refuses deep nesting before parsing (a 5,000-deep body
 * overflowed the stack of the validators behind it), then parses with Fastify's own safe parser.
 */
export function installJsonDepthLimit(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && jsonDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new DomainError('json-too-deep', 400, {
          vi: `JSON lồng nhau quá ${MAX_JSON_DEPTH} cấp.`,
          en: `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`,
        }),
        undefined,
      );
      return;
    }
    parse(request, body as string, done);
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type BadCharacter = 'nul' | 'surrogate';
const badIn = (s: string): BadCharacter | null => (s.includes('\u0000') ? 'nul' : LONE_SURROGATE.test(s) ? 'surrogate' : null);

/**
 * Where a request part holds a character no PostgreSQL text or jsonb can store: NUL, or a lone UTF-16
 * surrogate (JSON's "\ud800" parses to one). Keys are checked as well as values.
 */
export function badCharacterAt(value: unknown, path: string): { path: string; what: BadCharacter } | null {
  if (typeof value === 'string') {
    const what = badIn(value);
    return what ? { path: path || '(value)', what } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = badCharacterAt(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
  } else if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Readable)) {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      const what = badIn(k);
      const found = what ? { path: here, what } : badCharacterAt(v, here);
      if (found) return found;
    }
  }
  return null;
}

const BAD_CHARACTER: Record<BadCharacter, { detail: Message; field: Message }> = {
  nul: {
    detail: { vi: 'Dữ liệu chứa ký tự NUL không hợp lệ.', en: 'The request contains a NUL character.' },
    field: { vi: 'Không được chứa ký tự NUL', en: 'Must not contain NUL' },
  },
  surrogate: {
    detail: { vi: 'Dữ liệu chứa ký tự Unicode không hợp lệ (nửa cặp thay thế UTF-16).', en: 'The request contains an invalid Unicode character (a lone UTF-16 surrogate).' },
    field: { vi: 'Chứa ký tự Unicode không hợp lệ', en: 'Contains an invalid Unicode character' },
  },
};

/** Throws a 400 naming the first field of params, query or body that holds an unstorable character. */
export function refuseBadCharacters(parts: ReadonlyArray<readonly ['params' | 'query' | 'body', unknown]>): void {
  for (const [part, value] of parts) {
    const found = badCharacterAt(value, part === 'body' ? '' : part);
    if (found) {
      const issue: FieldIssue = { path: found.path, message: BAD_CHARACTER[found.what].field };
      throw new DomainError('validation-failed', 400, BAD_CHARACTER[found.what].detail, [issue]);
    }
  }
}

interface DatabaseErrorLike {
  code: string;
  severity?: string;
}
/** A PostgreSQL (or PGlite) error: a five-character SQLSTATE and a severity. */
export function isDatabaseError(e: unknown): e is DatabaseErrorLike {
  const x = e as Partial<DatabaseErrorLike> | null;
  return !!x && typeof x.code === 'string' && /^[0-9A-Z]{5}$/.test(x.code) && typeof x.severity === 'string';
}

/**
 * The 4xx answer to a database error a request can provoke, or null for a real fault. The answer
 * names no table, constraint or value: those stay in the (redacted) log.
 */
export function problemOfDatabaseError(e: unknown): { status: 409 | 422; code: string; detail: Message } | null {
  if (!isDatabaseError(e)) return null;
  if (e.code === '23505') {
    return { status: 409, code: 'conflict', detail: { vi: 'Dữ liệu trùng với một bản ghi đã có. Vui lòng tải lại và thử lại.', en: 'This conflicts with an existing record. Please reload and try again.' } };
  }
  // Class 22, data exception: a value the database cannot take (out of range, bad encoding…).
  if (e.code.startsWith('22')) {
    return { status: 422, code: 'invalid-value', detail: { vi: 'Một giá trị gửi lên nằm ngoài giới hạn cho phép.', en: 'A value sent is outside the accepted range.' } };
  }
  return null;
}

/**
 * Text of an error message with values taken out: database messages quote the offending value
 * ('… for type integer: "079…"', 'Key (code)=(…) already exists'), which may be an ID number or phone.
 */
export function scrubMessage(text: string): string {
  return text
    .replace(/\)=\((?:[^()]|\([^()]*\))*\)/g, ')=([redacted])')
    .replace(/:\s*"[^"\n]*"/g, ': "[redacted]"')
    .replace(/\d{6,}/g, '[digits]')
    .replace(/[^\s@"'<>()]+@[^\s@"'<>()]+/g, '[email]');
}

/**
 * Pino serializer for `err`: the type, code, message and stack only, scrubbed of values. Never the
 * query, its parameters, or a database error's `detail`/`where` (they hold names, ID numbers,
 * addresses, phones and lookup secrets).
 */
export function serializeError(e: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(e instanceof Error)) return { type: typeof e, message: '[redacted]', stack: '' };
  const message = scrubMessage(e.message);
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const out: { type: string; message: string; stack: string; [key: string]: unknown } = { type: e.constructor?.name ?? 'Error', message, stack: [`${e.name}: ${message}`, ...frames].join('\n') };
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') out.code = code;
  if (isDatabaseError(e)) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') out.constraint = constraint;
  }
  if (e.cause) out.cause = serializeError(e.cause);
  return out;
}

/** Pino serializer for `req`: method and path, never the query string (lookup secrets travel there). */
export function serializeRequest(req: { method?: string; url?: string; id?: unknown }): { method?: string; url?: string; [key: string]: unknown } {
  return { id: req.id, method: req.method, url: (req.url ?? '').split('?')[0] };
}
