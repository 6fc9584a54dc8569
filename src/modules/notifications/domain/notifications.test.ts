import { describe, expect, it } from 'vitest';
import { WorkingCalendar, DEFAULT_WEEKLY_HOURS } from '../../calendar/domain/working-calendar.ts';
import { CHANNELS, EVENTS, EVENT_VARIABLES, SAMPLES } from './events.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { checkTemplate, isGsm7, render, renderSms, stripDiacritics, SMS_MAX } from './render.ts';
import { remindersDue, workingTimeText, type Threshold } from './reminders.ts';
import { defaultTemplate } from '../templates.ts';

const vn = (local: string) => new Date(`${local}+07:00`);

describe('templates shipped with the code', () => {
  it.each(EVENTS)('%s: every channel and language is valid, and its SMS fits in 160 GSM-7 characters with the longest values', (event) => {
    for (const lang of ['vi', 'en'] as const) {
      for (const channel of CHANNELS) expect(checkTemplate(event, channel, defaultTemplate(event, channel, lang)), `${event} ${channel} ${lang}`).toEqual([]);
      const sms = renderSms(DEFAULT_TEMPLATES[event][lang].sms, SAMPLES);
      expect(sms.length, sms).toBeLessThanOrEqual(SMS_MAX);
    }
  });

  it('every sample value exists for every variable an event offers', () => {
    for (const event of EVENTS) for (const v of EVENT_VARIABLES[event]) expect(SAMPLES[v], `${event}.${v}`).toBeTruthy();
  });
});

describe('rendering', () => {
  it('strips Vietnamese diacritics for SMS (đ → d, tones and hats removed) into GSM-7', () => {
    const s = stripDiacritics('Hồ sơ ĐĂNG KÝ đã được tiếp nhận; hẹn trả ngày 31/12. Ủy ban nhân dân phường Bến Thành');
    expect(s).toBe('Ho so DANG KY da duoc tiep nhan; hen tra ngay 31/12. Uy ban nhan dan phuong Ben Thanh');
    expect(isGsm7(s)).toBe(true);
    expect(isGsm7('Hồ sơ')).toBe(false);
  });

  it('escapes values in the HTML part only', () => {
    const r = render('email', { subject: 'Về {{code}}', body: 'Lý do: {{reason}}', html: null }, { code: 'A<1>', reason: '<script>x</script> & "y"' });
    expect(r.subject).toBe('Về A<1>');
    expect(r.text).toBe('Lý do: <script>x</script> & "y"');
    expect(r.html).toContain('Lý do: &lt;script&gt;x&lt;/script&gt; &amp; &quot;y&quot;');
  });

  it('refuses unknown variables per field, an SMS over 160 characters, a non-GSM-7 character, HTML outside e-mail', () => {
    expect(checkTemplate('feedback.otp', 'email', { subject: 'Mã {{code}}', body: '{{otp}} {{name}}', html: null }).map((i) => i.path)).toEqual(['subject', 'body']);
    expect(checkTemplate('survey.invite', 'sms', { subject: null, body: `${'x'.repeat(70)} {{link}}`, html: null }).map((i) => i.path)).toEqual(['body']);
    expect(checkTemplate('feedback.otp', 'sms', { subject: null, body: 'Mã {{otp}} — 10 phút', html: null })[0]!.message.en).toMatch(/outside GSM-7/);
    expect(checkTemplate('feedback.otp', 'inapp', { subject: 'x', body: '{{otp}}', html: '<p>{{otp}}</p>' }).map((i) => i.path)).toEqual(['html']);
  });
});

describe('reminder thresholds on the working calendar, across a weekend', () => {
  const calendar = new WorkingCalendar({ weeklyHours: DEFAULT_WEEKLY_HOURS, cutoffMinute: null, yearSchedules: {} });
  // Accepted Wednesday 11:30, 3 working days (1440 working minutes): due Monday 30/11 11:30.
  const start = vn('2026-11-25T11:30:00');
  const due = calendar.addWorkingMinutes(start, 1440);
  const settings = { shareLeft: 0.25, dueSoonMinutes: 480 };

  it('is due Monday 11:30 (the weekend does not count)', () => {
    expect(due.toISOString()).toBe(vn('2026-11-30T11:30:00').toISOString());
  });

  it.each([
    ['2026-11-27T09:00:00', [], 'Friday morning: 600 min left'],
    ['2026-11-27T11:30:00', ['due_soon'], 'Friday 11:30: one working day (480 min) left'],
    ['2026-11-27T14:59:00', ['due_soon'], 'Friday 14:59: 361 min left'],
    ['2026-11-27T15:00:00', ['share_left', 'due_soon'], 'Friday 15:00: 360 min = 25 % left'],
    ['2026-11-28T10:00:00', ['share_left', 'due_soon'], 'Saturday: still 240 min left'],
    ['2026-11-29T23:59:00', ['share_left', 'due_soon'], 'Sunday night: still 240 min left'],
    ['2026-11-30T11:30:00', ['share_left', 'due_soon'], 'Monday 11:30: due, not yet late'],
    ['2026-11-30T11:31:00', ['late'], 'Monday 11:31: late (late only)'],
  ] as Array<[string, Threshold[], string]>)('%s → %j (%s)', (at, expected) => {
    expect(remindersDue(calendar, start, due, vn(at), settings).thresholds).toEqual(expected);
  });

  it('a sweep every 15 minutes from Thursday to Tuesday first reaches each threshold once, never on the weekend', () => {
    const first = new Map<Threshold, Date>();
    for (let t = vn('2026-11-26T08:00:00').getTime(); t <= vn('2026-12-01T12:00:00').getTime(); t += 15 * 60_000) {
      for (const th of remindersDue(calendar, start, due, new Date(t), settings).thresholds) if (!first.has(th)) first.set(th, new Date(t));
    }
    expect(Object.fromEntries([...first].map(([k, v]) => [k, v.toISOString()]))).toEqual({
      due_soon: vn('2026-11-27T11:30:00').toISOString(),
      share_left: vn('2026-11-27T15:00:00').toISOString(),
      late: vn('2026-11-30T11:45:00').toISOString(),
    });
  });

  it('says working time as officers count it', () => {
    expect(workingTimeText(600, 'vi')).toBe('1 ngày 2 giờ');
    expect(workingTimeText(45, 'en')).toBe('45 min');
    expect(workingTimeText(960, 'en')).toBe('2 days');
  });
});
