/**
 * The real-time service index of Decision 766/QĐ-TTg (2022), 100 points in six groups, as the national
 * portal computes it (domain §4). Pure: the service gathers the inputs from the counters, the catalogue
 * and the open dossiers.
 *
 * Each criterion reports numerator, denominator, score and one of three statuses (issue 14):
 *   measured        — a score from motcua's own data;
 *   not_applicable  — nothing to measure for this unit (e.g. no dossier received): full marks, as the
 *                     portal does, with the rule that made it so (`reason`);
 *   no_data         — no data source yet: a system motcua is not connected to (national portal sync,
 *                     population database, payment gateway) or a channel it does not have (feedback,
 *                     PAKN): scored 0 and said so (`reason`) — never full marks, which would flatter the unit.
 */

export type CriterionStatus = 'measured' | 'not_applicable' | 'no_data';

/** A sentence in both languages. */
export interface Bilingual {
  vi: string;
  en: string;
}

export interface Criterion {
  group: 'publicity' | 'progress' | 'online' | 'digitisation' | 'satisfaction' | 'payment';
  code: string;
  label: string;
  max: number;
  numerator: number | null;
  denominator: number | null;
  score: number;
  status: CriterionStatus;
  /** Why a criterion is not measured: the rule that makes it not applicable, or the missing data source. */
  reason?: Bilingual;
}

/** Counts of a unit (or subtree) for a period; null where motcua has no source for the figure yet. */
export interface Index766Input {
  procedures: {
    inCompetence: number;
    offeredOnline: number; // partial or full online service
    withAllParts: number;
    publishedOnTime: number | null;
    updatedNationallyInTime: number | null;
    withOnlineDossier: number; // online services that received at least one online dossier in the period
    withFee: number;
    withOnlinePayment: number | null;
    feeDataSynced: number | null;
    usingPopulationDb: number | null;
  };
  dossiers: {
    received: number;
    /** Of `received`, refused at intake (Form 03): left out of the progress criterion (see dossier/timeliness.ts). */
    refusedAtIntake?: number;
    receivedOnline: number; // online, and (where the result is a document) returned with an e-result
    finishedEarly: number;
    finishedOnTime: number;
    finishedLate: number; // includes dossiers made overdue by a second supplement request
    openWithinDeadline: number; // at the end of the period
    openOverdue: number; // at the end of the period
    completed: number;
    withElectronicResult: number;
    withDigitisedComponents: number;
    syncedToNationalPortal: number | null;
    reusingDigitisedData: number | null;
    linkedToCitizenDataStore: number | null;
    usingPopulationDb: number | null;
    dissatisfied: number;
    withFee: number;
    paidOnline: number | null;
  };
  /** Communes in scope, and those offering electronic certified copies; total 0 when none in scope. */
  communes: { total: number; offeringElectronicCopies: number };
  /**
   * Feedback (PAKN) in the period (src/modules/feedback/queries.ts feedbackFigures): `total` received, of
   * which disliked, overdue and repeated (5.2); `handled` in the period, of which on time (5.1). null: no
   * feedback channel (a deployment without the module).
   */
  feedback: { total: number; handled?: number; handledOnTime: number; disliked: number; overdue: number; repeated: number } | null;
}

const round = (n: number) => Math.round(n * 100) / 100;

const NOT_CONNECTED: Bilingual = { vi: 'Chưa có nguồn số liệu: motcua chưa kết nối hệ thống cung cấp số liệu này.', en: 'No data source yet: motcua is not connected to the system that holds this figure.' };
const NO_PAYMENT_GATEWAY: Bilingual = { vi: 'Chưa có nguồn số liệu: chưa kết nối cổng thanh toán trực tuyến.', en: 'No data source yet: no online payment gateway is connected.' };
const NO_FEEDBACK_CHANNEL: Bilingual = { vi: 'Chưa có nguồn số liệu: motcua chưa có kênh tiếp nhận phản ánh, kiến nghị.', en: 'No data source yet: motcua has no feedback (PAKN) channel.' };
const NA = {
  procedures: { vi: 'Không áp dụng: đơn vị không có thủ tục hành chính thuộc thẩm quyền (đạt điểm tối đa).', en: 'Not applicable: the unit has no procedure in its competence (full marks).' },
  online: { vi: 'Không áp dụng: đơn vị không có thủ tục cung cấp dịch vụ công trực tuyến (đạt điểm tối đa).', en: 'Not applicable: the unit offers no procedure online (full marks).' },
  received: { vi: 'Không áp dụng: không tiếp nhận hồ sơ nào trong kỳ (đạt điểm tối đa).', en: 'Not applicable: no dossier received in the period (full marks).' },
  progress: { vi: 'Không áp dụng: không có hồ sơ tiếp nhận trong kỳ, trừ hồ sơ từ chối tiếp nhận (đạt điểm tối đa).', en: 'Not applicable: no dossier received in the period, refusals at intake aside (full marks).' },
  completed: { vi: 'Không áp dụng: không có hồ sơ hoàn thành trong kỳ (đạt điểm tối đa).', en: 'Not applicable: no dossier completed in the period (full marks).' },
  handled: { vi: 'Không áp dụng: không có hồ sơ đã giải quyết hoặc đang giải quyết trong kỳ (đạt điểm tối đa).', en: 'Not applicable: no dossier finished or open in the period (full marks).' },
  communes: { vi: 'Không áp dụng: không có đơn vị cấp xã trong phạm vi (đạt điểm tối đa).', en: 'Not applicable: no commune in scope (full marks).' },
  feedback: { vi: 'Không áp dụng: không có phản ánh, kiến nghị trong kỳ (đạt điểm tối đa).', en: 'Not applicable: no feedback in the period (full marks).' },
  fee: { vi: 'Không áp dụng: không có thủ tục hoặc hồ sơ thu phí, lệ phí (đạt điểm tối đa).', en: 'Not applicable: no procedure or dossier with a fee (full marks).' },
} satisfies Record<string, Bilingual>;

