/** Requests and answers of the feedback (PAKN) module; the web app's types come from here. */
import { z } from 'zod';
import { Instant, NonEmptyText, Paging, Period, PersonName } from '../../kernel/contracts.ts';
import { FEEDBACK_ACTIONS, FEEDBACK_STATUSES } from './domain/types.ts';

const Phone = z.string().trim().regex(/^(\+84|0)\d{9,10}$/, 'Số điện thoại Việt Nam / Vietnamese phone number');
const UploadId = z.string().regex(/^upl_[A-Za-z0-9_-]{10,40}$/, 'Mã tệp không hợp lệ / invalid upload id');
const OrgId = z.string().trim().min(1).max(100);
const FeedbackCode = z.string().regex(/^PAKN\.\d{8}\.\d{4,}$/, 'Mã phản ánh dạng PAKN.yyyyMMdd.nnnn / a code such as PAKN.20261123.0001');

export const OtpRequest = z.strictObject({
  channel: z.enum(['phone', 'email']),
  contact: z.string().trim().min(3).max(200),
});
export const OtpIssued = z.object({ otpId: z.string(), expiresAt: Instant, channel: z.enum(['phone', 'email']), sentTo: z.string().describe('The contact, masked') });

/** The person on whose behalf an officer records feedback at the counter, or an anonymous sender. */
const Sender = z.strictObject({
  fullName: PersonName(),
  phone: Phone.optional(),
  email: z.email().max(200).optional(),
  idNumber: z.string().regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số / 12-digit ID number').optional(),
  address: z.string().trim().min(5).max(500).optional(),
});

export const SubmitFeedbackRequest = z.strictObject({
  orgId: OrgId.optional().describe('The unit addressed; by default the linked dossier\'s receiving unit, or the procedure\'s only unit'),
  subject: NonEmptyText(300),
  content: NonEmptyText(10_000),
  dossierCode: z.string().trim().min(5).max(100).optional(),
  procedureCode: z.string().trim().min(1).max(64).optional(),
  attachments: z.array(UploadId).max(10).default([]),
  consentPublish: z.boolean(),
  sender: Sender.optional().describe('Required for anonymous senders and at the counter; a signed-in citizen is the sender'),
  otp: z.strictObject({ id: z.string().min(1).max(100), code: z.string().regex(/^\d{6}$/, '6 chữ số / 6 digits') }).optional().describe('Anonymous senders: the one-time code sent to sender.phone or sender.email'),
});

export const FeedbackActionParams = z.strictObject({ id: z.string().min(1).max(100), action: z.string().min(1).max(40) });
export const FeedbackIdParams = z.strictObject({ id: z.string().min(1).max(100) });
export const FeedbackCodeParams = z.strictObject({ code: FeedbackCode });

const Note = NonEmptyText(4000);
const Version = { expectedVersion: z.number().int().min(1).optional() };
export const FeedbackActionBodies = {
  accept: z.strictObject({ note: Note.optional(), ...Version }),
  assign: z.strictObject({ assigneeId: z.string().min(1).max(100), note: Note.optional(), ...Version }),
  transfer: z.strictObject({ toOrgId: OrgId, note: Note, ...Version }),
  request_info: z.strictObject({ note: Note, ...Version }),
  provide_info: z.strictObject({ content: Note, ...Version }),
  answer: z.strictObject({ answer: NonEmptyText(10_000), ...Version }),
  send_back: z.strictObject({ note: Note, ...Version }),
  approve: z.strictObject({ note: Note.optional(), ...Version }),
  publish: z.strictObject({ ...Version }),
  reject: z.strictObject({ reason: Note, ...Version }),
  return: z.strictObject({ reason: Note, ...Version }),
  rate: z.strictObject({ rating: z.enum(['satisfied', 'dissatisfied']), ...Version }),
  reopen: z.strictObject({ reason: Note, ...Version }),
} satisfies Record<(typeof FEEDBACK_ACTIONS)[number], z.ZodType>;

