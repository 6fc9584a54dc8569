/**
 * What every Chromium test needs: the app on a free port (PGlite), one browser, pages opened as a demo
 * user in Vietnamese at Vietnam's time zone that collect console errors (except the refusals a test
 * provokes on purpose), and an axe check for serious and critical violations.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from '../helpers.ts';
import type { AppConfig } from '../../src/context.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  base: string;
  /** Console and page errors seen so far, with the page's address. */
  errors: string[];
  /** A fresh context signed in as `username` (or anonymous); `expected` matches console errors a test provokes. */
  open(username: string | null, expected?: RegExp): Promise<{ ctx: import('playwright-core').BrowserContext; page: Page }>;
  axe(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `start`: the server's clock (a test whose page reads the browser's own today passes the real time);
 * `config`: settings of the app (e.g. the notification sandboxes, test/notification-sandboxes.ts).
 */
export async function startBrowserHarness(start?: string, config: Partial<AppConfig> = {}): Promise<BrowserHarness> {
  const t = await startTestApp('pglite', config, start);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const errors: string[] = [];
  return {
    t,
    browser,
    base,
    errors,
    async open(username, expected) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      if (username) await ctx.addCookies([{ name: 'motcua_session', value: await t.token(username), url: base }]);
      const page = await ctx.newPage();
      page.on('console', (m) => m.type() === 'error' && !(expected && expected.test(m.text())) && errors.push(`${page.url()}: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      return { ctx, page };
    },
    async axe(page, name) {
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
