import { z } from 'zod';
import { parseCitizenCardQr } from './domain/cccd.ts';
import { defineRoute } from '../../platform/http/route.ts';

export const identityRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/identity/cccd',
    summary: 'Parse the QR code of a chip citizen ID card, for prefilling the applicant',
    tag: 'identity',
    access: 'user',
    body: z.strictObject({ qr: z.string().min(1).max(1000) }),
    handler: async ({ body }) => parseCitizenCardQr(body.qr),
  }),
];
