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
