/** DejaVu (npm package dejavu-fonts-ttf): covers Vietnamese, embedded (subset) in every PDF we make. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_FILES = {
  normal: join(dir, 'DejaVuSans.ttf'),
  bold: join(dir, 'DejaVuSans-Bold.ttf'),
  italics: join(dir, 'DejaVuSans-Oblique.ttf'),
  bolditalics: join(dir, 'DejaVuSans-BoldOblique.ttf'),
  serif: join(dir, 'DejaVuSerif.ttf'),
  serifBold: join(dir, 'DejaVuSerif-Bold.ttf'),
};

let regular: Buffer | null = null;
export function regularFontBytes(): Buffer {
  return (regular ??= readFileSync(FONT_FILES.normal));
}
