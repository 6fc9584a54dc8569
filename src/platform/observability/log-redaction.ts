/**
 * What the server's log must never hold: credentials and personal data. Request bodies are never logged
 * (the request serializer keeps method, path without query and id: src/platform/http/edge-checks.ts);
 * these pino `redact` paths are the second line, for an object that reaches a log call by mistake
 * (an error carrying a body, a handler logging its input). test/observability-logs.test.ts captures the
 * log of real requests (a sign-in, a submission with an identity number) and asserts none of it leaks.
 */
const SECRET_KEYS = [
  'authorization', 'cookie', 'set-cookie', 'password', 'newPassword', 'currentPassword', 'token', 'otp', 'otpCode', 'secret',
  'idNumber', 'identityNumber', 'cccd', 'phone', 'email', 'fullName', 'name', 'address', 'dateOfBirth', 'contact',
];

export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  // Any object logged at the top level or one level down (body, form, applicant, err.body …).
  ...SECRET_KEYS.flatMap((k) => [`${k}`, `*.${k}`, `*.*.${k}`]),
  'body',
  '*.body',
];

export const REDACT = { paths: REDACT_PATHS, censor: '[redacted]' };