/** Why a criterion with nothing to divide by scores full marks, and why one without a source scores 0. */
interface Reasons {
  notApplicable: Bilingual;
  noData?: Bilingual;
}

function criterion(
  group: Criterion['group'],
  code: string,
  label: string,
  max: number,
  numerator: number | null,
  denominator: number | null,
  formula: (ratio: number) => number,
  reasons: Reasons,
): Criterion {
  const base = { group, code, label, max, numerator, denominator };
  // Nothing to measure (no dossier, no procedure with a fee…): full marks, as the national portal does,
  // whatever the numerator's source.
  if (denominator === 0) return { ...base, score: max, status: 'not_applicable', reason: reasons.notApplicable };
  // No source for the denominator or the numerator: no data, scored 0 and said so.
  if (denominator === null || numerator === null) return { ...base, score: 0, status: 'no_data', reason: reasons.noData ?? NOT_CONNECTED };
  const ratio = Math.min(1, Math.max(0, numerator / denominator));
  return { ...base, score: round(Math.max(0, Math.min(max, formula(ratio)))), status: 'measured' };
}

export function compute766(input: Index766Input): Criterion[] {
  const p = input.procedures;
  const d = input.dossiers;
  const f = input.feedback;
  const finishedOrOpen = d.finishedEarly + d.finishedOnTime + d.finishedLate + d.openWithinDeadline + d.openOverdue;
  const feedback = { notApplicable: NA.feedback, noData: NO_FEEDBACK_CHANNEL };
  return [
    criterion('publicity', '1.1', 'TTHC công bố đúng hạn', 6, p.publishedOnTime, p.inCompetence, (r) => 6 * r, { notApplicable: NA.procedures }),
    criterion('publicity', '1.2', 'TTHC cập nhật lên CSDL quốc gia đúng hạn', 4, p.updatedNationallyInTime, p.inCompetence, (r) => 4 * r, { notApplicable: NA.procedures }),
    criterion('publicity', '1.3', 'TTHC công bố đầy đủ thành phần', 2, p.withAllParts, p.inCompetence, (r) => 2 * r, { notApplicable: NA.procedures }),
    criterion('publicity', '1.4', 'Hồ sơ đồng bộ lên Cổng DVC quốc gia', 6, d.syncedToNationalPortal, d.received, (r) => 6 * r, { notApplicable: NA.received }),
    criterion('progress', '2.1', 'Hồ sơ giải quyết trước hạn, đúng hạn (kể cả đang giải quyết trong hạn)', 20, d.finishedEarly + d.finishedOnTime + d.openWithinDeadline, d.received - (d.refusedAtIntake ?? 0), (r) => 20 * r, { notApplicable: NA.progress }),
    criterion('online', '3.1', 'TTHC cung cấp DVC trực tuyến', 2, p.offeredOnline, p.inCompetence, (r) => Math.min(2, (2 * r) / 0.8), { notApplicable: NA.procedures }),
    criterion('online', '3.2', 'DVC trực tuyến phát sinh hồ sơ trực tuyến', 4, p.withOnlineDossier, p.offeredOnline, (r) => 4 * r, { notApplicable: NA.online }),
    criterion('online', '3.3', 'Hồ sơ trực tuyến trên tổng hồ sơ', 6, d.receivedOnline, d.received, (r) => Math.min(6, (6 * r) / 0.5), { notApplicable: NA.received }),
    criterion('digitisation', '4.1', 'Hồ sơ có kết quả điện tử', 6, d.withElectronicResult, d.completed, (r) => 6 * r, { notApplicable: NA.completed }),
    criterion('digitisation', '4.2', 'Hồ sơ được số hóa thành phần', 4, d.withDigitisedComponents, d.received, (r) => Math.min(4, (4 * r) / 0.8), { notApplicable: NA.received }),
    criterion('digitisation', '4.3', 'Xã cung cấp chứng thực bản sao điện tử', 2, input.communes.offeringElectronicCopies, input.communes.total, (r) => 2 * r, { notApplicable: NA.communes }),
    criterion('digitisation', '4.4', 'Tái sử dụng dữ liệu số hóa', 2, d.reusingDigitisedData, d.received, (r) => Math.min(2, (2 * r) / 0.8), { notApplicable: NA.received }),
    criterion('digitisation', '4.5', 'Hồ sơ số hóa kết nối Kho dữ liệu của công dân', 4, d.linkedToCitizenDataStore, d.received, (r) => 4 * r, { notApplicable: NA.received }),
    criterion('digitisation', '4.6', 'TTHC sử dụng CSDL quốc gia về dân cư', 2, p.usingPopulationDb, p.inCompetence, (r) => 2 * r, { notApplicable: NA.procedures }),
    criterion('digitisation', '4.7', 'Hồ sơ sử dụng CSDL quốc gia về dân cư', 2, d.usingPopulationDb, d.received, (r) => 2 * r, { notApplicable: NA.received }),
    criterion('satisfaction', '5.1', 'Phản ánh, kiến nghị xử lý đúng hạn', 6, f?.handledOnTime ?? null, f ? (f.handled ?? f.total) : null, (r) => 6 * r, feedback),
    criterion('satisfaction', '5.2', 'Phản ánh, kiến nghị xử lý hài lòng', 6, f ? f.total - f.disliked - f.overdue - f.repeated : null, f?.total ?? null, (r) => 6 * r, feedback),
    // 1 − (overdue share + share with feedback or dissatisfied), over dossiers finished or open in the period.
    criterion('satisfaction', '5.3', 'Mức độ hài lòng trong giải quyết hồ sơ', 6, finishedOrOpen - (d.finishedLate + d.openOverdue) - d.dissatisfied, finishedOrOpen, (r) => Math.min(6, (6 * r) / 0.9), { notApplicable: NA.handled }),
    criterion('payment', '6.1', 'Hồ sơ thanh toán trực tuyến', 6, d.paidOnline, d.withFee, (r) => 6 * r, { notApplicable: NA.fee, noData: NO_PAYMENT_GATEWAY }),
    criterion('payment', '6.2', 'TTHC có phát sinh thanh toán trực tuyến', 2, p.withOnlinePayment, p.withFee, (r) => Math.min(2, 2.5 * r), { notApplicable: NA.fee, noData: NO_PAYMENT_GATEWAY }),
    criterion('payment', '6.3', 'TTHC có dữ liệu phí, lệ phí được đồng bộ', 2, p.feeDataSynced, p.withFee, (r) => Math.min(2, 2.5 * r), { notApplicable: NA.fee }),
  ];
}

