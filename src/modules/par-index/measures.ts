/**
 * The registry of computed measures (docs/par-index.md): a name → a label, a unit and a function giving, for a
 * unit's subtree and a period, a ratio 0..1 (null: no data) and the figures behind it. Built-in measures read
 * the measurement module (the same functions as /api/stats/kpis and /api/stats/index766, so a computed leaf
 * equals the dashboard's figure for the same unit and period), the feedback module and the surveys module.
 * Other modules add theirs through `registerParMeasure`, called by the composition root (src/app.ts).
 */
import type { AppContext } from '../../context.ts';
import type { Message } from '../../kernel/errors.ts';
import { startOfDay, parseIsoDate } from '../calendar/domain/local-time.ts';
import { feedbackFigures } from '../feedback/queries.ts';
import { index766 } from '../measurement/index766.ts';
import { kpis } from '../measurement/stats.ts';
import { latestSipasOf } from '../surveys/results.ts';

export interface MeasureScope {
  orgId: string;
  /** The unit and the units under it today. */
  orgIds: string[];
  /** Inclusive ISO dates: the year's start to the freeze date. */
  from: string;
  to: string;
  year: number;
  /** The part after ":" in the leaf's measure (e.g. a field code). */
  arg: string | null;
}
export interface Figure {
  label: Message;
  value: number | string | null;
}
export interface MeasureResult {
  /** 0..1; null: no data (the leaf scores nothing until the appraiser decides). */
  ratio: number | null;
  figures: Figure[];
  note?: Message;
}
export interface ParMeasure {
  name: string;
  label: Message;
  unit: Message;
  /** Whether the measure takes an argument after ":" (e.g. on_time_share:dat-dai). */
  takesArg?: boolean;
  compute: (ctx: AppContext, scope: MeasureScope) => Promise<MeasureResult>;
}

const registry = new Map<string, ParMeasure>();

/** Adds a measure (a module's own figure) to the registry; the composition root calls it at start. */
export function registerParMeasure(m: ParMeasure): void {
  registry.set(m.name, m);
}
export const parMeasures = (): ParMeasure[] => [...registry.values()];

/** "on_time_share:dat-dai" → the measure and its argument, or null when unknown. */
export function measureOf(spec: string): { measure: ParMeasure; arg: string | null } | null {
  const [name, arg] = spec.includes(':') ? [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)] : [spec, null];
  const measure = registry.get(name);
  if (!measure || (arg !== null && !measure.takesArg) || arg === '') return null;
  return { measure, arg };
}
export const knownMeasure = (spec: string) => measureOf(spec) !== null;

const RATIO = { vi: 'tỷ lệ', en: 'ratio' };
const f = (vi: string, en: string, value: number | string | null): Figure => ({ label: { vi, en }, value });

registerParMeasure({
  name: 'on_time_share',
  label: { vi: 'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (tùy chọn: theo lĩnh vực)', en: 'Share of dossiers finished early or on time (optionally per field)' },
  unit: RATIO,
  takesArg: true,
  compute: async (ctx, s) => {
    const report = await kpis(ctx, { orgId: s.orgId, from: s.from, to: s.to, groupBy: s.arg ? 'field' : 'none' });
    const g = s.arg ? report.groups.find((x) => x.key === s.arg) : report.total;
    const c: Record<string, number> = g?.counters ?? {};
    return {
      ratio: g?.onTimeRate ?? null,
      figures: [
        ...(s.arg ? [f('Lĩnh vực', 'Field', s.arg)] : []),
        f('Hồ sơ đã giải quyết', 'Dossiers finished', g?.finished ?? 0),
        f('Trước hạn', 'Early', c.finished_early ?? 0),
        f('Đúng hạn', 'On time', c.finished_on_time ?? 0),
        f('Trễ hạn', 'Late', c.finished_late ?? 0),
      ],
    };
  },
});

registerParMeasure({
  name: 'dossiers_online_share',
  label: { vi: 'Tỷ lệ hồ sơ nộp trực tuyến', en: 'Share of dossiers received online' },
  unit: RATIO,
  compute: async (ctx, s) => {
    const t = (await kpis(ctx, { orgId: s.orgId, from: s.from, to: s.to, groupBy: 'none' })).total;
    return { ratio: t.onlineShare, figures: [f('Hồ sơ trực tuyến', 'Received online', t.counters.received_online ?? 0), f('Hồ sơ tiếp nhận', 'Received', t.counters.received ?? 0)] };
  },
});

