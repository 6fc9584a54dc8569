/**
 * The audit log beyond dossiers (Decree 13/2023 on personal data protection): who changed users,
 * roles, procedures, calendars, organisations, trusted CAs, signing keys, who imported dossiers, and
 * which staff member read or exported personal data (dossier views, forms and registers as PDF,
 * attachments, dossier lists). Dossier actions have their own log (dossier_actions).
 *
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (migration 013) and no route edits.
 * Hash-chained: each entry's hash is chainHash(previous hash, entry) — the function the dossier log
 * uses — so an edit made with the trigger disabled shows in `motcua verify-audit`.
 *
 * Appending locks the single head row (audit_head), so concurrent appends — in this process or
 * another — queue there and the chain never forks; the lock holds until the appending transaction
 * commits. Appends outside a transaction (staff reads, on the hot path) are grouped: those arriving
 * while a batch is being written go together in the next, one commit for all.
 *
 * What goes in `details`: for configuration, the fields changed and their new values; for reads of
 * personal data, identifiers only (a dossier code, a document kind), never the personal data read.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { chainHash, GENESIS_HASH } from '../../kernel/hash-chain.ts';
import { writeTogether } from '../../platform/db/write-together.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { AuditLogTable } from '../../platform/db/schema-audit.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';

export type AuditExecutor = Kysely<DB> | Transaction<DB>;


export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId: string;
  /** The organisation the subject belongs to (null: city-wide, e.g. the national calendar, a CA). */
  orgId: string | null;
  details?: Record<string, unknown>;
}

/** An entry as hashed: exactly these keys, in canonical JSON. */
export interface AuditEntry {
  seq: number;
  at: string; // ISO instant
  actorId: string | null;
  actorRole: string | null;
  actorOrgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  orgId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
}

