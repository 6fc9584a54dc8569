/**
 * The one way a message is put in the outbox. Every message carries the request that wrote it
 * (column request_id, migration 040; null outside a request: CLI, worker, jobs), so a delivery seen
 * in the outbox is traced to the request and its log lines without each module passing the id along.
 * A guard test (test/outbox-writes.test.ts) keeps every other file from inserting into the outbox.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { json } from '../db/db.ts';
import { precompiled } from '../db/precompiled.ts';
import { currentRequestId } from '../observability/request-context.ts';

export interface OutboxEntry {
  topic: string;
  /** Stored as JSON text. */
  payload: object;
  /** The message's created_at: the command's clock, not the database's. */
  at: Date;
}

/** The row written for an entry, with the current request's id. */
export function outboxRow(entry: OutboxEntry): { topic: string; payload: string; created_at: Date; request_id: string | null } {
  return { topic: entry.topic, payload: json(entry.payload), created_at: entry.at, request_id: currentRequestId() };
}

/**
 * The insert of one message or several (one statement), to execute in the command's transaction
 * (`await writeOutbox(trx, …).execute()`) or to pass to writeTogether.
 */
export function writeOutbox(db: Kysely<DB>, entries: OutboxEntry | readonly OutboxEntry[]) {
  const list: readonly OutboxEntry[] = Array.isArray(entries) ? entries : [entries as OutboxEntry];
  return db.insertInto('outbox').values(list.map(outboxRow));
}

const insertOutboxRow = precompiled((q, p: ReturnType<typeof outboxRow>) =>
  q.insertInto('outbox').values({ topic: p.topic, payload: p.payload, created_at: p.created_at, request_id: p.request_id }),
);

/** The same insert of one message compiled once (src/platform/db/precompiled.ts), for the dossier write path's batch. */
export const precompiledOutboxWrite = (entry: OutboxEntry) => insertOutboxRow(outboxRow(entry));
