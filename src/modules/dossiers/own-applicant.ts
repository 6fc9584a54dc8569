/**
 * A citizen submits online for themselves (issue 14: "citizens cannot submit on someone else's behalf
 * unless authorised" — authorisation is a later issue). The applicant's identity comes from the account:
 * an individual applicant's name must be the account's name, and the ID number the one bound to the
 * account; an ID number bound to another account is someone else's. Reception at the counter
 * (channel "counter") is for the person present and does not pass here.
 */
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';

export interface OwnAccount {
  fullName: string;
  idNumber: string | null;
}

export interface SubmittedApplicant {
  type: 'individual' | 'organisation';
  fullName: string;
  idNumber?: string | undefined;
}

/** The same name as written by another hand: Unicode form, spaces and letter case do not count; diacritics do. */
const sameName = (a: string, b: string) => {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return norm(a) === norm(b);
};

/**
 * The issues of an online submission whose applicant is not the account holder. `heldBy` says whether the
 * submitted ID number is bound to another account ('other'), to this one or to none.
 */
export function notOwnApplicantIssues(account: OwnAccount, applicant: SubmittedApplicant, heldBy: 'other' | 'self' | 'none'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const id = applicant.idNumber;
  if (id !== undefined && ((account.idNumber !== null && id !== account.idNumber) || heldBy === 'other')) {
    issues.push({
      path: 'applicant.idNumber',
      message: {
        vi: account.idNumber
          ? `Số định danh phải là số đã gắn với tài khoản của bạn (${account.idNumber}). Bạn chỉ nộp trực tuyến cho chính mình; người khác nộp bằng tài khoản của họ hoặc tại bộ phận một cửa.`
          : 'Số định danh này đã gắn với tài khoản của người khác. Bạn chỉ nộp trực tuyến cho chính mình; người khác nộp bằng tài khoản của họ hoặc tại bộ phận một cửa.',
        en: account.idNumber
          ? `The ID number must be the one bound to your account (${account.idNumber}). You submit online only for yourself; others submit with their own account or at the one-stop desk.`
          : 'This ID number is bound to someone else’s account. You submit online only for yourself; others submit with their own account or at the one-stop desk.',
      },
    });
  }
  if (applicant.type === 'individual' && !sameName(applicant.fullName, account.fullName)) {
    issues.push({
      path: 'applicant.fullName',
      message: {
        vi: `Họ tên người nộp phải là họ tên của tài khoản (${account.fullName}). Bạn chỉ nộp trực tuyến cho chính mình.`,
        en: `The applicant's name must be your account's name (${account.fullName}). You submit online only for yourself.`,
      },
    });
  }
  return issues;
}

export const notOwnApplicant = (issues: FieldIssue[]) =>
  new DomainError(
    'not-own-applicant',
    403,
    {
      vi: 'Công dân chỉ nộp hồ sơ trực tuyến cho chính mình: họ tên và số định danh của người nộp lấy từ tài khoản. Nộp thay người khác cần được ủy quyền (chưa hỗ trợ) hoặc nộp tại bộ phận một cửa.',
      en: 'A citizen submits online only for themselves: the applicant’s name and ID number come from the account. Submitting for someone else needs an authorisation (not supported yet) or the one-stop desk.',
    },
    issues,
  );
