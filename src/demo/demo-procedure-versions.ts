/**
 * Demo versions of the demo procedures (DỮ LIỆU MẪU — sample decisions, not real ones): each procedure's first
 * version, announced for the two-level local government in force from 1/7/2025, with its decision number and
 * dates, so the demo city's 766 page measures criteria 1.1 and 1.2 (migration 036). Most were announced and
 * put on the national database in time; a few deliberately were not:
 * - every fifth procedure's decision is dated 27/6/2025, after 24/6 (5 working days before 1/7): 1.1 late;
 * - every sixth (from the fifth) was put on the national database on 26/6/2025, after 23/6 (5 working days
 *   after a decision of 16/6): 1.2 late.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { insertVersion, statutoryPartsOf } from '../modules/catalogue/versions.ts';
import { DEMO_PROCEDURES } from './demo-procedures.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';

const EFFECTIVE = '2025-07-01';
const PUBLISHED = '2025-06-30';

export function demoVersionDates(i: number): { decisionNumber: string; decisionDate: string; nationalUpdatedOn: string } {
  const lateDecision = i % 5 === 3;
  const lateNational = i % 6 === 4;
  return {
    decisionNumber: lateDecision ? '2568/QĐ-UBND' : '2412/QĐ-UBND',
    decisionDate: lateDecision ? '2025-06-27' : '2025-06-16',
    nationalUpdatedOn: lateNational ? (lateDecision ? '2025-07-10' : '2025-06-26') : lateDecision ? '2025-06-30' : '2025-06-18',
  };
}

export async function seedDemoProcedureVersions(trx: Transaction<DB>): Promise<void> {
  const orgName = new Map(DEMO_ORGANISATIONS.map((o) => [o.id, o.name]));
  for (const [i, p] of DEMO_PROCEDURES.entries()) {
    const dates = demoVersionDates(i);
    const agencies = p.receivedAt === 'wards' ? ['Ủy ban nhân dân cấp xã'] : p.receivedAt.map((id) => orgName.get(id) ?? id);
    await insertVersion(trx, {
      code: p.code,
      version: 1,
      source: 'import',
      changes: [],
      parts: statutoryPartsOf({ ...p, fieldCode: p.field }, agencies),
      meta: { decisionNumber: dates.decisionNumber, decisionDate: dates.decisionDate, effectiveDate: EFFECTIVE, nationalUpdatedOn: dates.nationalUpdatedOn },
      publishedOn: PUBLISHED,
      importId: null,
      userId: null,
      at: new Date(`${PUBLISHED}T00:00:00+07:00`),
    });
  }
}