registerParMeasure({
  name: 'satisfaction_rated',
  label: { vi: 'Tỷ lệ đánh giá hài lòng trở lên khi nhận kết quả', en: 'Share of ratings satisfied or better on receiving results' },
  unit: RATIO,
  compute: async (ctx, s) => {
    const t = (await kpis(ctx, { orgId: s.orgId, from: s.from, to: s.to, groupBy: 'none' })).total;
    return {
      ratio: t.satisfaction.satisfiedOrBetter,
      figures: [f('Lượt đánh giá', 'Ratings', t.satisfaction.rated), f('Hài lòng, rất hài lòng', 'Satisfied or very satisfied', (t.counters.rated_satisfied ?? 0) + (t.counters.rated_very_satisfied ?? 0))],
    };
  },
});

registerParMeasure({
  name: 'index766',
  label: { vi: 'Tổng điểm Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766) / 100, cả năm', en: 'The 766 service index total / 100, over the year' },
  unit: RATIO,
  compute: async (ctx, s) => {
    const r = await index766(ctx, s.orgId, String(s.year));
    return {
      ratio: Math.round((r.total / r.max) * 10_000) / 10_000,
      figures: [f('Tổng điểm 766', '766 total', r.total), f('Điểm đo từ dữ liệu', 'Measured points', r.measuredPoints), f('Điểm chưa có nguồn dữ liệu', 'Points with no data source', r.noDataPoints)],
    };
  },
});

registerParMeasure({
  name: 'procedures_online_share',
  label: { vi: 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến (một phần, toàn trình)', en: 'Share of procedures offered online (partly or fully)' },
  unit: RATIO,
  compute: async (ctx, s) => {
    const c = (await index766(ctx, s.orgId, String(s.year))).criteria.find((x) => x.code === '3.1')!;
    const ratio = c.numerator !== null && c.denominator ? Math.round((c.numerator / c.denominator) * 10_000) / 10_000 : null;
    return { ratio, figures: [f('TTHC trực tuyến', 'Procedures online', c.numerator), f('TTHC thuộc thẩm quyền', 'Procedures in competence', c.denominator)] };
  },
});

registerParMeasure({
  name: 'online_payment_share',
  label: { vi: 'Tỷ lệ hồ sơ thanh toán trực tuyến', en: 'Share of dossiers paid online' },
  unit: RATIO,
  // The 766 index's criterion 6.1 (dossiers paid online / dossiers with a fee), as the dashboard shows it.
  compute: async (ctx, s) => {
    const c = (await index766(ctx, s.orgId, String(s.year))).criteria.find((x) => x.code === '6.1')!;
    const ratio = c.numerator !== null && c.denominator ? Math.round((c.numerator / c.denominator) * 10_000) / 10_000 : null;
    return {
      ratio,
      figures: [f('Hồ sơ thanh toán trực tuyến', 'Dossiers paid online', c.numerator), f('Hồ sơ có phí, lệ phí', 'Dossiers with a fee', c.denominator)],
      ...(ratio === null ? { note: { vi: 'Chưa có dữ liệu: không có hồ sơ có phí, lệ phí trong kỳ.', en: 'No data: no dossier with a fee in the period.' } } : {}),
    };
  },
});

registerParMeasure({
  name: 'feedback_on_time',
  label: { vi: 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn', en: 'Share of feedback (PAKN) handled on time' },
  unit: RATIO,
  compute: async (ctx, s) => {
    const d = parseIsoDate(s.to)!;
    const end = startOfDay(d + 1);
    const fb = await feedbackFigures(ctx.db, s.orgIds, startOfDay(parseIsoDate(s.from)!), end, end.getTime() < ctx.clock().getTime() ? end : ctx.clock());
    // As criterion 5.1 of the 766 index: nothing handled → full marks.
    return {
      ratio: fb.handled ? Math.round((fb.handledOnTime / fb.handled) * 10_000) / 10_000 : 1,
      figures: [f('Đã xử lý', 'Handled', fb.handled), f('Xử lý đúng hạn', 'Handled on time', fb.handledOnTime)],
      ...(fb.handled ? {} : { note: { vi: 'Không có phản ánh được xử lý trong kỳ: đạt điểm tối đa (như tiêu chí 5.1 của QĐ 766).', en: 'No feedback handled in the period: full points (as 766 criterion 5.1).' } }),
    };
  },
});

registerParMeasure({
  name: 'sipas',
  label: { vi: 'Chỉ số hài lòng SIPAS của đợt khảo sát gần nhất trong năm', en: 'The SIPAS index of the year’s latest survey round' },
  unit: RATIO,
  compute: async (ctx, s) => {
    const r = await latestSipasOf(ctx, s.orgIds, s.from, s.to);
    if (!r) return { ratio: null, figures: [], note: { vi: 'Chưa có đợt khảo sát SIPAS có phiếu trả lời của đơn vị trong kỳ.', en: 'No SIPAS round with answers from the unit in the period.' } };
    return { ratio: r.index, figures: [f('Đợt khảo sát', 'Survey round', r.roundName), f('Số phiếu', 'Responses', r.responses), f('Chỉ số SIPAS', 'SIPAS index', r.index)] };
  },
});

