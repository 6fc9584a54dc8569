/** Kysely table types of the outbox (src/platform/outbox/: messages and their deliveries per handler, migrations 016, 040); merged into the DB type in schema.ts. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  delivered_at: Date | null;
  attempts: Generated<number>;
  status: Generated<'pending' | 'delivered' | 'dead'>;
  next_attempt_at: Date | null;
  last_error: string | null;
  claimed_at: Date | null;
  claimed_by: string | null;
  dead_at: Date | null;
  /** The HTTP request that wrote it (migration 040); null outside a request. */
  request_id: Generated<string | null>;
}

export interface OutboxDeliveriesTable {
  message_id: string;
  handler: string;
  delivered_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface OutboxTables {
  outbox: OutboxTable;
  outbox_deliveries: OutboxDeliveriesTable;
}
