/**
 * The population-data check of a dossier's applicant (issue 18): for a procedure that uses the national
 * population database (catalogue: procedures.uses_population_db), the applicant's identity number is looked up
 * and the declared name, birth date and address compared with the registry's (./domain/compare.ts).
 * Automatically when the dossier arrives (an outbox handler on `dossier.submitted`; a lookup that could not be
 * made is recorded as `unavailable` and the message retried with the outbox's backoff), and on demand by an
 * officer who may see the dossier. Every check is recorded in `population_checks`.
 *
 * A mismatch WARNS, it does not block acceptance (docs/integrations.md): the law leaves verifying to the
 * receiving officer, who asks for a supplement or refuses when the declaration is wrong, and accepts when the
 * registry lags (an address changed last week) — with the mismatch shown beside the accept button and kept here.
 */
import type { AppContext } from '../../../context.ts';
import { DomainError, errors } from '../../../kernel/errors.ts';
import { outboxHandlers, registerOutboxHandler, type OutboxMessage, type OutboxRegistry } from '../../../platform/outbox/index.ts';
import type { PopulationChecksTable, PopulationDifference } from '../../../platform/db/schema-population.ts';
import type { SessionUser } from '../../identity/auth.ts';
import { positionOf } from '../../dossiers/view.ts';
import { canView } from '../../dossiers/domain/policy.ts';
import { vnIso } from '../../dossiers/view.ts';
import { markDossiers } from '../../measurement/dossier-marks.ts';
import { recordAudit } from '../../audit/audit.ts';
import { PopulationClient } from './client.ts';
import type { PopulationConfig } from './config.ts';
import { compareWithRegistry } from './domain/compare.ts';

export const HANDLER_NAME = 'population.check';
type Trigger = PopulationChecksTable['trigger'];
type Result = PopulationChecksTable['result'];

const clients = new WeakMap<PopulationConfig, PopulationClient>();
const clientFor = (config: PopulationConfig) => {
  let c = clients.get(config);
  if (!c) clients.set(config, (c = new PopulationClient(config)));
  return c;
};

interface CheckedDossier {
  id: string;
  code: string;
  usesPopulationDb: boolean;
  applicant: { type?: string; fullName: string; idNumber?: string; birthDate?: string; address?: string };
  receiving_org_id: string;
  current_org_id: string;
  applicant_id: string;
  walk_in_id_number: string | null;
}

async function loadDossier(ctx: AppContext, where: { id: string } | { code: string }): Promise<CheckedDossier | undefined> {
  let q = ctx.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .select(['dossiers.id', 'dossiers.code', 'dossiers.applicant', 'dossiers.receiving_org_id', 'dossiers.current_org_id', 'dossiers.applicant_id', 'dossiers.walk_in_id_number', 'procedures.uses_population_db']);
  q = 'id' in where ? q.where('dossiers.id', '=', where.id) : q.where('dossiers.code', '=', where.code);
  const r = await q.executeTakeFirst();
  return r ? { ...r, usesPopulationDb: r.uses_population_db, applicant: r.applicant as CheckedDossier['applicant'] } : undefined;
}

/** The dossier if this officer may see it; otherwise the same 404 as for a missing code (codes cannot be probed). */
async function visibleDossier(ctx: AppContext, user: SessionUser, code: string): Promise<CheckedDossier> {
  const d = await loadDossier(ctx, { code });
  if (!d) throw errors.notFound('dossier', code);
  const held = (await ctx.db.selectFrom('dossier_orgs').select('org_id').where('dossier_id', '=', d.id).execute()).map((r) => r.org_id);
  if (!canView(positionOf(await ctx.orgs.snapshot(), user, d, held))) throw errors.notFound('dossier', code);
  return d;
}

/** Only an individual applicant with an identity number can be looked up. */
const checkable = (d: CheckedDossier) => d.applicant.type !== 'organisation' && typeof d.applicant.idNumber === 'string' && /^\d{12}$/.test(d.applicant.idNumber);

/** One lookup and its record. Never throws for the outside system's failures: they are `unavailable`. */
async function runCheck(ctx: AppContext, d: CheckedDossier, config: PopulationConfig, trigger: Trigger, by: SessionUser | null, deliveryKey: string | null) {
  const found = await clientFor(config).lookup(d.applicant.idNumber!, d.code);
  let result: Result;
  let differences: PopulationDifference[] = [];
  let error: string | null = null;
  if (found.kind === 'found') {
    differences = compareWithRegistry({ fullName: d.applicant.fullName, birthDate: d.applicant.birthDate, address: d.applicant.address }, found.person);
    result = differences.length === 0 ? 'match' : 'mismatch';
  } else if (found.kind === 'not_found') result = 'not_found';
  else {
    result = 'unavailable';
    error = found.reason.slice(0, 300);
  }
  const at = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('population_checks').values({ dossier_id: d.id, checked_at: at, trigger, result, differences: JSON.stringify(differences), checked_by: by?.id ?? null, delivery_key: deliveryKey, error }).execute();
    // An officer's lookup reads a person's data from the national registry: in the audit log, with what it
    // found and which fields differed (the names of the fields, never their values).
    if (by) await recordAudit(trx, ctx, by, { action: 'population.lookup', subjectType: 'dossier', subjectId: d.code, orgId: d.receiving_org_id, details: { result, differingFields: differences.map((x) => x.field) } });
    // 766 criterion 4.7: the dossier used the population database, counted once however often it is checked.
    if (result !== 'unavailable') await markDossiers(trx, [{ dossierId: d.id, mark: 'population_checked', at }]);
  });
  return { result, error };
}

