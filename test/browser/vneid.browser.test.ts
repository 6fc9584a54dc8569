/**
 * Sign-in with VNeID in real Chromium (issue 18): "Đăng nhập bằng VNeID" on the sign-in page goes to
 * vneid-sandbox, a fixture citizen is chosen there, and the browser comes back signed in to the
 * application form with the applicant filled from the claims; a cancelled sign-in is explained on the
 * sign-in page. Axe on the sign-in page with the button and the message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';
import { VneidSandbox } from '../../src/modules/integrations/vneid/sandbox.ts';
import { DEFAULT_ACR, DEFAULT_SCOPE } from '../../src/modules/integrations/vneid/config.ts';

describe('VNeID sign-in in Chromium', () => {
  let h: BrowserHarness;
  let sandbox: VneidSandbox;
  beforeAll(async () => {
    h = await startBrowserHarness();
    // The redirect URI needs the server's port: the sandbox and the configuration come after it listens.
    const redirectUri = `${h.base}/api/auth/vneid/callback`;
    sandbox = new VneidSandbox({ clientId: 'motcua-browser', clientSecret: 'bi-mat-trinh-duyet', redirectUris: [redirectUri] });
    const issuer = await sandbox.start();
    h.t.ctx.config.publicUrl = h.base;
    h.t.ctx.config.vneid = { issuer, clientId: 'motcua-browser', clientSecret: 'bi-mat-trinh-duyet', redirectUri, scope: DEFAULT_SCOPE, acrLevel1: DEFAULT_ACR.level1, acrLevel2: DEFAULT_ACR.level2 };
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.stop();
  });

  it('signs a new citizen in through the sandbox and fills the applicant from VNeID', async () => {
    const { ctx, page } = await h.open(null);
    await page.goto(`${h.base}/dang-nhap?next=${encodeURIComponent('/nop-ho-so/2.000720.H29')}`);
    await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
    await page.waitForURL(`${sandbox.issuer}/interaction/**`);
    await page.getByRole('button', { name: /Lê Hoàng Minh/ }).click();
    await page.waitForURL(`${h.base}/nop-ho-so/2.000720.H29`);
    await expect.poll(() => page.getByLabel('Họ và tên').inputValue()).toBe('Lê Hoàng Minh');
    expect(await page.getByLabel('Số định danh cá nhân').inputValue()).toBe('001088007777');
    expect(await page.getByLabel('Số điện thoại').inputValue()).toBe('0987654321');
    await expect.poll(() => page.getByText('Đã điền thông tin người nộp từ VNeID.').count()).toBe(1);
    await ctx.close();
  });

  it('explains a cancelled sign-in on the sign-in page', async () => {
    const { ctx, page } = await h.open(null);
    await page.goto(`${h.base}/dang-nhap`);
    await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
    await page.waitForURL(`${sandbox.issuer}/interaction/**`);
    await page.getByRole('button', { name: 'Hủy / Cancel' }).click();
    await page.waitForURL(`${h.base}/dang-nhap?vneidError=access_denied`);
    await expect.poll(() => page.locator('#vneid-error').textContent()).toBe('Ông/Bà đã hủy đăng nhập bằng VNeID.');
    await h.axe(page, 'sign-in with VNeID');
    await ctx.close();
    expect(h.errors).toEqual([]);
  });
});
