import { describe, expect, it } from 'vitest';
import { blocksReturn, owedBy, payableLines, type FeeItem } from './fees.ts';
import { decideIpn } from './ipn.ts';

const item = (over: Partial<FeeItem>): FeeItem => ({
  id: 'f1', kind: 'le_phi', name: 'Lệ phí', amountVnd: 100_000, collectorOrgId: null, due: 'at_submission',
  exemptApplicantTypes: [], exemptCategories: [], legalBasis: null, effectiveFrom: '2025-01-01', effectiveTo: null, ...over,
});
const person = { type: 'individual', categories: [] as string[] };

describe('what a dossier owes', () => {
  it('takes the tariff in force on the day of submission', () => {
    const items = [item({ id: 'old', amountVnd: 50_000, effectiveTo: '2026-07-01' }), item({ id: 'new', amountVnd: 80_000, effectiveFrom: '2026-07-01' })];
    expect(owedBy(items, '2026-06-30', person, 'w', new Set()).outstandingVnd).toBe(50_000);
    expect(owedBy(items, '2026-07-01', person, 'w', new Set()).outstandingVnd).toBe(80_000);
  });

  it('applies exemptions by applicant type and by category, and subtracts what is paid', () => {
    const items = [item({ id: 'a', exemptApplicantTypes: ['organisation'] }), item({ id: 'b', due: 'before_result', amountVnd: 8_000, exemptCategories: ['nguoi_co_cong'] })];
    const org = owedBy(items, '2026-01-01', { type: 'organisation', categories: [] }, 'w', new Set());
    expect(org.lines.map((l) => [l.feeId, l.exempt, l.exemptBecause])).toEqual([['a', true, 'organisation'], ['b', false, null]]);
    expect([org.outstandingAtSubmissionVnd, org.outstandingBeforeResultVnd]).toEqual([0, 8_000]);
    expect(blocksReturn(org)).toBe(true);
    const veteran = owedBy(items, '2026-01-01', { type: 'individual', categories: ['nguoi_co_cong'] }, 'w', new Set(['a']));
    expect([veteran.outstandingVnd, veteran.hasFee, blocksReturn(veteran)]).toEqual([0, true, false]);
  });

  it('pays one collector at a time; the receiving unit collects when none is named', () => {
    const owed = owedBy([item({ id: 'a' }), item({ id: 'b', collectorOrgId: 'thue' }), item({ id: 'c', amountVnd: 0 })], '2026-01-01', person, 'w', new Set());
    expect(owed.lines.map((l) => l.collectorOrgId)).toEqual(['w', 'thue']);
    expect(payableLines(owed).map((l) => l.feeId)).toEqual(['a']);
  });
});

describe('the IPN decision', () => {
  const ok = { amount: '10000000', responseCode: '00', transactionStatus: '00' };
  it('answers with the gateway codes', () => {
    expect(decideIpn(null, ok).answer.rspCode).toBe('01');
    expect(decideIpn({ status: 'pending', amountVnd: 99_999 }, ok).answer.rspCode).toBe('04');
    expect(decideIpn({ status: 'pending', amountVnd: 100_000 }, { ...ok, amount: '1e7' }).answer.rspCode).toBe('04');
    expect(decideIpn({ status: 'pending', amountVnd: 100_000 }, ok)).toEqual({ kind: 'pay', answer: { rspCode: '00', message: 'Confirm Success' } });
    expect(decideIpn({ status: 'paid', amountVnd: 100_000 }, ok).answer.rspCode).toBe('02');
  });
  it('a failure is not final; a success is', () => {
    const failed = { ...ok, responseCode: '24', transactionStatus: '02' };
    expect(decideIpn({ status: 'pending', amountVnd: 100_000 }, failed).kind).toBe('fail');
    expect(decideIpn({ status: 'failed', amountVnd: 100_000 }, ok).kind).toBe('pay');
    expect(decideIpn({ status: 'paid', amountVnd: 100_000 }, failed)).toEqual({ kind: 'answer', answer: { rspCode: '02', message: 'Order already confirmed' } });
  });
});