/** JSON as jsonb will return it: NUL and lone surrogates (refused by jsonb) replaced, undefined dropped. */
function jsonbSafe(details: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(details, (_k, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\ufffd').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : v));
  return JSON.parse(text) as Record<string, unknown>;
}

interface Waiting {
  entry: Omit<AuditEntry, 'seq'>;
  resolve: (r: { seq: number; hash: string }) => void;
  reject: (e: unknown) => void;
}

/**
 * Appends entries after the chain's head: locks the head row (concurrent appenders, in this process
 * or another, queue here, so the chain never forks), chains each entry with chainHash, and writes the
 * entries and the new head in one statement. Runs in the caller's transaction; the lock holds until
 * it commits.
 */
async function appendEntries(trx: Transaction<DB>, entries: Array<Omit<AuditEntry, 'seq'>>): Promise<Array<{ seq: number; hash: string }>> {
  const head = (await sql<{ seq: string | number; hash: string }>`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx)).rows[0];
  if (!head) throw new Error('audit: the chain head is missing (migration 013 not applied?)');
  let seq = Number(head.seq);
  let prev = head.hash;
  const rows = entries.map((e) => {
    seq += 1;
    const hash = chainHash(prev, { ...e, seq });
    const row = {
      seq,
      at: new Date(e.at),
      actor_id: e.actorId,
      actor_role: e.actorRole,
      actor_org_id: e.actorOrgId,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      org_id: e.orgId,
      details: JSON.stringify(e.details),
      request_id: e.requestId,
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
  const last = rows[rows.length - 1]!;
  await writeTogether(trx, [trx.insertInto('audit_log').values(rows), trx.updateTable('audit_head').set({ seq: last.seq, prev_hash: last.prev_hash, hash: last.hash }).where('id', '=', 1)]);
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

/**
 * Group commit for appends outside a transaction (staff reads, the hot path): while one batch is
 * being written, the entries that arrive wait and go together in the next — one transaction and one
 * WAL flush for all of them instead of one each, all queued on the head row. Each caller still waits
 * for its own entry to be committed, so a read is never answered unrecorded.
 */
class AuditAppender {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Kysely<DB>) {}

  append(entry: Omit<AuditEntry, 'seq'>): Promise<{ seq: number; hash: string }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain() {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 500);
        try {
          const results = await this.db.transaction().execute((trx) => appendEntries(trx, batch.map((w) => w.entry)));
          batch.forEach((w, i) => w.resolve(results[i]!));
        } catch (e) {
          if (batch.length === 1) batch[0]!.reject(e);
          // One bad entry must not fail the others: each alone, so only its own caller sees the error.
          else for (const w of batch) await this.db.transaction().execute((trx) => appendEntries(trx, [w.entry])).then((r) => w.resolve(r[0]!), w.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

const appenders = new WeakMap<Kysely<DB>, AuditAppender>();

/**
 * Appends one entry, by `user` (null: the system or the command line). In a transaction (`executor`
 * is one), the entry commits or rolls back with the change it records — call it last there, the
 * chain's head stays locked until the commit. Outside one, it is grouped with concurrent appends.
 */
export async function recordAudit(executor: AuditExecutor, ctx: AppContext, user: SessionUser | null, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const entry: Omit<AuditEntry, 'seq'> = {
    at: ctx.clock().toISOString(),
    actorId: user?.id ?? null,
    actorRole: user?.role ?? null,
    actorOrgId: user?.orgId ?? null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    orgId: input.orgId,
    details: jsonbSafe(input.details ?? {}),
    requestId: ctx.requestId ?? null,
  };
  if (executor.isTransaction) return (await appendEntries(executor as Transaction<DB>, [entry]))[0]!;
  const db = executor as Kysely<DB>;
  let appender = appenders.get(db);
  if (!appender) {
    appender = new AuditAppender(db);
    appenders.set(db, appender);
  }
  return appender.append(entry);
}

/** Staff (anyone but the citizen reading their own file) reading personal data is audited. */
export const isStaff = (user: SessionUser | null): user is SessionUser => !!user && user.role !== 'citizen';

type AuditRow = Selectable<AuditLogTable>;

export function rowToEntry(r: AuditRow): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    actorOrgId: r.actor_org_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    orgId: r.org_id,
    details: r.details,
    requestId: r.request_id,
  };
}

export interface AuditVerification {
  entries: number;
  /** The seq of the first entry whose link or hash does not hold; null when the chain holds. */
  brokenAt: number | null;
  /** The head row disagrees with the last entry: entries removed from the end, or the head edited. */
  headMismatch: boolean;
}

/** Recomputes every hash in order, a page at a time, and compares the last with the head row. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
    for (const r of page) {
      const entry = rowToEntry(r);
      // A gap (an entry removed) or a duplicate shows as a wrong number even when hashes were redone.
      if (entry.seq !== expectedSeq || r.prev_hash !== prev || chainHash(prev, entry) !== r.hash) {
        return { entries: entries + 1, brokenAt: entry.seq, headMismatch: false };
      }
      prev = r.hash;
      expectedSeq++;
      entries++;
    }
    if (page.length < 2000) break;
    after = Number(page[page.length - 1]!.seq);
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const headMismatch = !head || Number(head.seq) !== entries || head.hash !== prev;
  return { entries, brokenAt: null, headMismatch };
}

// ——— Search and export (administrators) ———

export interface AuditFilters {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  subject?: string;
  org?: string;
}

const PAGE_SIZE = 50;
export const EXPORT_LIMIT = 100_000;

const forbidden = () => new DomainError('forbidden', 403, { vi: 'Cơ quan này không thuộc phạm vi của bạn.', en: 'This organisation is outside your scope.' });

/** The date bound as an instant: a date alone is a whole day in Vietnam time (UTC+7). */
function bound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00+07:00`);
    return end ? new Date(start.getTime() + 86_400_000) : start;
  }
  return new Date(value);
}

/**
 * The filtered, scoped query. A city-level administrator sees every entry; one lower in the tree sees
 * entries whose organisation is in their subtree (not city-wide entries, whose org is null).
 */
async function scopedQuery(ctx: AppContext, admin: SessionUser, f: AuditFilters) {
  const orgs = await ctx.orgs.snapshot();
  const home = admin.orgId ? orgs.find(admin.orgId) : undefined;
  if (!home) throw forbidden();
  const cityLevel = orgs.isRoot(home.id);
  let within: string | null = cityLevel ? null : home.id;
  if (f.org) {
    const org = orgs.find(f.org);
    if (!org || !orgs.covers(admin.orgId, org.id)) throw forbidden();
    within = org.id;
  }
  let q = ctx.db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id');
  // The subtree as it is today (src/modules/organisations/domain/tree.ts), like every other scope.
  if (within !== null) q = q.where('audit_log.org_id', 'in', orgs.subtreeIds(within));
  if (f.from) q = q.where('audit_log.at', '>=', bound(f.from, false));
  if (f.to) q = q.where('audit_log.at', '<', bound(f.to, true));
  if (f.actor) {
    const byName = await ctx.db.selectFrom('users').select('id').where('username', '=', f.actor.toLowerCase()).executeTakeFirst();
    q = q.where('audit_log.actor_id', '=', byName?.id ?? f.actor);
  }
  if (f.action) q = f.action.endsWith('.') ? q.where('audit_log.action', 'like', `${f.action.replace(/[\\%_]/g, '\\$&')}%`) : q.where('audit_log.action', '=', f.action);
  if (f.subject) q = q.where('audit_log.subject_id', '=', f.subject);
  return q.selectAll('audit_log').select('users.username as actor_username');
}

export interface AuditItem extends AuditEntry {
  /** The actor's username today (not part of the hashed entry, which names the user by id). */
  actorUsername: string | null;
  hash: string;
}

const toItem = (r: AuditRow & { actor_username: string | null }): AuditItem => ({ ...rowToEntry(r), actorUsername: r.actor_username, hash: r.hash });

export async function searchAudit(ctx: AppContext, admin: SessionUser, filters: AuditFilters, page: number) {
  const q = await scopedQuery(ctx, admin, filters);
  const rows = await q.orderBy('audit_log.seq', 'desc').limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE).execute();
  return { page, pageSize: PAGE_SIZE, hasMore: rows.length > PAGE_SIZE, items: rows.slice(0, PAGE_SIZE).map((r) => toItem(r)) };
}