/** The sender without an account acts with the secret given at intake. */
export const SenderActionRequest = z.strictObject({
  secret: z.string().min(10).max(100),
  action: z.enum(['provide_info', 'rate', 'reopen']),
  content: Note.optional(),
  rating: z.enum(['satisfied', 'dissatisfied']).optional(),
  reason: Note.optional(),
});
export const SenderLookupQuery = z.strictObject({ secret: z.string().min(10).max(100) });

export const FeedbackHistoryEntry = z.object({
  seq: z.number().int(),
  action: z.string(),
  actorRole: z.string(),
  at: Instant,
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  note: z.string().nullable(),
  hash: z.string(),
});

const Dues = z.object({ rejectDueAt: Instant, infoDueAt: Instant, handleDueAt: Instant, publishDueAt: Instant.nullable() });

export const FeedbackView = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number().int(),
  status: z.enum(FEEDBACK_STATUSES),
  channel: z.enum(['online', 'anonymous', 'counter']),
  org: z.object({ id: z.string(), name: z.string() }),
  sender: z.object({ fullName: z.string(), phone: z.string().nullable(), email: z.string().nullable(), idNumber: z.string().nullable(), address: z.string().nullable() }),
  dossierCode: z.string().nullable(),
  procedureCode: z.string().nullable(),
  subject: z.string(),
  content: z.string(),
  attachments: z.array(z.string()),
  consentPublish: z.boolean(),
  assigneeId: z.string().nullable(),
  answer: z.string().nullable(),
  ruleVersion: z.string(),
  receivedAt: Instant,
  clockStartAt: Instant,
  dues: Dues,
  late: z.boolean(),
  handledAt: Instant.nullable(),
  handledOnTime: z.boolean().nullable(),
  publishedAt: Instant.nullable(),
  rating: z.enum(['satisfied', 'dissatisfied']).nullable(),
  reopened: z.boolean(),
  availableActions: z.array(z.enum(FEEDBACK_ACTIONS)),
  history: z.array(FeedbackHistoryEntry),
});
/** The answer to intake: the item, and for a sender without an account the secret to follow it (shown once). */
export const FeedbackCreated = FeedbackView.extend({ senderSecret: z.string().nullable() });

/** The officers a leader may assign an item to (its unit subtree's reception, specialists and leaders). */
export const FeedbackAssignees = z.object({
  items: z.array(z.object({ id: z.string(), fullName: z.string(), role: z.enum(['reception', 'specialist', 'leader']), orgId: z.string() })),
});

export const FeedbackListQuery = z.strictObject({
  status: z.enum(FEEDBACK_STATUSES).optional(),
  due: z.enum(['soon', 'late']).optional().describe('soon: handling due within 2 working days; late: past a deadline'),
  org: OrgId.optional(),
  ...Paging,
});
export const FeedbackListItem = z.object({
  id: z.string(),
  code: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  orgId: z.string(),
  subject: z.string(),
  receivedAt: Instant,
  handleDueAt: Instant,
  late: z.boolean(),
  assigneeId: z.string().nullable(),
  rating: z.enum(['satisfied', 'dissatisfied']).nullable(),
});
export const FeedbackList = z.object({ items: z.array(FeedbackListItem), total: z.number().int() });

export const PublicFeedbackQuery = z.strictObject({ q: z.string().trim().max(200).optional(), ...Paging });
export const PublicFeedbackItem = z.object({ code: z.string(), orgName: z.string(), subject: z.string(), question: z.string(), answer: z.string(), publishedAt: Instant });
export const PublicFeedbackList = z.object({ items: z.array(PublicFeedbackItem), total: z.number().int() });

export const FeedbackKpiQuery = z.strictObject({ org: OrgId.optional(), period: Period });
export const FeedbackKpis = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  period: z.string(),
  units: z.array(z.object({ orgId: z.string(), orgName: z.string(), received: z.number().int(), handled: z.number().int(), onTime: z.number().int(), late: z.number().int(), averageWorkingDays: z.number().nullable() })),
});
