/** How notifications reach people: the channels' addresses and secrets, and the reminder thresholds (src/settings.ts reads them from the environment). */
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './domain/reminders.ts';

export interface EmailSettings {
  /** smtp://user:pass@host:port or smtps://… (nodemailer's connection URL). */
  smtpUrl: string;
  /** The From header, e.g. "Một cửa điện tử <khong-tra-loi@motcua.gov.vn>". */
  from: string;
}

/** A brand-name SMS provider speaking eSMS.vn's SendMultipleMessage_V4_post_json (channels/sms.ts). */
export interface SmsSettings {
  /** Base URL, e.g. https://rest.esms.vn (the sandbox: http://127.0.0.1:<port>). */
  url: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
}

export interface NotificationSettings {
  email: EmailSettings | null;
  sms: SmsSettings | null;
  reminders: ReminderSettings & { intervalSeconds: number };
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  email: null,
  sms: null,
  reminders: { ...DEFAULT_REMINDER_SETTINGS, intervalSeconds: 300 },
};
