import { z } from 'zod';
import { PersonName } from '../../kernel/contracts.ts';

export const LoginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const RegisterRequest = z.strictObject({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9._-]+$/, 'a–z, 0–9, dấu chấm, gạch nối, gạch dưới / a–z, 0–9, dot, hyphen, underscore'),
  password: z.string().min(10).max(256).describe('At least 10 characters, not a common password, not the username or ID number'),
  fullName: PersonName(),
  idNumber: z.string().regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số / 12-digit ID number').optional(),
  phone: z.string().regex(/^(\+84|0)\d{9,10}$/, 'Số điện thoại Việt Nam / Vietnamese phone number').optional(),
  email: z.email().max(200).optional(),
  address: z.string().trim().max(500).optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;


export const PasswordChangeRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10).max(256).describe('At least 10 characters, not a common password, not the username or ID number'),
});

export const PasswordResetRequest = z.strictObject({
  token: z.string().min(20).max(100),
  newPassword: z.string().min(10).max(256),
});

/** Sessions are named by an id of their own, never by their token. */
export const SessionParams = z.strictObject({ id: z.string().min(1).max(64) });

export const AccountParams = z.strictObject({ id: z.string().min(1).max(64) });

export const AccountLookupQuery = z.strictObject({
  username: z.string().trim().min(1).max(64).optional(),
  idNumber: z.string().regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số / 12-digit ID number').optional(),
});

export const IdBindingMove = z
  .strictObject({
    idNumber: z.string().regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số / 12-digit ID number'),
    toUserId: z.string().min(1).max(64).optional(),
    toUsername: z.string().trim().min(1).max(64).optional(),
    reason: z.string().trim().min(3).max(1000).describe('What the officer checked, e.g. the card seen at the counter'),
  })
  .refine((b) => !!b.toUserId !== !!b.toUsername, { message: 'Cần đúng một trong toUserId, toUsername / exactly one of toUserId, toUsername', path: ['toUserId'] });

// ---- Answers

const Role = z.enum(['citizen', 'reception', 'specialist', 'leader', 'admin', 'manager']);

/** A new session: the bearer token (also set as a cookie) and who it belongs to. */
export const SessionAnswer = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), username: z.string(), fullName: z.string(), role: Role, orgId: z.string().nullable() }),
});

/** The logged-in user, with their organisation. */
export const Me = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  role: Role,
  orgId: z.string().nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  org: z.object({ id: z.string(), name: z.string(), agencyEid: z.string().nullable() }).nullable(),
  identityLevel: z.number().int().min(1).max(2).nullable().describe('The level of electronic identity this session proved with VNeID (Decree 69/2024/NĐ-CP: 1 basic, 2 chip card); null: signed in with a password'),
});
export type Me = z.infer<typeof Me>;

export const SessionState = z.object({
  user: Me.nullable(),
  vneid: z.boolean().describe('Whether sign-in with VNeID is offered'),
  limits: z.object({ maxUploadBytes: z.number().int() }).describe('Limits a client checks before sending'),
});
export type SessionState = z.infer<typeof SessionState>;

export const LoggedOut = z.object({ ok: z.literal(true) });
export const PasswordChanged = z.object({ ok: z.literal(true), endedSessions: z.number().int() });
export const PasswordResetDone = z.object({ ok: z.literal(true), username: z.string() });

export const SessionItem = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().nullable(),
  address: z.string().nullable(),
  current: z.boolean(),
});
export type SessionItem = z.infer<typeof SessionItem>;
export const SessionList = z.object({ items: z.array(SessionItem) });
export const SessionEnded = z.object({ ok: z.literal(true), current: z.boolean().describe('The caller signed out their own session (the cookie is cleared)') });

// Accounts (staff work on people's accounts)
export const CitizenAccount = z.object({ id: z.string(), username: z.string(), fullName: z.string(), active: z.boolean(), idNumber: z.string().nullable(), createdAt: z.string() });
export type CitizenAccount = z.infer<typeof CitizenAccount>;
export const CitizenAccountList = z.object({ items: z.array(CitizenAccount) });
export const ResetLinkIssued = z.object({ userId: z.string(), username: z.string(), link: z.string().describe('Returned once; also queued in the outbox'), expiresAt: z.string() });
export type ResetLinkIssued = z.infer<typeof ResetLinkIssued>;
export const AccountActivity = z.object({ id: z.string(), username: z.string(), role: Role, active: z.boolean() });
export const AccountUnlocked = z.object({ id: z.string(), username: z.string(), unlocked: z.literal(true) });
export const IdBindingMoved = z.object({
  idNumber: z.string(),
  fromUserId: z.string().nullable(),
  fromUsername: z.string().nullable(),
  toUserId: z.string(),
  toUsername: z.string(),
  movedAt: z.string(),
});
export type IdBindingMoved = z.infer<typeof IdBindingMoved>;

/** What the QR code of a chip citizen ID card says. */
export const CitizenCard = z.object({
  idNumber: z.string(),
  oldIdNumber: z.string().nullable(),
  fullName: z.string().describe('As printed, upper-case'),
  fullNameTitle: z.string().describe('Title case, for forms'),
  birthDate: z.string(),
  sex: z.enum(['male', 'female']),
  address: z.string(),
  issueDate: z.string().nullable(),
  birthProvinceCode: z.string(),
});