/** The outbox handler on `dossier.submitted`: checks a new dossier of a procedure that uses the registry. */
export async function checkOnArrival(message: OutboxMessage, ctx: AppContext): Promise<void> {
  const config = ctx.config.population;
  if (!config) throw new Error('population check: not configured (MOTCUA_POPULATION_URL)');
  const d = await loadDossier(ctx, { id: String(message.payload.dossierId) });
  if (!d) throw new Error(`population check: no dossier ${String(message.payload.dossierId)}`);
  if (!d.usesPopulationDb || !checkable(d)) return;
  // Delivered again after a check was recorded (a crash before the delivery was): do not look up twice.
  const done = await ctx.db.selectFrom('population_checks').select('id').where('delivery_key', '=', message.deliveryKey).where('result', '<>', 'unavailable').executeTakeFirst();
  if (done) return;
  const { result, error } = await runCheck(ctx, d, config, 'arrival', null, message.deliveryKey);
  // Thrown so the outbox retries with backoff and shows the reason to operators (no personal data in it).
  if (result === 'unavailable') throw new Error(`population check of ${d.code}: could not check (${error})`);
}

/** Registers the check on arrival (src/main.ts, when the service is configured; tests with their own registry). */
export function registerPopulationCheck(registry: OutboxRegistry = outboxHandlers): void {
  if (registry.handlers('dossier.submitted').some(([name]) => name === HANDLER_NAME)) return;
  registerOutboxHandler('dossier.submitted', HANDLER_NAME, checkOnArrival, registry);
}

const FIELD_OF: Record<PopulationDifference['field'], 'fullName' | 'birthDate' | 'address'> = { fullName: 'fullName', birthDate: 'birthDate', address: 'address' };

/** The checks of a dossier as its officers see them: each difference with the declared value beside the registry's. */
export async function populationChecksOf(ctx: AppContext, user: SessionUser, code: string) {
  const d = await visibleDossier(ctx, user, code);
  return viewOf(ctx, d);
}

async function viewOf(ctx: AppContext, d: CheckedDossier) {
  const rows = await ctx.db.selectFrom('population_checks as c').leftJoin('users as u', 'u.id', 'c.checked_by')
    .select(['c.id', 'c.checked_at', 'c.trigger', 'c.result', 'c.differences', 'c.error', 'u.full_name'])
    .where('c.dossier_id', '=', d.id).orderBy('c.checked_at', 'desc').orderBy('c.id', 'desc').limit(50).execute();
  const checks = rows.map((r) => ({
    at: vnIso(r.checked_at)!,
    trigger: r.trigger,
    result: r.result,
    differences: r.differences.map((x) => ({ field: x.field, declared: d.applicant[FIELD_OF[x.field]] ?? null, registry: x.registry })),
    checkedBy: r.full_name ?? null,
    error: r.error,
  }));
  return {
    code: d.code,
    applies: d.usesPopulationDb,
    connected: ctx.config.population !== null,
    identityNumberGiven: checkable(d),
    latest: checks[0] ?? null,
    checks,
  };
}

/** An officer's check now (POST /api/dossiers/:code/population-check): recorded whatever its result. */
export async function checkDossierNow(ctx: AppContext, user: SessionUser, code: string) {
  const d = await visibleDossier(ctx, user, code);
  const config = ctx.config.population;
  if (!d.usesPopulationDb) {
    throw new DomainError('population-check-not-used', 409, { vi: 'Thủ tục của hồ sơ này không sử dụng CSDL quốc gia về dân cư.', en: "This dossier's procedure does not use the national population database." });
  }
  if (!config) {
    throw new DomainError('population-not-connected', 409, { vi: 'Hệ thống chưa kết nối CSDL quốc gia về dân cư.', en: 'The national population database is not connected.' });
  }
  if (!checkable(d)) {
    throw new DomainError('population-no-identity-number', 409, { vi: 'Người nộp hồ sơ không khai số định danh cá nhân nên không thể đối chiếu.', en: 'The applicant gave no personal identity number, so there is nothing to look up.' });
  }
  await runCheck(ctx, d, config, 'officer', user, null);
  return viewOf(ctx, d);
}

/**
 * Checks made before this system kept them (the demo's year of history, src/demo/demo-population.ts): recorded
 * as `history`, with no lookup and no differences, in batches. A dossier that has a check already is skipped.
 * Returns how many were recorded.
 */
export async function recordHistoricalChecks(ctx: AppContext, checks: Array<{ dossierId: string; at: Date; result: 'match' | 'not_found' }>): Promise<number> {
  let n = 0;
  for (let i = 0; i < checks.length; i += 500) {
    const chunk = checks.slice(i, i + 500);
    const has = new Set((await ctx.db.selectFrom('population_checks').select('dossier_id').where('dossier_id', 'in', chunk.map((c) => c.dossierId)).execute()).map((r) => r.dossier_id));
    const rows = chunk.filter((c) => !has.has(c.dossierId)).map((c) => ({ dossier_id: c.dossierId, checked_at: c.at, trigger: 'history' as const, result: c.result, differences: '[]', checked_by: null, delivery_key: null, error: null }));
    if (rows.length > 0) {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('population_checks').values(rows).execute();
        await markDossiers(trx, rows.map((r) => ({ dossierId: r.dossier_id, mark: 'population_checked' as const, at: r.checked_at })));
      });
    }
    n += rows.length;
  }
  return n;
}
