/**
 * Results by public post (issue 17), over real HTTP against the SANDBOX carrier
 * (src/modules/delivery/postal/sandbox/): token and refresh, quote, the order placed once, the webhook's
 * secret, delivery recording the dossier as returned by the system actor, return to sender, polling,
 * and the rules of the choice (409 after the result, own dossier only, 422 with paths).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { startPostalSandbox, sandboxCharge, type PostalSandbox } from '../src/modules/delivery/postal/sandbox/server.ts';
import { PostalClient, forgetPostalTokens } from '../src/modules/delivery/postal/client.ts';
import { dispatchOnComplete, POLL_INTERVAL_SECONDS } from '../src/modules/delivery/handlers.ts';
import { JobRegistry, jobRegistry, runDueJobs, runOutboxOnce } from '../src/platform/outbox/index.ts';
import { verifyChain } from '../src/modules/dossiers/domain/action-log.ts';
import type { PostalConfig } from '../src/context.ts';

const WEBHOOK_TOKEN = 'bi-mat-webhook-thu-nghiem';
const receiver = { fullName: 'Nguyễn Văn An', phone: '0901234567', address: '12 Lê Lợi, Phường Sài Gòn', provinceCode: '079' };

describe.each(BACKENDS)('results by public post (%s)', (backend) => {
  let t: TestApp;
  let sandbox: PostalSandbox;
  let postal: PostalConfig;
  beforeAll(async () => {
    forgetPostalTokens();
    sandbox = await startPostalSandbox({ username: 'motcua', password: 'mat-khau-sandbox', webhookToken: WEBHOOK_TOKEN, clock: () => (t ? t.clock.now : new Date()) });
    postal = { carrier: 'sandbox', baseUrl: sandbox.url, username: 'motcua', password: 'mat-khau-sandbox', webhookToken: WEBHOOK_TOKEN, senderProvinceCode: '079', weightGrams: 200 };
    t = await startTestApp(backend, { postal });
    // The carrier calls the webhook over HTTP: the app listens on a port of its own.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    sandbox.setWebhookUrl(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/postal/webhook`);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  const delivery = (code: string, as = 'citizen') => t.call('GET', `/api/dossiers/${code}/delivery`, { as });
  const deliver = () => runOutboxOnce(t.ctx, { now: t.clock.now });

  async function submit(as = 'citizen') {
    const uploadId = await t.upload(as, PDF, 'giay-de-nghi.pdf');
    const res = await t.call('POST', '/api/dossiers', { as, body: householdBusinessRequest(uploadId) });
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string };
  }

  async function complete(code: string) {
    expect((await act('reception', code, 'accept')).status).toBe(200);
    expect((await act('reception', code, 'hand_over')).status).toBe(200);
    expect((await act('specialist', code, 'hand_over')).status).toBe(200);
    const result = await t.upload('leader', PDF, 'ket-qua.pdf');
    const r = await act('leader', code, 'complete', { resultUploadId: result });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  /** A dossier whose applicant chose post and whose result is ready, its order placed by the outbox. */
  async function posted() {
    const d = await submit();
    expect((await t.call('PUT', `/api/dossiers/${d.code}/delivery`, { as: 'citizen', body: { receiver } })).status).toBe(200);
    await complete(d.code);
    await deliver();
    const view = (await delivery(d.code)).body;
    expect(view.shipments).toHaveLength(1);
    return { ...d, trackingNumber: view.shipments[0].trackingNumber as string, shipmentId: view.shipments[0].id as string };
  }

  it('signs in for a token and signs in again when the carrier refuses it (401)', async () => {
    forgetPostalTokens();
    const client = new PostalClient(postal);
    const before = sandbox.signIns;
    await client.quote({ provinceCode: '079' }, { provinceCode: '001' }, 200);
    await client.quote({ provinceCode: '079' }, { provinceCode: '001' }, 200);
    expect(sandbox.signIns).toBe(before + 1);
    sandbox.expireTokens();
    expect((await client.quote({ provinceCode: '079' }, { provinceCode: '001' }, 200)).total).toBe(sandboxCharge('079', '001', 200));
    expect(sandbox.signIns).toBe(before + 2);
    await expect(new PostalClient({ ...postal, password: 'sai' }).signIn()).rejects.toThrow(/token refused/);
  });

  it('quotes the charge for an address in another province', async () => {
    const r = await t.call('POST', '/api/delivery/quote', { as: 'citizen', body: { provinceCode: '001' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ fee: sandboxCharge('079', '001', 200), hours: 72, carrier: 'sandbox' });
  });

  it('keeps the choice with its quoted charge; the applicant may change and withdraw it before the result', async () => {
    const d = await submit();
    let r = await t.call('PUT', `/api/dossiers/${d.code}/delivery`, { as: 'citizen', body: { receiver: { ...receiver, provinceCode: '001', address: '1 Tràng Tiền, Hoàn Kiếm' } } });
    expect(r.status).toBe(200);
    expect(r.body.choice).toMatchObject({ fee: sandboxCharge('079', '001', 200), receiver: { provinceName: 'Hà Nội' } });
    expect(r.body.mayChange).toBe(true);
    r = await t.call('PUT', `/api/dossiers/${d.code}/delivery`, { as: 'citizen', body: { receiver } });
    expect(r.body.choice.fee).toBe(sandboxCharge('079', '079', 200));
    r = await t.call('DELETE', `/api/dossiers/${d.code}/delivery`, { as: 'citizen' });
    expect(r.status).toBe(200);
    expect(r.body.choice).toBeNull();
  });

  it('refuses a bad address with 422 and the fields\' paths', async () => {
    const d = await submit();
    const r = await t.call('PUT', `/api/dossiers/${d.code}/delivery`, { as: 'citizen', body: { receiver: { fullName: 'A', phone: '12345', address: 'x', provinceCode: '999' } } });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['receiver.address', 'receiver.fullName', 'receiver.phone', 'receiver.provinceCode']);
  });

  it('lets only the applicant (or the desk covering the dossier) see and choose: another citizen hears 404', async () => {
    const d = await submit();
    expect((await delivery(d.code, 'citizen2')).status).toBe(404);
    expect((await t.call('PUT', `/api/dossiers/${d.code}/delivery`, { as: 'citizen2', body: { receiver } })).status).toBe(404);
    expect((await delivery(d.code, 'btn.reception')).status).toBe(404);
    expect((await delivery(d.code, 'reception')).status).toBe(200);
  });

  it('refuses choosing post once the result is ready (409)', async () => {
    const d = await submit();
    await complete(d.code);
    const r = await t.call('PUT', `/api/dossiers/${d.code}/delivery`, { as: 'citizen', body: { receiver } });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('delivery-choice-closed');
    expect((await delivery(d.code)).body.mayChange).toBe(false);
  });

  it('places one order when the result is ready, even when the handler runs twice at once', async () => {
    const d = await submit();
    expect((await t.call('PUT', `/api/dossiers/${d.code}/delivery`, { as: 'citizen', body: { receiver } })).status).toBe(200);
    await complete(d.code);
    const message = await t.handle.db.selectFrom('outbox').select(['id', 'topic', 'payload', 'created_at']).where('topic', '=', 'dossier.complete').where('payload', '@>', JSON.stringify({ dossierId: d.id }) as never).executeTakeFirstOrThrow();
    const calls = sandbox.createCalls;
    const msg = { id: String(message.id), topic: message.topic, payload: message.payload as Record<string, unknown>, createdAt: message.created_at, deliveryKey: `${message.id}:delivery.dispatch` };
    // The same delivery twice at once (a crash and a retry), then once more through the worker.
    await Promise.all([dispatchOnComplete(msg, t.ctx), dispatchOnComplete(msg, t.ctx)]);
    await deliver();
    expect(sandbox.createCalls - calls).toBeGreaterThanOrEqual(2);
    expect([...sandbox.orders.values()].filter((o) => o.reference === msg.deliveryKey)).toHaveLength(1);
    const view = (await delivery(d.code)).body;
    expect(view.shipments).toHaveLength(1);
    expect(view.shipments[0]).toMatchObject({ status: 'ordered', fee: sandboxCharge('079', '079', 200) });
    const shipped = await t.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'delivery.shipped').execute();
    expect(shipped.filter((m) => (m.payload as { dossierCode: string }).dossierCode === d.code)).toEqual([
      { payload: { dossierCode: d.code, trackingNumber: view.shipments[0].trackingNumber, applicantId: expect.any(String), fee: view.shipments[0].fee } },
    ]);
    // The address is fixed once the order exists.
    expect((await t.call('DELETE', `/api/dossiers/${d.code}/delivery`, { as: 'citizen' })).status).toBe(409);
  });

  it('refuses a webhook call with a wrong secret (401) and changes nothing', async () => {
    const p = await posted();
    const report = await sandbox.advance(p.trackingNumber, 'delivered', { push: false });
    expect(await sandbox.push(report, 'not-the-secret')).toBe(401);
    const view = (await delivery(p.code)).body;
    expect(view.shipments[0].status).toBe('ordered');
    expect(view.shipments[0].events).toEqual([]);
  });

  it('delivered → the dossier is returned by post, by the system actor, with the tracking number in an unbroken log; replays and late reports are harmless', async () => {
    const p = await posted();
    await sandbox.advance(p.trackingNumber, 'picked_up');
    t.clock.advanceMinutes(60);
    const delivered = await sandbox.advance(p.trackingNumber, 'delivered', { at: t.clock.now });
    // The same report again, and a late "in transit" from before it.
    expect(await sandbox.push(delivered)).toBe(200);
    const late = await sandbox.advance(p.trackingNumber, 'in_transit', { at: new Date(t.clock.now.getTime() - 30 * 60_000) });
    expect(late.ORDER_STATUS).toBe(300);
    await deliver();
    await deliver();

    const view = (await delivery(p.code)).body;
    expect(view.shipments[0].status).toBe('delivered');
    expect(view.shipments[0].events.map((e: { carrierStatus: string }) => e.carrierStatus)).toEqual(['105', '300', '501']);
    const dossier = (await t.call('GET', `/api/dossiers/${p.code}`, { as: 'reception' })).body;
    expect(dossier.status).toBe('returned');
    const returned = dossier.history.filter((h: { action: string }) => h.action === 'return_result');
    expect(returned).toHaveLength(1);
    expect(returned[0].actor.role).toBe('system:delivery');

    const rows = await t.handle.db.selectFrom('dossier_actions').selectAll().where('dossier_id', '=', p.id).orderBy('seq').execute();
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ action: 'return_result', actor_role: 'system:delivery', actor_id: null });
    expect(last.payload).toMatchObject({ channel: 'post', postalTrackingCode: p.trackingNumber });
    const chain = rows.map((x) => ({ dossierId: x.dossier_id, seq: x.seq, action: x.action, fromStatus: x.from_status, toStatus: x.to_status, actorId: x.actor_id, actorRole: x.actor_role, actorOrgId: x.actor_org_id, at: x.at.toISOString(), payload: x.payload, prevHash: x.prev_hash, hash: x.hash }));
    expect(verifyChain(chain)).toBeNull();
    const messages = await t.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'delivery.delivered').execute();
    expect(messages.filter((m) => (m.payload as { dossierCode: string }).dossierCode === p.code)).toHaveLength(1);
  });

  it('returned to the sender → the desk sees it, the dossier stays result-ready, and a new order may be placed', async () => {
    const p = await posted();
    await sandbox.advance(p.trackingNumber, 'picked_up');
    await sandbox.advance(p.trackingNumber, 'returned');
    await deliver();
    let view = (await delivery(p.code, 'reception')).body;
    expect(view.shipments[0].status).toBe('returned');
    expect(view.mayDispatch).toBe(true);
    expect((await t.call('GET', `/api/dossiers/${p.code}`, { as: 'reception' })).body.status).toBe('completed');
    expect((await t.handle.db.selectFrom('outbox').select('payload').where('topic', '=', 'delivery.returned').execute()).some((m) => (m.payload as { dossierCode: string }).dossierCode === p.code)).toBe(true);
    // Only the desk places it again.
    expect((await t.call('POST', `/api/dossiers/${p.code}/delivery/shipments`, { as: 'citizen' })).status).toBe(403);
    const again = await t.call('POST', `/api/dossiers/${p.code}/delivery/shipments`, { as: 'reception' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    view = again.body;
    expect(view.shipments.map((s: { status: string }) => s.status)).toEqual(['ordered', 'returned']);
    expect(view.shipments[0].trackingNumber).not.toBe(p.trackingNumber);
    expect((await t.call('POST', `/api/dossiers/${p.code}/delivery/shipments`, { as: 'reception' })).status).toBe(409);
    // Cancelled before pick-up, at the carrier too.
    const cancelled = await t.call('POST', `/api/dossiers/${p.code}/delivery/shipments/${view.shipments[0].id}/cancel`, { as: 'reception' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.shipments[0].status).toBe('cancelled');
    expect(sandbox.orders.get(view.shipments[0].trackingNumber)!.history.at(-1)!.ORDER_STATUS).toBe(107);
  });

  it('a delivery reported after the result was handed over at the counter changes nothing and is not retried', async () => {
    const p = await posted();
    expect((await act('reception', p.code, 'return_result', { channel: 'counter' })).status).toBe(200);
    await sandbox.advance(p.trackingNumber, 'delivered');
    await deliver();
    const messages = await t.handle.db.selectFrom('outbox').select(['payload', 'status']).where('topic', '=', 'delivery.delivered').execute();
    expect(messages.filter((m) => (m.payload as { dossierCode: string }).dossierCode === p.code).map((m) => m.status)).toEqual(['delivered']);
    const history = (await t.call('GET', `/api/dossiers/${p.code}`, { as: 'reception' })).body.history;
    expect(history.filter((h: { action: string }) => h.action === 'return_result').map((h: { payload: { channel: string } }) => h.payload.channel)).toEqual(['counter']);
  });

  it('polling applies the reports a lost webhook never brought', async () => {
    const p = await posted();
    await sandbox.advance(p.trackingNumber, 'picked_up', { push: false });
    await sandbox.advance(p.trackingNumber, 'delivered', { push: false });
    expect((await delivery(p.code)).body.shipments[0].status).toBe('ordered');
    expect((await t.call('POST', '/api/admin/delivery/poll', { as: 'reception', body: {} })).status).toBe(403);
    const r = await t.call('POST', '/api/admin/delivery/poll', { as: 'admin', body: {} });
    expect(r.status).toBe(200);
    expect(r.body.changed).toBeGreaterThanOrEqual(2);
    await deliver();
    const view = (await delivery(p.code)).body;
    expect(view.shipments[0].status).toBe('delivered');
    expect(view.shipments[0].events.every((e: { source: string }) => e.source === 'poll')).toBe(true);
    expect((await t.call('GET', `/api/dossiers/${p.code}`, { as: 'citizen' })).body.status).toBe('returned');
    // Polling again finds nothing new.
    expect((await t.call('POST', '/api/admin/delivery/poll', { as: 'admin', body: {} })).body.changed).toBe(0);
  });

  it('polls by itself: the periodic job delivery.poll applies a report no webhook brought, every 15 minutes', async () => {
    const p = await posted();
    await sandbox.advance(p.trackingNumber, 'delivered', { push: false });
    const registry = new JobRegistry();
    registry.register(jobRegistry.all().find((j) => j.name === 'delivery.poll')!);
    const now = t.ctx.clock();
    const first = await runDueJobs(t.ctx, { registry, now });
    expect(first.ran).toContain('delivery.poll');
    await deliver();
    expect((await delivery(p.code)).body.shipments[0].status).toBe('delivered');
    // Not due again before its interval.
    expect((await runDueJobs(t.ctx, { registry, now: new Date(now.getTime() + 14 * 60_000) })).ran).not.toContain('delivery.poll');
    expect((await runDueJobs(t.ctx, { registry, now: new Date(now.getTime() + POLL_INTERVAL_SECONDS * 1000 + 1000) })).ran).toContain('delivery.poll');
  });

  it('records a dossier that arrived by post: channel post with the sender\'s tracking code', async () => {
    const uploadId = await t.upload('reception', PDF, 'don.pdf');
    const base = householdBusinessRequest(uploadId, { channel: 'post' });
    const body = { ...base, applicant: { ...base.applicant, birthDate: '1990-05-01' } };
    let r = await t.call('POST', '/api/dossiers', { as: 'reception', body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain('postal.senderTrackingCode');
    r = await t.call('POST', '/api/dossiers', { as: 'reception', body: { ...body, postal: { senderTrackingCode: 'EB123456789VN' } } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.channel).toBe('post');
    const submit = await t.handle.db.selectFrom('dossier_actions').select('payload').where('dossier_id', '=', r.body.id).where('seq', '=', 1).executeTakeFirstOrThrow();
    expect(submit.payload).toMatchObject({ channel: 'post', postal: { senderTrackingCode: 'EB123456789VN' } });
    expect((await t.call('POST', '/api/dossiers', { as: 'citizen', body: { ...body, postal: { senderTrackingCode: 'EB123456789VN' } } })).status).toBe(403);
  });
});
