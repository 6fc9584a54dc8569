import { describe, expect, it } from 'vitest';
import { badCharacterAt, jsonDeeperThan, problemOfDatabaseError, scrubMessage, serializeError, serializeRequest } from './edge-checks.ts';

const ID = '079090001234';
const PHONE = '0901234567';

/** A database error as pg and PGlite raise it: SQLSTATE, severity, detail, and (PGlite) the query and its parameters. */
function databaseError(): Error {
  const e = new Error(`invalid input syntax for type integer: "${ID}"`) as Error & Record<string, unknown>;
  Object.assign(e, {
    code: '22P02',
    severity: 'ERROR',
    detail: `Key (id_number)=(${ID}) already exists.`,
    where: `SQL statement with ${PHONE}`,
    query: `insert into dossiers (applicant) values ($1)`,
    params: [JSON.stringify({ fullName: 'Nguyễn Văn An', idNumber: ID, phone: PHONE, address: '12 Lê Lợi' }), 'SECRET12ABCD'],
    parameters: [ID, PHONE, 'Nguyễn Văn An'],
  });
  return e;
}

describe('error log serializer', () => {
  it('keeps type, code and stack, and no parameter, detail, query or value of the error', () => {
    const out = JSON.stringify(serializeError(databaseError()));
    for (const secret of [ID, PHONE, 'Nguyễn Văn An', '12 Lê Lợi', 'SECRET12ABCD', 'insert into']) expect(out).not.toContain(secret);
    const s = serializeError(databaseError());
    expect(s.code).toBe('22P02');
    expect(s.message).toBe('invalid input syntax for type integer: "[redacted]"');
    expect(s.stack).toMatch(/^Error: invalid input syntax/);
    expect(s.stack).toContain('edge-checks.test.ts');
  });

  it('scrubs values from database messages and causes', () => {
    expect(scrubMessage(`Key (code)=(000.20.01.H29-261123-0001) already exists.`)).toBe('Key (code)=([redacted]) already exists.');
    expect(scrubMessage(`refused for {"phone": "${PHONE}", "idNumber": "${ID}", "email": "an@example.vn"}`)).not.toMatch(/\d{6}|an@example/);
    const wrapped = new Error('write failed', { cause: databaseError() });
    expect(JSON.stringify(serializeError(wrapped))).not.toContain(ID);
  });

  it('logs a request by method and path, never its query string', () => {
    expect(serializeRequest({ method: 'GET', url: '/api/public/dossiers/X?secret=ABCDEF', id: 'req-1' })).toEqual({ id: 'req-1', method: 'GET', url: '/api/public/dossiers/X' });
  });
});

describe('edge checks', () => {
  it('measures JSON nesting outside strings', () => {
    expect(jsonDeeperThan('['.repeat(64) + ']'.repeat(64), 64)).toBe(false);
    expect(jsonDeeperThan('['.repeat(65) + ']'.repeat(65), 64)).toBe(true);
    expect(jsonDeeperThan(JSON.stringify({ a: '[[[[[[', b: '\\"[[[[[[' }), 2)).toBe(false);
    expect(jsonDeeperThan('{"a":' + '['.repeat(5000), 64)).toBe(true);
  });

  it('finds NUL and lone surrogates in values and keys, and accepts paired surrogates', () => {
    expect(badCharacterAt({ a: [{ b: 'x\ud800' }] }, '')).toEqual({ path: 'a.0.b', what: 'surrogate' });
    expect(badCharacterAt({ ['k\udc00']: 1 }, 'query')).toEqual({ path: 'query.k\udc00', what: 'surrogate' });
    expect(badCharacterAt({ a: 'x\u0000' }, '')).toEqual({ path: 'a', what: 'nul' });
    expect(badCharacterAt({ a: 'Phở 😀 Đ' }, '')).toBeNull();
  });

  it('answers a unique violation as 409 and a data exception as 422, other errors stay faults', () => {
    expect(problemOfDatabaseError(Object.assign(new Error('dup'), { code: '23505', severity: 'ERROR' }))?.status).toBe(409);
    expect(problemOfDatabaseError(databaseError())?.status).toBe(422);
    expect(problemOfDatabaseError(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBeNull();
    expect(problemOfDatabaseError(Object.assign(new Error('x'), { code: '57014', severity: 'ERROR' }))).toBeNull();
  });
});