export const GROUP_MAX = { publicity: 18, progress: 20, online: 12, digitisation: 22, satisfaction: 18, payment: 10 } as const;

/** Bands are unconfirmed (a press report: 90–100 excellent, under 50 weak): a parameter, never a constant. */
export interface Bands {
  excellent: number;
  good: number;
  fair: number;
}
export const DEFAULT_BANDS: Bands = { excellent: 90, good: 70, fair: 50 };

export function summarise766(criteria: Criterion[], bands: Bands = DEFAULT_BANDS) {
  const groups = Object.fromEntries(
    (Object.keys(GROUP_MAX) as Array<keyof typeof GROUP_MAX>).map((g) => [g, { max: GROUP_MAX[g], score: round(criteria.filter((c) => c.group === g).reduce((s, c) => s + c.score, 0)) }]),
  ) as Record<keyof typeof GROUP_MAX, { max: number; score: number }>;
  const total = round(criteria.reduce((s, c) => s + c.score, 0));
  const band = total >= bands.excellent ? 'excellent' : total >= bands.good ? 'good' : total >= bands.fair ? 'fair' : 'weak';
  const pointsOf = (status: CriterionStatus) => round(criteria.filter((c) => c.status === status).reduce((s, c) => s + c.max, 0));
  // The total says how much of it is measured: points scored from data, full marks by rule, and points with no source yet.
  return { total, max: 100, band, groups, measuredPoints: pointsOf('measured'), notApplicablePoints: pointsOf('not_applicable'), noDataPoints: pointsOf('no_data') };
}
