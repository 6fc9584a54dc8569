import { describe, expect, it } from 'vitest';
import { evaluationBand, suggestScores } from './evaluation.ts';

describe('18-point evaluation', () => {
  const s = Object.fromEntries(
    suggestScores({
      finishedEarly: 30, finishedOnTime: 60, finishedLate: 10,
      accepted: 100, supplementRequests: 14, supplementSecond: 2,
      ratedDissatisfied: 2, ratedSatisfied: 18, ratedVerySatisfied: 30,
      proceduresInCompetence: 20, proceduresComplete: 19,
      received: 110, receivedOnline: 44,
      steps: null,
      feedback: { handled: 8, handledOnTime: 6 },
    }).map((x) => [x.indicator, x.score]),
  );

  it('suggests averages of per-dossier points where the data exists', () => {
    expect(s[1]).toBe(1.2); // (2×30 + 60) / 100
    // Once: 14 − 2×2 = 10; twice: 2; none: 100 − 12 = 88 → (176 + 10) / 100
    expect(s[3]).toBe(1.86);
    expect(s[6]).toBe(1.9);
    expect(s[7]).toBe(1.56); // (60 + 18) / 50
    expect(s[9]).toBe(1.6); // 44/110 = 0.4 → 2 × 0.4 / 0.5
    expect(s[2]).toBeNull();
    expect(s[8]).toBe(1.5); // feedback: 6 of 8 handled on time → 2 × 6 / 8
  });

  it('suggests nothing for feedback when none was handled', () => {
    const none = suggestScores({
      finishedEarly: 0, finishedOnTime: 0, finishedLate: 0, accepted: 0, supplementRequests: 0, supplementSecond: 0,
      ratedDissatisfied: 0, ratedSatisfied: 0, ratedVerySatisfied: 0, proceduresInCompetence: 0, proceduresComplete: 0,
      received: 0, receivedOnline: 0, steps: null, feedback: { handled: 0, handledOnTime: 0 },
    });
    expect(none.find((x) => x.indicator === 8)!.score).toBeNull();
  });

  it('bands the total with the configurable thresholds', () => {
    expect(evaluationBand(15)).toBe('excellent');
    expect(evaluationBand(14.99)).toBe('good');
    expect(evaluationBand(9)).toBe('fair');
    expect(evaluationBand(6)).toBe('average');
    expect(evaluationBand(5.5)).toBe('weak');
    expect(evaluationBand(13, { excellent: 13, good: 10, fair: 7, average: 4 })).toBe('excellent');
  });
});
