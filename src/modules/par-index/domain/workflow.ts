/**
 * The assessment's workflow (docs/par-index.md): draft → submitted → appraised → published, and the per-leaf
 * return for more evidence, allowed once. Pure: decides, the commands write.
 */
import { DomainError } from '../../../kernel/errors.ts';

export type Status = 'draft' | 'submitted' | 'appraised' | 'published';
export type LeafState = 'open' | 'returned' | 'resubmitted';
export type Step = 'self' | 'submit' | 'appraise' | 'return' | 'resubmit' | 'finish' | 'publish' | 'correct' | 'freeze';

const NAMES: Record<Status, { vi: string; en: string }> = {
  draft: { vi: 'đang tự đánh giá', en: 'draft' },
  submitted: { vi: 'đã gửi thẩm định', en: 'submitted' },
  appraised: { vi: 'đã thẩm định', en: 'appraised' },
  published: { vi: 'đã công bố', en: 'published' },
};
const ALLOWED: Record<Step, Status[]> = {
  self: ['draft'],
  freeze: ['draft'],
  submit: ['draft'],
  appraise: ['submitted'],
  return: ['submitted'],
  resubmit: ['submitted'],
  finish: ['submitted'],
  publish: ['appraised'],
  correct: ['published'],
};

export function notInState(step: Step, status: Status): DomainError {
  const extra = status === 'published' ? { vi: ' Kết quả đã công bố chỉ được đính chính (có ghi lý do).', en: ' A published result can only be corrected, with a reason.' } : { vi: '', en: '' };
  return new DomainError('par-not-allowed-in-state', 409, {
    vi: `Không thể thực hiện bước này khi bản đánh giá ${NAMES[status].vi}.${extra.vi}`,
    en: `This step is not allowed while the assessment is ${NAMES[status].en}.${extra.en}`,
  }, [], { status });
}

export function requireState(step: Step, status: Status): void {
  if (!ALLOWED[step].includes(status)) throw notInState(step, status);
}

/** A leaf goes back to the unit for more evidence once; a second return is refused. */
export function decideReturn(leaf: { returns: number; state: LeafState }): { returns: number; state: LeafState } {
  if (leaf.returns >= 1) {
    throw new DomainError('par-already-returned', 409, {
      vi: 'Tiêu chí này đã được trả lại bổ sung minh chứng một lần; không trả lại lần thứ hai.',
      en: 'This criterion was already returned once for more evidence; it cannot be returned again.',
    });
  }
  return { returns: leaf.returns + 1, state: 'returned' };
}

export function decideResubmit(leaf: { state: LeafState }): { state: LeafState } {
  if (leaf.state !== 'returned') {
    throw new DomainError('par-not-returned', 409, { vi: 'Tiêu chí này không bị trả lại; không cần gửi lại.', en: 'This criterion was not returned; there is nothing to resubmit.' });
  }
  return { state: 'resubmitted' };
}

/** Appraisal is finished when every leaf has an appraised score and none waits for the unit. */
export function missingForFinish(leaves: Array<{ code: string; appraised: number | null; state: LeafState }>): string[] {
  return leaves.filter((l) => l.appraised === null || l.state === 'returned').map((l) => l.code);
}
