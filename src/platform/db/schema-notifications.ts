/** Kysely table types of the notifications module and the outbox's periodic jobs (migration 033_notifications.sql); kept apart from schema.ts like schema-feedback.ts. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export interface JobsTable {
  name: string;
  interval_seconds: number;
  next_run_at: Timestamp;
  leased_until: Date | null;
  leased_by: string | null;
  last_run_at: Date | null;
  last_error: string | null;
  runs: Generated<number>;
}

export type NotificationChannel = 'email' | 'sms' | 'inapp';

export interface NotificationTemplatesTable {
  id: Generated<string>;
  event: string;
  channel: NotificationChannel;
  lang: 'vi' | 'en';
  version: number;
  subject: string | null;
  body: string;
  html: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface NotificationPreferencesTable {
  user_id: string;
  email: boolean;
  sms: boolean;
  inapp: boolean;
  lang: 'vi' | 'en';
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  event: string;
  title: string;
  body: string;
  dossier_code: string | null;
  delivery_key: string;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  delivery_key: string;
  channel: NotificationChannel;
  event: string;
  user_id: string | null;
  address_masked: string | null;
  dossier_code: string | null;
  status: 'queued' | 'sent' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  provider_id: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface NotificationRemindersTable {
  dossier_id: string;
  threshold: 'share_left' | 'due_soon' | 'late';
  user_id: string;
  due_at: Timestamp;
  created_at: Timestamp;
}

export interface NotificationTables {
  jobs: JobsTable;
  notification_templates: NotificationTemplatesTable;
  notification_preferences: NotificationPreferencesTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_reminders: NotificationRemindersTable;
}
