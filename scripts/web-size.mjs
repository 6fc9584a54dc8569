#!/usr/bin/env node
// Prints the transfer size (gzip) of what the portal's first page downloads — the entry script, its
// preloaded chunks and its CSS — and of each chunk loaded later (desk, administration, dashboard with its
// charts, the XLSX writer, QR reader).
// Aim (issue 3): the portal entry ≤ 150 KB gzip. Writes dist/web/size.json.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dir = 'dist/web';
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gz = (f) => gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const entrySizes = entry.map((f) => ({ file: f, gzip: gz(f) }));
const total = entrySizes.reduce((a, b) => a + b.gzip, 0);
const lazy = readdirSync(join(dir, 'assets'))
  .map((f) => `assets/${f}`)
  .filter((f) => !entry.includes(f) && /\.(js|css)$/.test(f))
  .map((f) => ({ file: f, gzip: gz(f) }));
console.log(`Portal entry (JS+CSS, gzip): ${kb(total)} — aim ≤ 150 KB${total > 150 * 1024 ? ' — OVER THE AIM' : ''}`);
for (const e of entrySizes) console.log(`  ${e.file.padEnd(40)} ${kb(e.gzip)}`);
console.log('Loaded on demand:');
for (const e of lazy) console.log(`  ${e.file.padEnd(40)} ${kb(e.gzip)}`);
writeFileSync(join(dir, 'size.json'), JSON.stringify({ entryGzipBytes: total, entry: entrySizes, lazy }, null, 2));
