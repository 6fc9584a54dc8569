/**
 * Published results of a year and group (GET /api/par/:year/results): per unit the total and per-area scores
 * (appraised, as corrected), its rank within the group (competition ranking: 1, 2, 2, 4), band, the change
 * from last year's published total, and the share of units rated good or better against the city's ≥ 90 %
 * target. Only PUBLISHED assessments count: this is the public face. Exports as XLSX and PDF.
 */
import type { AppContext } from '../../context.ts';
import { docDefinition, renderPdf, type Content } from '../documents/forms.ts';
import { xlsxSheet } from '../surveys/xlsx.ts';
import type { ParResults } from './contracts.ts';
import { BAND_LABELS, DEFAULT_BANDS, type ParGroup } from './domain/criteria.ts';
import { bandOf, competitionRanks, shareGoodOrBetter, totals } from './domain/scoring.ts';
import { findSet, setById } from './sets.ts';
import { finalScores } from './view.ts';

export const GOOD_OR_BETTER_TARGET = 0.9;
const GROUP_NAMES: Record<ParGroup, { vi: string; en: string }> = {
  department: { vi: 'Sở, ban, ngành', en: 'Departments' },
  ward: { vi: 'Phường, xã', en: 'Wards and communes' },
  province: { vi: 'Tỉnh, thành phố', en: 'Province' },
};

async function publishedTotals(ctx: AppContext, year: number, group: ParGroup) {
  const rows = await ctx.db.selectFrom('par_assessments').selectAll().where('year', '=', year).where('grp', '=', group).where('status', '=', 'published').execute();
  const { scores, corrected } = await finalScores(ctx, rows.map((r) => r.id));
  const out = [];
  for (const r of rows) {
    const set = await setById(ctx, r.set_id);
    const t = totals(set.rows, (code) => scores.get(r.id)?.get(code)?.final ?? null);
    out.push({ row: r, set, ...t, corrected: corrected.has(r.id) });
  }
  return out;
}

export async function parResults(ctx: AppContext, year: number, group: ParGroup): Promise<ParResults> {
  const set = await findSet(ctx, year, group);
  const bands = set?.bands ?? DEFAULT_BANDS;
  const current = await publishedTotals(ctx, year, group);
  const previous = new Map((await publishedTotals(ctx, year - 1, group)).map((p) => [p.row.org_id, p.total]));
  const names = new Map((await ctx.orgs.all()).map((o) => [o.id, o.name]));
  const ranks = competitionRanks(current.map((c) => c.total));
  const units = current
    .map((c, i) => {
      const prev = previous.get(c.row.org_id) ?? null;
      return {
        orgId: c.row.org_id,
        orgName: names.get(c.row.org_id) ?? c.row.org_id,
        total: c.total,
        areas: c.areas.map((a) => ({ code: a.code, score: a.score })),
        rank: ranks[i]!,
        band: bandOf(c.total, c.set.bands),
        previousTotal: prev,
        change: prev === null ? null : Math.round((c.total - prev) * 100) / 100,
        corrected: c.corrected,
        publishedAt: c.row.published_at!.toISOString(),
      };
    })
    .sort((a, b) => a.rank - b.rank || a.orgName.localeCompare(b.orgName, 'vi'));
  const share = shareGoodOrBetter(units.map((u) => u.band), GOOD_OR_BETTER_TARGET);
  return {
    year,
    group,
    setName: set?.name ?? null,
    bands,
    areas: (set?.rows ?? []).filter((r) => !r.code.includes('.')).map((r) => ({ code: r.code, name: r.name, max: r.max })),
    units,
    goodOrBetter: { ...share, target: GOOD_OR_BETTER_TARGET },
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${(Math.round(x * 1000) / 10).toLocaleString('vi-VN')} %`);
const pts = (x: number) => x.toLocaleString('vi-VN', { maximumFractionDigits: 2 });

export async function resultsXlsx(ctx: AppContext, year: number, group: ParGroup): Promise<Buffer> {
  const r = await parResults(ctx, year, group);
  const head = ['Hạng', 'Đơn vị', 'Tổng điểm', 'Xếp loại', ...r.areas.map((a) => `${a.code}. ${a.name} (${a.max})`), `Năm ${year - 1}`, 'Tăng/giảm', 'Có đính chính'];
  const rows = r.units.map((u) => [u.rank, u.orgName, u.total, BAND_LABELS[u.band].vi, ...r.areas.map((a) => u.areas.find((x) => x.code === a.code)?.score ?? null), u.previousTotal, u.change, u.corrected ? 'Có' : '']);
  return xlsxSheet(`Chỉ số CCHC ${year}`, head, rows);
}

export async function resultsPdf(ctx: AppContext, year: number, group: ParGroup): Promise<Buffer> {
  const r = await parResults(ctx, year, group);
  const cell = (text: string, bold = false) => ({ text, bold, fontSize: 8 });
  const content: Content[] = [
    { text: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH', bold: true, alignment: 'center' },
    { text: `KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`, bold: true, fontSize: 13, alignment: 'center', margin: [0, 8, 0, 0] },
    { text: `${GROUP_NAMES[group].vi}${r.setName ? ` — ${r.setName}` : ''}`, alignment: 'center', margin: [0, 0, 0, 8] },
    r.units.length
      ? {
          table: {
            headerRows: 1,
            widths: ['auto', '*', 'auto', 'auto', ...r.areas.map(() => 'auto' as const), 'auto'],
            body: [
              [cell('Hạng', true), cell('Đơn vị', true), cell('Tổng điểm', true), cell('Xếp loại', true), ...r.areas.map((a) => cell(`LV ${a.code} (${a.max})`, true)), cell('Tăng/giảm', true)],
              ...r.units.map((u) => [cell(String(u.rank)), cell(u.orgName + (u.corrected ? ' *' : '')), cell(pts(u.total)), cell(BAND_LABELS[u.band].vi), ...r.areas.map((a) => cell(pts(u.areas.find((x) => x.code === a.code)?.score ?? 0))), cell(u.change === null ? '—' : (u.change > 0 ? '+' : '') + pts(u.change))]),
            ],
          },
        }
      : { text: 'Chưa có kết quả được công bố.' },
    {
      text: `Tỷ lệ đơn vị xếp loại Tốt trở lên: ${pct(r.goodOrBetter.share)} (${r.goodOrBetter.count}/${r.goodOrBetter.of}); mục tiêu ≥ 90 %: ${r.goodOrBetter.met === null ? '—' : r.goodOrBetter.met ? 'đạt' : 'chưa đạt'}.`,
      margin: [0, 8, 0, 0],
    },
    { text: 'Lĩnh vực: ' + r.areas.map((a) => `${a.code}. ${a.name}`).join('; ') + '.', fontSize: 8, margin: [0, 6, 0, 0] },
    { text: `Ngưỡng xếp loại: Xuất sắc từ ${r.bands.excellent}, Tốt từ ${r.bands.good}, Khá từ ${r.bands.fair}, Trung bình từ ${r.bands.average}, dưới ${r.bands.average} là Yếu. (*) có điểm được đính chính sau khi công bố.`, fontSize: 8 },
  ];
  return renderPdf(docDefinition(content, 'A4-landscape'));
}