/** A spreadsheet must not run a cell as a formula: one starting with = + - @ (or a tab/CR) gets a '. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = ['seq', 'at', 'actorId', 'actorUsername', 'actorRole', 'actorOrgId', 'action', 'subjectType', 'subjectId', 'orgId', 'details', 'requestId', 'hash'] as const;

/**
 * Every matching entry (oldest first, at most EXPORT_LIMIT) as CSV or NDJSON. The export is itself
 * audited, after the rows are read, so it does not list itself.
 */
export async function exportAudit(ctx: AppContext, admin: SessionUser, filters: AuditFilters, format: 'csv' | 'ndjson'): Promise<{ body: string; rows: number; truncated: boolean }> {
  const q = await scopedQuery(ctx, admin, filters);
  const rows = await q.orderBy('audit_log.seq').limit(EXPORT_LIMIT + 1).execute();
  const truncated = rows.length > EXPORT_LIMIT;
  const items = rows.slice(0, EXPORT_LIMIT).map((r) => toItem(r));
  const body =
    format === 'ndjson'
      ? items.map((i) => JSON.stringify(i)).join('\n') + (items.length ? '\n' : '')
      : [CSV_COLUMNS.join(','), ...items.map((i) => CSV_COLUMNS.map((c) => csvCell(i[c])).join(','))].join('\r\n') + '\r\n';
  await recordAudit(ctx.db, ctx, admin, {
    action: 'audit.export',
    subjectType: 'audit_log',
    subjectId: 'audit_log',
    orgId: filters.org ?? admin.orgId,
    details: { format, rows: items.length, truncated, filters: { ...filters } },
  });
  return { body, rows: items.length, truncated };
}
