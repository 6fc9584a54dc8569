/**
 * What a dossier owes, and when: a pure function of the procedure's fee items in force on the day the
 * dossier was submitted, the applicant's type and categories, and the items already paid.
 */
export type FeeDue = 'at_submission' | 'before_result';

export interface FeeItem {
  id: string;
  kind: 'phi' | 'le_phi';
  name: string;
  amountVnd: number;
  /** null: the unit that received the dossier collects it. */
  collectorOrgId: string | null;
  due: FeeDue;
  exemptApplicantTypes: readonly string[];
  exemptCategories: readonly string[];
  legalBasis: string | null;
  /** Vietnam dates (YYYY-MM-DD); effectiveTo exclusive, null: open-ended. */
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface Applicant {
  type: string;
  /** Categories the applicant declared (e.g. 'nguoi_co_cong'); see docs/payments.md. */
  categories: readonly string[];
}

export interface OwedLine {
  feeId: string;
  kind: 'phi' | 'le_phi';
  name: string;
  amountVnd: number;
  collectorOrgId: string;
  due: FeeDue;
  exempt: boolean;
  /** Why it is not owed: the exempting applicant type or category. */
  exemptBecause: string | null;
  paid: boolean;
}

export interface Owed {
  lines: OwedLine[];
  /** Sum of the lines neither exempt nor paid. */
  outstandingVnd: number;
  outstandingAtSubmissionVnd: number;
  outstandingBeforeResultVnd: number;
  /** True when some line is owed at all (exempt or not). */
  hasFee: boolean;
}

/** The items in force on a Vietnam date (YYYY-MM-DD). */
export function itemsInForce(items: readonly FeeItem[], day: string): FeeItem[] {
  return items.filter((i) => i.effectiveFrom <= day && (i.effectiveTo === null || day < i.effectiveTo));
}

export function owedBy(items: readonly FeeItem[], submittedDay: string, applicant: Applicant, receivingOrgId: string, paidFeeIds: ReadonlySet<string>): Owed {
  const lines = itemsInForce(items, submittedDay)
    .filter((i) => i.amountVnd > 0)
    .map((i): OwedLine => {
      const byType = i.exemptApplicantTypes.includes(applicant.type) ? applicant.type : null;
      const byCategory = i.exemptCategories.find((c) => applicant.categories.includes(c)) ?? null;
      const exemptBecause = byType ?? byCategory;
      return {
        feeId: i.id, kind: i.kind, name: i.name, amountVnd: i.amountVnd, collectorOrgId: i.collectorOrgId ?? receivingOrgId,
        due: i.due, exempt: exemptBecause !== null, exemptBecause, paid: paidFeeIds.has(i.id),
      };
    });
  const open = lines.filter((l) => !l.exempt && !l.paid);
  const sum = (ls: OwedLine[]) => ls.reduce((s, l) => s + l.amountVnd, 0);
  return {
    lines,
    outstandingVnd: sum(open),
    outstandingAtSubmissionVnd: sum(open.filter((l) => l.due === 'at_submission')),
    outstandingBeforeResultVnd: sum(open.filter((l) => l.due === 'before_result')),
    hasFee: lines.length > 0,
  };
}

/** The lines one payment covers: every outstanding line collected by one unit (a payment goes to one collector). */
export function payableLines(owed: Owed): OwedLine[] {
  const open = owed.lines.filter((l) => !l.exempt && !l.paid);
  const collector = open[0]?.collectorOrgId;
  return open.filter((l) => l.collectorOrgId === collector);
}

/** The return guard's rule: a fee due before the result that is neither paid nor exempt blocks returning it. */
export const blocksReturn = (owed: Owed): boolean => owed.outstandingBeforeResultVnd > 0;
