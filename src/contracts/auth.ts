import { z } from 'zod';
import { PersonName } from './common.ts';

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
  password: z.string().min(8).max(256),
  fullName: PersonName(),
  idNumber: z.string().regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số / 12-digit ID number').optional(),
  phone: z.string().regex(/^(\+84|0)\d{9,10}$/, 'Số điện thoại Việt Nam / Vietnamese phone number').optional(),
  email: z.email().max(200).optional(),
  address: z.string().trim().max(500).optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

