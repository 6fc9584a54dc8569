/**
 * The city's standard SIPAS questionnaire (reference data, seeded by migration 028's companion
 * ensureStandardQuestionnaire) and the checks every questionnaire and every set of answers pass.
 */
import type { FieldIssue } from '../../../kernel/errors.ts';
import type { LocString, Question, SurveyAnswers, SurveyDefinition } from '../contracts.ts';
import { FACTORS, KINDS, questionName, type Factor, type Kind } from './stats.ts';

export const STANDARD_ID = 'sipas-chuan-v1';
export const STANDARD_FAMILY = 'sipas-chuan';

const FACTOR_TEXT: Record<Factor, { vi: string; en: string }> = {
  access: { vi: 'Tiếp cận dịch vụ (nơi tiếp nhận, trang thiết bị, cổng dịch vụ công)', en: 'Access to the service (the desk, its equipment, the online portal)' },
  procedure: { vi: 'Thủ tục hành chính (thành phần hồ sơ, phí, thời hạn được niêm yết)', en: 'The procedure (documents required, fees and time limits as published)' },
  servant: { vi: 'Công chức trực tiếp giải quyết công việc (thái độ, hướng dẫn)', en: 'The civil servant who handled it (attitude, guidance)' },
  result: { vi: 'Kết quả giải quyết thủ tục hành chính (đúng hạn, chính xác)', en: 'The result (on time, correct)' },
  feedback: { vi: 'Việc tiếp nhận, xử lý phản ánh, kiến nghị', en: 'How feedback and petitions were handled' },
};

const KIND_TEXT: Record<Kind, { vi: string; en: string; scale: Array<[string, string]> }> = {
  perception: {
    vi: 'Ông/Bà đánh giá thế nào về',
    en: 'How do you rate',
    scale: [['Rất kém', 'Very poor'], ['Kém', 'Poor'], ['Trung bình', 'Fair'], ['Tốt', 'Good'], ['Rất tốt', 'Very good']],
  },
  satisfaction: {
    vi: 'Ông/Bà hài lòng thế nào về',
    en: 'How satisfied are you with',
    scale: [['Rất không hài lòng', 'Very dissatisfied'], ['Không hài lòng', 'Dissatisfied'], ['Bình thường', 'Neutral'], ['Hài lòng', 'Satisfied'], ['Rất hài lòng', 'Very satisfied']],
  },
  expectation: {
    vi: 'Ông/Bà mong đợi ở mức nào đối với',
    en: 'How much do you expect of',
    scale: [['Rất thấp', 'Very little'], ['Thấp', 'Little'], ['Trung bình', 'Some'], ['Cao', 'Much'], ['Rất cao', 'Very much']],
  },
};

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function ratingQuestion(factor: Factor, kind: Kind): Question {
  const f = FACTOR_TEXT[factor];
  const k = KIND_TEXT[kind];
  return {
    type: 'rating',
    name: questionName(factor, kind),
    title: { default: `${k.vi}: ${lower(f.vi)}?`, en: `${k.en}: ${lower(f.en)}?` },
    isRequired: kind === 'satisfaction',
    rateMin: 1,
    rateMax: 5,
    rateValues: k.scale.map(([vi, en], i) => ({ value: i + 1, text: { default: vi, en } })),
  };
}

/** The standard questionnaire: one page per factor, perception, satisfaction and expectation, then an open comment. */
export function standardQuestionnaire(): SurveyDefinition {
  return {
    title: { default: 'Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS)', en: 'Survey of satisfaction with the public administrative services (SIPAS)' },
    description: {
      default: 'Phiếu ẩn danh: câu trả lời được lưu không kèm tên, số định danh hay mã hồ sơ của Ông/Bà. Có thể lưu và tiếp tục sau.',
      en: 'Anonymous: your answers are stored without your name, ID number or dossier code. You can save and continue later.',
    },
    locale: 'vi',
    pages: [
      ...FACTORS.map((factor) => ({
        name: factor,
        title: { default: FACTOR_TEXT[factor].vi, en: FACTOR_TEXT[factor].en },
        elements: KINDS.map((kind) => ratingQuestion(factor, kind)),
      })),
      {
        name: 'ykien',
        title: { default: 'Góp ý', en: 'Suggestions' },
        elements: [{ type: 'comment', name: 'comment', title: { default: 'Ông/Bà có góp ý gì để cơ quan phục vụ tốt hơn?', en: 'Any suggestion to help us serve you better?' }, maxLength: 2000 }],
      },
    ],
  };
}

export const textOf = (s: LocString, lang: 'vi' | 'en' = 'vi') => (typeof s === 'string' ? s : lang === 'en' ? (s.en ?? s.default) : s.default);

const questions = (d: SurveyDefinition) => d.pages.flatMap((p, pi) => p.elements.map((q, qi) => ({ q, path: `definition.pages.${pi}.elements.${qi}` })));

/**
 * A questionnaire must ask the five factors × three kinds as 5-point ratings (the results are
 * computed from those names) and may add comments and other ratings; names are unique.
 */
export function checkQuestionnaire(d: SurveyDefinition): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const { q, path } of questions(d)) {
    if (seen.has(q.name)) issues.push({ path: `${path}.name`, message: { vi: `Tên câu hỏi "${q.name}" bị trùng`, en: `Question name "${q.name}" is used twice` } });
    seen.add(q.name);
  }
  const byName = new Map(questions(d).map((x) => [x.q.name, x.q]));
  for (const factor of FACTORS) {
    for (const kind of KINDS) {
      const name = questionName(factor, kind);
      const q = byName.get(name);
      if (!q || q.type !== 'rating') {
        issues.push({ path: 'definition.pages', message: { vi: `Thiếu câu hỏi thang 5 điểm "${name}" (yếu tố SIPAS)`, en: `Missing the 5-point rating "${name}" (a SIPAS factor)` } });
      }
    }
  }
  return issues;
}

/**
 * Answers checked against the questionnaire: only its questions, ratings for rating questions, text
 * for comments within their length; on submission (`complete`) every required question answered.
 */
export function checkAnswers(d: SurveyDefinition, answers: SurveyAnswers, complete: boolean): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byName = new Map(questions(d).map((x) => [x.q.name, x.q]));
  for (const [name, value] of Object.entries(answers)) {
    const q = byName.get(name);
    const path = `answers.${name}`;
    if (!q) issues.push({ path, message: { vi: 'Không có câu hỏi này', en: 'No such question' } });
    else if (q.type === 'rating' && typeof value !== 'number') issues.push({ path, message: { vi: 'Chọn một mức từ 1 đến 5', en: 'Choose a point from 1 to 5' } });
    else if (q.type === 'comment' && (typeof value !== 'string' || value.length > (q.maxLength ?? 2000))) issues.push({ path, message: { vi: 'Văn bản quá dài hoặc không hợp lệ', en: 'Text too long or not valid' } });
  }
  if (complete) {
    for (const { q } of questions(d)) {
      const v = answers[q.name];
      if (q.isRequired && (v === undefined || v === '')) issues.push({ path: `answers.${q.name}`, message: { vi: 'Câu hỏi bắt buộc', en: 'Required question' } });
    }
  }
  return issues;
}
