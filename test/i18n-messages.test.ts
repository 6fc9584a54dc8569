/**
 * English mode is complete (issue 14, fault 12): every message of the portal, the desk, the
 * administration and the managers' dashboard has a non-empty Vietnamese and English text, the English text is not Vietnamese,
 * every key the web code asks for exists, and no Vietnamese text is written straight into a page.
 * Pure: reads the message modules and the web sources.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as portal from '../web/src/i18n/portal.ts';
import * as desk from '../web/src/desk/messages.ts';
import * as admin from '../web/src/admin/messages.ts';
import * as dashboard from '../web/src/dashboard/messages.ts';
import * as feedback from '../web/src/feedback/messages.ts';
import * as surveys from '../web/src/surveys/messages.ts';
import * as par from '../web/src/par/messages.ts';
import * as plan from '../web/src/plan/messages.ts';
import * as delivery from '../web/src/delivery/messages.ts';
import * as payments from '../web/src/payments/messages.ts';
import * as notifications from '../web/src/notifications/messages.ts';
import * as catalogueImport from '../web/src/catalogue-import/messages.ts';
import * as population from '../web/src/population/messages.ts';
import * as citizenStore from '../web/src/citizen-store/messages.ts';
import * as reorganisation from '../web/src/reorganisation/messages.ts';
import { ROLES } from '../src/kernel/roles.ts';
import { ACTIONS } from '../src/modules/dossiers/domain/types.ts';
import { AUDIT_ACTIONS } from '../src/modules/audit/contracts.ts';
import { FEEDBACK_ACTIONS, FEEDBACK_STATUSES } from '../src/modules/feedback/domain/types.ts';

const catalogues = {
  portal,
  desk,
  admin,
  dashboard,
  feedback,
  surveys,
  par,
  plan,
  delivery,
  payments,
  notifications,
  catalogueImport,
  population,
  citizenStore,
  reorganisation,
} as Record<string, { vi: Record<string, string>; en: Record<string, string> }>;

/** Letters only Vietnamese uses (with their tone marks); plain ASCII words are fine in English. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

/**
 * Proper names that keep their Vietnamese spelling in English (places, authorities, document titles
 * quoted as written). A value may contain Vietnamese letters only inside one of these.
 */
const PROPER_NAMES = ['Tiếng Việt', 'Sài Gòn', 'Bến Thành', 'Hồ Chí Minh', 'Phường', 'Cổng Dịch vụ công'];

function withoutProperNames(text: string): string {
  return PROPER_NAMES.reduce((rest, name) => rest.split(name).join(''), text);
}

function webSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return webSources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const WEB = join(__dirname, '..', 'web', 'src');
const sources = webSources(WEB).filter((f) => !f.endsWith('messages.ts') && !f.includes(join('src', 'i18n')));

describe.each(Object.entries(catalogues))('%s messages', (_name, { vi, en }) => {
  it('has both languages for every key, none empty', () => {
    const missingEn = Object.keys(vi).filter((k) => !en[k]?.trim());
    const missingVi = Object.keys(en).filter((k) => !vi[k]?.trim());
    expect({ missingEn, missingVi }).toEqual({ missingEn: [], missingVi: [] });
  });

  it('writes English in English (no Vietnamese letters outside proper names)', () => {
    const stillVietnamese = Object.entries(en)
      .filter(([, text]) => VIETNAMESE.test(withoutProperNames(text)))
      .map(([k, text]) => `${k}: ${text}`);
    expect(stillVietnamese).toEqual([]);
  });
});

describe('the web code', () => {
  it('asks only for keys that exist', () => {
    const known = new Set(Object.values(catalogues).flatMap((c) => Object.keys(c.vi)));
    const unknown = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^'${}]+)'/g)]
        .map((m) => m[1]!)
        .filter((key) => !known.has(key))
        .map((key) => `${file.slice(WEB.length + 1)}: ${key}`),
    );
    expect(unknown).toEqual([]);
  });

  // Keys built at run time (t(`user.role.${role}`)) must exist for every value the server can send.
  it.each([
    ['user.role.', ROLES],
    ['act.', ACTIONS],
    ['audit.action.', AUDIT_ACTIONS],
    ['fb.act.', FEEDBACK_ACTIONS],
    ['fb.status.', FEEDBACK_STATUSES],
  ] as const)('has a label %s… for every value', (prefix, values) => {
    const known = new Set(Object.values(catalogues).flatMap((c) => Object.keys(c.vi)));
    expect(values.filter((v) => !known.has(prefix + v))).toEqual([]);
  });

  /*
   * Allowed outside the messages: a line that carries both languages itself (`lang === 'vi' ? '…' : '…'`,
   * in helpers that run outside React), and a line marked `// vi-data` (content such as a new
   * procedure's starter steps, which is published in Vietnamese whatever the interface language).
   */
  it('writes no Vietnamese text straight into a page (it belongs in the messages, with English)', () => {
    const bilingual = /=== 'vi' \?/;
    const hardCoded = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((raw, i) => ({ raw, line: raw.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$/g, ''), at: `${file.slice(WEB.length + 1)}:${i + 1}` }))
        .filter(({ raw }) => !/\/\/ vi-data$/.test(raw.trimEnd()) && !bilingual.test(raw))
        .filter(({ line }) => VIETNAMESE.test(withoutProperNames(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(hardCoded).toEqual([]);
  });
});
