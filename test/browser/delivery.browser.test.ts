/**
 * Results by public post (issue 17) in real Chromium, with the SANDBOX carrier over real HTTP both ways:
 * a citizen on a 360 px phone chooses to receive the result by post at an address and sees the quoted
 * charge; the desk completes the dossier and the outbox places the order; the carrier reports it picked
 * up and delivered through the webhook; the citizen then sees the dossier returned by post with its
 * tracking number, and the desk sees the shipment's events.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, householdBusinessRequest } from '../helpers.ts';
import { startPostalSandbox, sandboxCharge, type PostalSandbox } from '../../src/modules/delivery/postal/sandbox/server.ts';
import { forgetPostalTokens } from '../../src/modules/delivery/postal/client.ts';
import { runOutboxOnce } from '../../src/platform/outbox/index.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';

const PHONE = { width: 360, height: 740 };
const WEBHOOK_TOKEN = 'bi-mat-webhook-trinh-duyet';

describe('results by public post in Chromium', () => {
  let h: BrowserHarness;
  let sandbox: PostalSandbox;
  beforeAll(async () => {
    h = await startBrowserHarness();
    forgetPostalTokens();
    sandbox = await startPostalSandbox({ username: 'motcua', password: 'mat-khau-sandbox', webhookToken: WEBHOOK_TOKEN, clock: () => h.t.clock.now });
    h.t.ctx.config.postal = { carrier: 'sandbox', baseUrl: sandbox.url, username: 'motcua', password: 'mat-khau-sandbox', webhookToken: WEBHOOK_TOKEN, senderProvinceCode: '079', weightGrams: 200 };
    sandbox.setWebhookUrl(`http://127.0.0.1:${(h.t.app.server.address() as AddressInfo).port}/api/postal/webhook`);
  });
  afterAll(async () => {
    await sandbox?.close();
    await h?.close();
  });

  const act = async (as: string, code: string, action: string, body: unknown = {}) => {
    const r = await h.t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  /** No sideways scrolling; a failure names the outermost elements that stick out. */
  const fitsPhone = async (page: import('playwright-core').Page) =>
    expect(
      await page.evaluate((max) => (document.documentElement.scrollWidth <= max ? [] : Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > max).slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className}`)), PHONE.width),
    ).toEqual([]);

  it('a citizen on a phone chooses post and sees the charge; the result is posted, delivered, and shown returned by post', async () => {
    const { t } = h;
    const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) });
    expect(d.status).toBe(201);
    const code = d.body.code as string;

    // The citizen, on a 360 px phone.
    const { page } = await h.open('citizen');
    await page.setViewportSize(PHONE);
    await page.goto(`${h.base}/ca-nhan/ho-so/${code}`);
    await page.getByRole('heading', { name: 'Nhận kết quả qua bưu chính công ích' }).waitFor();
    await page.getByRole('button', { name: 'Nhận kết quả qua bưu chính công ích' }).click();
    await page.getByLabel('Họ tên người nhận').fill('Nguyễn Văn An');
    await page.getByLabel('Số điện thoại người nhận').fill('0901234567');
    await page.getByLabel('Địa chỉ nhận (số nhà, đường, phường/xã)').fill('12 Lê Lợi, Phường Sài Gòn');
    await page.getByLabel('Tỉnh, thành phố').selectOption('079');
    // The charge the carrier quotes for the province, before saving.
    const charge = sandboxCharge('079', '079', 200);
    expect(charge).toBe(16_500);
    await page.getByTestId('postal-fee').filter({ hasText: 'Cước phí dự kiến: 16.500 ₫' }).waitFor();
    await fitsPhone(page);
    await h.axe(page, 'portal post choice form');
    await page.getByRole('button', { name: 'Lưu địa chỉ nhận' }).click();
    await page.getByText('Bạn đã chọn nhận kết quả qua bưu chính tại:').waitFor();
    expect(await page.locator('.dl-address').textContent()).toContain('12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh');
    expect(await page.locator('.dl-panel').textContent()).toContain('Cước phí dự kiến: 16.500 ₫');
    await fitsPhone(page);
    await h.axe(page, 'portal post chosen');

    // The desk completes the dossier; the outbox places the order with the carrier.
    await act('reception', code, 'accept');
    await act('reception', code, 'hand_over');
    await act('specialist', code, 'hand_over');
    await act('leader', code, 'complete', { resultUploadId: await t.upload('leader', PDF, 'ket-qua.pdf') });
    await runOutboxOnce(t.ctx, { now: t.clock.now });
    const view = (await t.call('GET', `/api/dossiers/${code}/delivery`, { as: 'citizen' })).body;
    expect(view.shipments.map((s: { status: string }) => s.status)).toEqual(['ordered']);
    const tracking = view.shipments[0].trackingNumber as string;

    // The carrier picks it up and delivers it, reporting through the webhook over HTTP.
    t.clock.advanceMinutes(60);
    await sandbox.advance(tracking, 'picked_up', { at: t.clock.now });
    t.clock.advanceMinutes(24 * 60);
    await sandbox.advance(tracking, 'delivered', { at: t.clock.now });
    // delivery.delivered → the dossier recorded as returned by post, by the system actor.
    await runOutboxOnce(t.ctx, { now: t.clock.now });
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'citizen' })).body.status).toBe('returned');

    await page.reload();
    await page.getByTestId('tracking-number').waitFor();
    expect(await page.getByTestId('tracking-number').textContent()).toBe(tracking);
    expect(await page.locator('.facts .status').first().textContent()).toBe('Đã trả kết quả');
    expect(await page.locator('.dl-shipment').textContent()).toContain('Đã phát thành công');
    await page.getByText(`Qua bưu chính công ích, mã vận đơn ${tracking}`).waitFor();
    // Too late to change the choice now.
    expect(await page.getByRole('button', { name: 'Nhận kết quả qua bưu chính công ích' }).count()).toBe(0);
    await fitsPhone(page);
    await h.axe(page, 'portal returned by post');

    // The desk sees the shipment and its events, and who recorded the return.
    const desk = await h.open('reception');
    await desk.page.goto(`${h.base}/mot-cua/ho-so/${code}`);
    await desk.page.getByRole('heading', { name: 'Bưu gửi kết quả' }).waitFor();
    expect(await desk.page.getByTestId('tracking-number').textContent()).toBe(tracking);
    const events = await desk.page.locator('.dl-events li').allTextContents();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/Bưu tá đã nhận.*\(bưu điện báo\)/);
    expect(events[1]).toMatch(/Đã phát thành công.*\(bưu điện báo\)/);
    expect(await desk.page.locator('.dl-panel').textContent()).toContain('Nguyễn Văn An, 0901234567, 12 Lê Lợi, Phường Sài Gòn');
    await h.axe(desk.page, 'desk shipment events');
    expect(h.errors).toEqual([]);
  });
});
