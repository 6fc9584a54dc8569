/** Kysely table types of the identity module (accounts, sessions, sign-in failures, password resets, ID-number moves); merged into the DB type in schema.ts. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type DefaultedTimestamp = ColumnType<Date, Date | undefined, Date>;

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  full_name: string;
  role: 'citizen' | 'reception' | 'specialist' | 'leader' | 'admin' | 'manager';
  org_id: string | null;
  id_number: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  /** The highest level of electronic identity VNeID asserted for this person, 1 or 2 (034); null: none. */
  identity_level: Generated<number | null>;
}

export interface SessionsTable {
  token_hash: string;
  /** Shown to the user to list and end sessions; never the token (migration 014). */
  id: Generated<string>;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Date | null;
  user_agent: string | null;
  address: string | null;
  /** The level of electronic identity this sign-in proved (VNeID, 034); null: a password session. */
  identity_level: Generated<number | null>;
}

export interface LoginFailuresTable {
  username: string;
  failures: number;
  window_start: Timestamp;
  last_failure_at: Timestamp;
  locked_until: Date | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  issued_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface IdBindingMovesTable {
  id: Generated<string>;
  id_number: string;
  from_user_id: string | null;
  to_user_id: string | null;
  moved_by: string | null;
  reason: string;
  moved_at: Timestamp;
}

export interface IdentityTables {
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  password_resets: PasswordResetsTable;
  id_binding_moves: IdBindingMovesTable;
}
