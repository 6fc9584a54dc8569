/**
 * Evaluation of a unit's handling of procedures per period (Decree 61/2018, chapter on evaluation;
 * domain §3): 9 indicators × 2 points = 18. Each indicator has a self-score, an appraised score and the
 * number of rating slips; where motcua holds the data it also suggests a score (an average of the
 * per-dossier points: 2 best, 1 middle, 0 worst). Bands are a parameter (one province's are the default).
 */

export const INDICATORS = [
  { n: 1, label: 'Tổng thời gian giải quyết TTHC so với thời gian quy định' },
  { n: 2, label: 'Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết' },
  { n: 3, label: 'Số lần đi lại liên hệ với Bộ phận Một cửa để hoàn thiện hồ sơ' },
  { n: 4, label: 'Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ' },
  { n: 5, label: 'Thực hiện tiếp nhận, giải quyết qua Bộ phận Một cửa' },
  { n: 6, label: 'Công khai thủ tục hành chính' },
  { n: 7, label: 'Thái độ của cán bộ, công chức, viên chức' },
  { n: 8, label: 'Tiếp nhận và xử lý phản ánh, kiến nghị' },
  { n: 9, label: 'Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến' },
] as const;

export interface EvaluationFigures {
  finishedEarly: number;
  finishedOnTime: number;
  finishedLate: number;
  accepted: number;
  supplementRequests: number;
  supplementSecond: number;
  ratedDissatisfied: number;
  ratedSatisfied: number;
  ratedVerySatisfied: number;
  proceduresInCompetence: number;
  proceduresComplete: number;
  received: number;
  receivedOnline: number;
  /** Step hand-overs judged early / on time / late, for indicator 2; null when not measured. */
  steps: { early: number; onTime: number; late: number } | null;
  /** Feedback (PAKN) of the unit subtree handled in the period (approved, rejected or returned), and how many on time; for indicator 8. */
  feedback: { handled: number; handledOnTime: number };
}

export interface Suggestion {
  indicator: number;
  score: number | null;
  basis: string;
}

const avg = (two: number, one: number, zero: number) => {
  const n = two + one + zero;
  return n === 0 ? null : Math.round(((2 * two + one) / n) * 100) / 100;
};

export function suggestScores(f: EvaluationFigures): Suggestion[] {
  const once = Math.max(0, f.supplementRequests - 2 * f.supplementSecond);
  const twice = f.supplementSecond;
  const onlineShare = f.received > 0 ? f.receivedOnline / f.received : null;
  return [
    { indicator: 1, score: avg(f.finishedEarly, f.finishedOnTime, f.finishedLate), basis: 'trước hạn 2, đúng hạn 1, trễ hạn 0 / early 2, on time 1, late 0' },
    { indicator: 2, score: f.steps ? avg(f.steps.early, f.steps.onTime, f.steps.late) : null, basis: 'từng bước chuyển xử lý / each hand-over step' },
    { indicator: 3, score: avg(Math.max(0, f.accepted - once - twice), once, twice), basis: 'không bổ sung 2, bổ sung một lần 1, hai lần 0 / no supplement 2, once 1, twice 0' },
    { indicator: 4, score: f.received > 0 ? 2 : null, basis: 'mọi hồ sơ qua một đầu mối (một cửa, liên thông nội bộ) / one contact point' },
    { indicator: 5, score: f.received > 0 ? 2 : null, basis: 'mọi hồ sơ tiếp nhận qua Bộ phận Một cửa hoặc cổng trực tuyến / all through the one-stop desk' },
    { indicator: 6, score: f.proceduresInCompetence > 0 ? Math.round((2 * f.proceduresComplete / f.proceduresInCompetence) * 100) / 100 : null, basis: 'TTHC công bố đầy đủ / procedures published complete' },
    { indicator: 7, score: avg(f.ratedVerySatisfied, f.ratedSatisfied, f.ratedDissatisfied), basis: 'đánh giá: rất hài lòng 2, hài lòng 1, không hài lòng 0 / ratings' },
    // Each handled item scores 2 when handled within its deadline (15 working days), 0 late: the same "handled" as 766 criterion 5.1.
    { indicator: 8, score: avg(f.feedback.handledOnTime, 0, f.feedback.handled - f.feedback.handledOnTime), basis: 'phản ánh, kiến nghị xử lý đúng hạn 2, trễ hạn 0 / feedback handled on time 2, late 0' },
    { indicator: 9, score: onlineShare === null ? null : Math.round(Math.min(2, (2 * onlineShare) / 0.5) * 100) / 100, basis: 'tỷ lệ hồ sơ trực tuyến, đạt 2 điểm từ 50 % / online share, 2 points from 50 %' },
  ];
}

export interface EvaluationBands {
  excellent: number;
  good: number;
  fair: number;
  average: number;
}
/** As implemented by one province (domain §3): configurable. */
export const DEFAULT_EVALUATION_BANDS: EvaluationBands = { excellent: 15, good: 12, fair: 9, average: 6 };

export function evaluationBand(total: number, bands: EvaluationBands = DEFAULT_EVALUATION_BANDS): 'excellent' | 'good' | 'fair' | 'average' | 'weak' {
  if (total >= bands.excellent) return 'excellent';
  if (total >= bands.good) return 'good';
  if (total >= bands.fair) return 'fair';
  if (total >= bands.average) return 'average';
  return 'weak';
}
