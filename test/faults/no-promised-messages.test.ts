/**
 * Issue 14, fault 4: the web app promises no SMS, e-mail or "confirmation message": the system sends
 * none (no outbox handler delivers to citizens). The lookup code is on the receipt and the dossier's page.
 */
import { describe, expect, it } from 'vitest';
import * as portal from '../../web/src/i18n/portal.ts';
import * as desk from '../../web/src/desk/messages.ts';
import * as admin from '../../web/src/admin/messages.ts';

const PROMISE_OF_A_MESSAGE = /\bSMS\b|tin nhắn|thư điện tử xác nhận|email xác nhận|confirmation (message|e-?mail|text)|text message|we will (text|e-?mail)/i;

/** Every string of a messages module (its exports are dictionaries, or objects of dictionaries). */
function strings(mod: object): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(mod);
  return out;
}

describe('what the web app tells citizens it sends', () => {
  it.each([['portal', portal], ['desk', desk], ['admin', admin]])('%s: no string promises an SMS or a confirmation message', (_name, mod) => {
    const all = strings(mod);
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((s) => PROMISE_OF_A_MESSAGE.test(s))).toEqual([]);
  });

  it('the lookup hint says where the code really is: the receipt and the dossier page', () => {
    expect(portal.vi['lookup.secretHint']).toMatch(/giấy tiếp nhận/);
    expect(portal.vi['lookup.secretHint']).toMatch(/trang hồ sơ/);
    expect(portal.en['lookup.secretHint']).toMatch(/receipt/);
    expect(portal.en['lookup.secretHint']).toMatch(/dossier's page/);
  });
});
