/**
 * Typed domain errors. Each has a stable code (part of the API contract), an HTTP status and a
 * message in Vietnamese and English; the server turns them into RFC 9457 problem+json.
 */

export interface Message {
  vi: string;
  en: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423 | 429 | 502 | 503;

export interface FieldIssue {
  path: string; // JSON pointer-ish dotted path, e.g. "applicant.idNumber"
  message: Message;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: ErrorStatus,
    readonly detail: Message,
    readonly issues: FieldIssue[] = [],
    /** Extra members of the problem body (RFC 9457 extensions), e.g. the current state on a conflict. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail.en);
    this.name = 'DomainError';
  }
}

export const errors = {
  notAllowedInState: (action: string, status: string) =>
    new DomainError('action-not-allowed-in-state', 409, {
      vi: `Không thể thực hiện thao tác "${action}" khi hồ sơ đang ở trạng thái "${status}".`,
      en: `The action "${action}" is not allowed while the dossier is "${status}".`,
    }),
  forbiddenAction: (action: string) =>
    new DomainError('forbidden', 403, {
      vi: `Bạn không có quyền thực hiện thao tác "${action}" trên hồ sơ này.`,
      en: `You may not perform "${action}" on this dossier.`,
    }),
  supplementAlreadyRequested: () =>
    new DomainError('supplement-already-requested', 409, {
      vi: 'Hồ sơ đã được yêu cầu bổ sung một lần. Theo quy định chỉ yêu cầu bổ sung một lần; lãnh đạo có thể cho phép yêu cầu lại (hồ sơ khi đó bị tính là quá hạn).',
      en: 'A supplement was already requested once. The rules allow one request; a leader may override, and the dossier then counts as overdue.',
    }),
  overrideNeedsLeader: () =>
    new DomainError('override-requires-leader', 403, {
      vi: 'Chỉ lãnh đạo mới được cho phép yêu cầu bổ sung lần thứ hai.',
      en: 'Only a leader may allow a second supplement request.',
    }),
  invalidStep: (step: number) =>
    new DomainError('invalid-step', 422, { vi: `Bước xử lý ${step} không hợp lệ cho thao tác này.`, en: `Step ${step} is not valid for this action.` }, [
      { path: 'toStep', message: { vi: 'Bước không hợp lệ', en: 'Invalid step' } },
    ]),
  notLastStep: () =>
    new DomainError('not-last-step', 409, {
      vi: 'Chỉ hoàn thành hồ sơ ở bước cuối của quy trình nội bộ.',
      en: 'A dossier is completed only at the last step of its internal process.',
    }),
  wrongStepRole: (role: string) =>
    new DomainError('wrong-step-role', 403, {
      vi: `Bước hiện tại do vai trò "${role}" xử lý.`,
      en: `The current step is handled by the role "${role}".`,
    }),
  appointmentNotLater: () =>
    new DomainError('appointment-not-later', 422, {
      vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại.',
      en: 'The new appointment must be later than the current one and than now.',
    }, [{ path: 'newAppointmentAt', message: { vi: 'Phải sau ngày hẹn hiện tại', en: 'Must be after the current appointment' } }]),
  noAppointment: () =>
    new DomainError('no-appointment', 409, { vi: 'Hồ sơ chưa được tiếp nhận nên chưa có ngày hẹn.', en: 'The dossier has not been accepted and has no appointment yet.' }),
  notFound: (what: string, id: string) =>
    new DomainError('not-found', 404, { vi: `Không tìm thấy ${whatVi[what] ?? what} "${id}".`, en: `No ${what} "${id}".` }),
};

const whatVi: Record<string, string> = {
  dossier: 'hồ sơ',
  procedure: 'thủ tục',
  organisation: 'cơ quan',
  upload: 'tệp đính kèm',
  user: 'người dùng',
  route: 'đường dẫn',
  draft: 'bản nháp',
  file: 'tệp',
};
