/**
 * The population-data check on the desk in Chromium (issue 18): a walk-in applicant whose declared name differs
 * from the registry — the panel beside the actions shows the mismatch (declared and registry value) and the
 * warning before acceptance; "Đối chiếu lại" checks again and the history lists both checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdBusinessRequest, PDF } from '../helpers.ts';
import { OutboxRegistry, runOutboxOnce } from '../../src/platform/outbox/index.ts';
import { PopulationSandbox } from '../../src/modules/integrations/population/sandbox.ts';
import { registerPopulationCheck } from '../../src/modules/integrations/population/check.ts';
import { startBrowserHarness, type BrowserHarness } from './harness.ts';

describe('population-data check in Chromium', () => {
  let h: BrowserHarness;
  let sandbox: PopulationSandbox;
  const CLIENT = { clientId: 'motcua-browser', clientSecret: 'bi-mat-trinh-duyet' };
  beforeAll(async () => {
    sandbox = new PopulationSandbox(CLIENT);
    const url = await sandbox.start();
    h = await startBrowserHarness(undefined, { population: { url, tokenUrl: `${url}/oauth2/token`, ...CLIENT, unitCode: '000.00.00.H29', timeoutMs: 5000 } });
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.stop();
  });

  it('the desk shows a mismatch beside the actions, before acceptance', { timeout: 240_000 }, async () => {
    const { t } = h;
    const uploadId = await t.upload('reception', PDF);
    const applicant = { type: 'individual', fullName: 'Nguyễn Văn Bình', idNumber: '079090001234', birthDate: '1990-05-14', address: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', phone: '0901234567' };
    const created = await t.call('POST', '/api/dossiers', { as: 'reception', body: householdBusinessRequest(uploadId, { channel: 'counter', applicant }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const code = created.body.code as string;
    const registry = new OutboxRegistry();
    registerPopulationCheck(registry);
    expect((await runOutboxOnce(t.ctx, { registry })).delivered).toBe(1);

    const officer = await h.open('reception');
    await officer.page.goto(`${h.base}/mot-cua/ho-so/${code}`);
    await officer.page.getByRole('heading', { name: 'Đối chiếu CSDL quốc gia về dân cư' }).waitFor();
    await officer.page.getByText('Không khớp với CSDL dân cư').first().waitFor();
    const row = officer.page.getByRole('row', { name: /Họ và tên/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['Nguyễn Văn Bình', 'Nguyễn Văn An']);
    await officer.page.getByText('Thông tin người nộp khai khác với CSDL dân cư', { exact: false }).waitFor();
    await h.axe(officer.page, '/mot-cua/ho-so (population check)');
    await officer.page.getByRole('button', { name: 'Đối chiếu lại' }).click();
    await officer.page.getByText('Các lần đối chiếu (2)').waitFor();
    expect(sandbox.lookups).toBe(2);
    expect(h.errors).toEqual([]);
  });
});
