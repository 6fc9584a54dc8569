/**
 * The demo city's feedback (src/demo/demo-feedback.ts): entered through the feedback module's write path
 * with past times, in every state, with masked published answers, late handling, one reopening and
 * ratings, so /hoi-dap, the KPIs and 766 criteria 5.1 / 5.2 show figures; a rerun adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { seedDemoFeedback } from '../src/demo/demo-feedback.ts';
import { feedbackFigures } from '../src/modules/feedback/queries.ts';
import { FEEDBACK_STATUSES } from '../src/modules/feedback/domain/types.ts';

describe.each(BACKENDS)('demo feedback (%s)', (backend) => {
  let t: TestApp;
  let entered = 0;
  const anchor = new Date('2026-11-23T10:00:00+07:00');
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-11-23T10:00:00+07:00');
    entered = await seedDemoFeedback(t.ctx, anchor, 14);
  }, 120_000);
  afterAll(() => t?.close());

  it('a few dozen items in every state, all in the past, each log hash-chained from intake', async () => {
    expect(entered).toBeGreaterThanOrEqual(30);
    const rows = await t.handle.db.selectFrom('feedback').selectAll().execute();
    expect(rows).toHaveLength(entered);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(FEEDBACK_STATUSES));
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set(['phuong-sai-gon', 'vpdkdd']));
    const actions = await t.handle.db.selectFrom('feedback_actions').select(['feedback_id', 'seq', 'at', 'action']).execute();
    expect(actions.every((a) => a.at.getTime() < anchor.getTime())).toBe(true);
    expect(rows.every((r) => r.received_at.getTime() > anchor.getTime() - 366 * 86_400_000)).toBe(true);
    expect(actions.filter((a) => a.action === 'submit')).toHaveLength(entered);
    expect(rows.filter((r) => r.reopened)).toHaveLength(1);
    expect(new Set(rows.map((r) => r.rating))).toEqual(new Set([null, 'satisfied', 'dissatisfied']));
    expect(rows.some((r) => r.handled_on_time === false)).toBe(true);
    expect(rows.some((r) => r.sender_user_id !== null)).toBe(true); // the demo citizen's own
  });

  it('published answers are public and masked; the sender\'s name and phone never show', async () => {
    const list = await t.call('GET', '/api/public/feedback?limit=100');
    expect(list.body.total).toBeGreaterThan(5);
    const senders = await t.handle.db.selectFrom('feedback').select(['sender_name', 'sender_phone']).where('status', '=', 'published').where('sender_user_id', 'is', null).execute();
    const text = JSON.stringify(list.body.items);
    for (const s of senders) {
      expect(text).not.toContain(s.sender_name);
      expect(text).not.toContain(s.sender_phone!);
    }
  });

  it('766 5.1 and 5.2 have figures: handled late, disliked, repeated, open overdue', async () => {
    const f = await feedbackFigures(t.handle.db, ['phuong-sai-gon'], new Date(anchor.getTime() - 365 * 86_400_000), anchor, anchor);
    expect(f.total).toBe(20);
    expect(f.handled).toBeGreaterThan(5);
    expect(f.handledOnTime).toBeLessThan(f.handled);
    expect(f.repeated).toBe(1);
    expect(f.overdue).toBeGreaterThan(0);
    expect(f.disliked).toBeGreaterThan(0);
  });

  it('a rerun enters nothing more', async () => {
    expect(await seedDemoFeedback(t.ctx, anchor, 14)).toBe(0);
    expect(Number((await t.handle.db.selectFrom('feedback').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(entered);
  });
});
