import { describe, expect, it } from 'vitest';
import { compute766, summarise766, type Index766Input } from './index766.ts';

/** A ward's month, every figure chosen so each criterion can be checked by hand. */
const ward: Index766Input = {
  procedures: { inCompetence: 20, offeredOnline: 15, withAllParts: 19, publishedOnTime: null, updatedNationallyInTime: null, withOnlineDossier: 9, withFee: 8, withOnlinePayment: null, feeDataSynced: null, usingPopulationDb: null },
  dossiers: {
    received: 100,
    receivedOnline: 40,
    finishedEarly: 30,
    finishedOnTime: 50,
    finishedLate: 6, // 4 finished after the appointment + 2 made overdue by a second supplement request
    openWithinDeadline: 10, // open at the period's end, a supplement pause included
    openOverdue: 4,
    completed: 80,
    withElectronicResult: 72,
    withDigitisedComponents: 40,
    syncedToNationalPortal: null,
    reusingDigitisedData: null,
    linkedToCitizenDataStore: null,
    usingPopulationDb: null,
    dissatisfied: 5,
    withFee: 30,
    paidOnline: null,
  },
  communes: { total: 1, offeringElectronicCopies: 1 },
  feedback: null, // motcua has no feedback (PAKN) channel yet
};

const byCode = (input: Index766Input) => Object.fromEntries(compute766(input).map((c) => [c.code, c]));

describe('766 index', () => {
  const c = byCode(ward);

  it('publicity: computed from the catalogue, no_data for what comes from the national systems', () => {
    expect(c['1.3']).toMatchObject({ numerator: 19, denominator: 20, score: 1.9, status: 'measured' }); // 2 × 19/20
    expect(c['1.1']).toMatchObject({ score: 0, status: 'no_data' });
    expect(c['1.4']).toMatchObject({ score: 0, status: 'no_data' });
  });

  it('progress: early + on time + open within the deadline over received', () => {
    // (30 + 50 + 10) / 100 × 20 = 18
    expect(c['2.1']).toMatchObject({ numerator: 90, denominator: 100, score: 18 });
  });


  it('online services, exactly', () => {
    expect(c['3.1']).toMatchObject({ numerator: 15, denominator: 20, score: 1.88 });
    expect(c['3.2']).toMatchObject({ numerator: 9, denominator: 15, score: 2.4 }); // 4 × 0.6
    expect(c['3.3']).toMatchObject({ numerator: 40, denominator: 100, score: 4.8 }); // min(6, 6 × 0.4 / 0.5)
  });

  it('digitisation', () => {
    expect(c['4.1']).toMatchObject({ score: 5.4 }); // 6 × 72/80
    expect(c['4.2']).toMatchObject({ score: 2 }); // min(4, 4 × 0.4 / 0.8)
    expect(c['4.3']).toMatchObject({ score: 2, status: 'measured' });
    expect(['4.4', '4.5', '4.6', '4.7'].map((k) => c[k]!.status)).toEqual(['no_data', 'no_data', 'no_data', 'no_data']);
  });

  it('satisfaction: without a feedback channel 5.1/5.2 have no data (0, said so), not full marks; dossier satisfaction counts overdue (second supplement included) and dissatisfied', () => {
    expect(c['5.1']).toMatchObject({ score: 0, status: 'no_data' });
    expect(c['5.2']).toMatchObject({ score: 0, status: 'no_data' });
    expect(c['5.1']!.reason!.vi).toMatch(/phản ánh, kiến nghị/);
    expect(c['5.1']!.reason!.en).toMatch(/feedback/);
    // With the channel and no feedback in the period, they are not applicable: full marks, with the rule.
    const none = byCode({ ...ward, feedback: { total: 0, handledOnTime: 0, disliked: 0, overdue: 0, repeated: 0 } });
    expect(none['5.1']).toMatchObject({ score: 6, status: 'not_applicable' });
    expect(none['5.2']!.reason).toEqual({ vi: expect.stringMatching(/^Không áp dụng/), en: expect.stringMatching(/^Not applicable/) });
    // finished or open = 30 + 50 + 6 + 10 + 4 = 100; bad = 6 + 4 + 5 = 15 → ratio 0.85 → 6 × 0.85 / 0.9 = 5.67
    expect(c['5.3']).toMatchObject({ numerator: 85, denominator: 100, score: 5.67 });
  });

  it('online payment: no gateway yet is 0 and said so', () => {
    expect(c['6.1']).toMatchObject({ score: 0, status: 'no_data' });
    expect(c['6.1']!.reason!.en).toMatch(/payment gateway/);
    expect(c['6.1']!.reason!.vi).toMatch(/cổng thanh toán/);
    expect(c['6.2']).toMatchObject({ score: 0, status: 'no_data' });
    expect(c['6.3']).toMatchObject({ score: 0, status: 'no_data' });
    expect(c['1.2']).toMatchObject({ score: 0, status: 'no_data', max: 4 });
  });

  it('scores every criterion by its formula once its data arrives (thresholds and caps)', () => {
    const connected = byCode({
      ...ward,
      procedures: { ...ward.procedures, publishedOnTime: 18, updatedNationallyInTime: 10, withOnlinePayment: 2, feeDataSynced: 8, usingPopulationDb: 5 },
      dossiers: { ...ward.dossiers, syncedToNationalPortal: 95, reusingDigitisedData: 20, linkedToCitizenDataStore: 25, usingPopulationDb: 60, paidOnline: 12 },
      feedback: { total: 10, handledOnTime: 9, disliked: 1, overdue: 1, repeated: 1 },
    });
    expect(connected['1.1']!.score).toBe(5.4); // 6 × 18/20
    expect(connected['1.2']!.score).toBe(2); // 4 × 10/20
    expect(connected['1.4']!.score).toBe(5.7); // 6 × 95/100
    expect(connected['4.4']!.score).toBe(0.5); // min(2, 2 × 0.2 / 0.8)
    expect(connected['4.5']!.score).toBe(1); // 4 × 0.25
    expect(connected['4.6']!.score).toBe(0.5); // 2 × 5/20
    expect(connected['4.7']!.score).toBe(1.2); // 2 × 0.6
    expect(connected['5.1']!.score).toBe(5.4); // 6 × 9/10
    expect(connected['5.2']!.score).toBe(4.2); // 6 × (10 − 1 − 1 − 1)/10
    expect(connected['6.1']!.score).toBe(2.4); // 6 × 12/30
    expect(connected['6.2']!.score).toBe(0.63); // min(2, 2.5 × 2/8)
    expect(connected['6.3']!.score).toBe(2); // min(2, 2.5 × 8/8)
    expect(Object.values(connected).every((x) => x.status === 'measured' && x.reason === undefined)).toBe(true);
  });

  it('adds up by group and gives a band from configurable thresholds', () => {
    const s = summarise766(compute766(ward));
    expect(s.groups.progress).toEqual({ max: 20, score: 18 });
    expect(s.groups.satisfaction).toEqual({ max: 18, score: 5.67 });
    // 1.9 + 18 + (1.88 + 2.4 + 4.8) + (5.4 + 2 + 2) + (0 + 0 + 5.67) + 0
    expect(s.total).toBe(44.05);
    expect(s.band).toBe('weak');
    expect(summarise766(compute766(ward), { excellent: 95, good: 40, fair: 30 }).band).toBe('good');
    // 1.1, 1.2, 1.4, 4.4–4.7, 5.1, 5.2, 6.1–6.3 have no source; everything else is measured from data.
    expect(s.noDataPoints).toBe(6 + 4 + 6 + 2 + 4 + 2 + 2 + 6 + 6 + 6 + 2 + 2);
    expect(s.measuredPoints).toBe(2 + 20 + 2 + 4 + 6 + 6 + 4 + 2 + 6);
    expect(s.notApplicablePoints).toBe(0);
    expect(s.measuredPoints + s.notApplicablePoints + s.noDataPoints).toBe(100);
  });

  it('gives full marks where nothing applies: a unit with no dossier, no procedure, no commune', () => {
    const empty: Index766Input = {
      ...ward,
      procedures: { ...ward.procedures, inCompetence: 0, offeredOnline: 0, withAllParts: 0, withOnlineDossier: 0, withFee: 0 },
      dossiers: { ...ward.dossiers, received: 0, receivedOnline: 0, finishedEarly: 0, finishedOnTime: 0, finishedLate: 0, openWithinDeadline: 0, openOverdue: 0, completed: 0, withElectronicResult: 0, withDigitisedComponents: 0, dissatisfied: 0, withFee: 0 },
      communes: { total: 0, offeringElectronicCopies: 0 },
      feedback: { total: 0, handledOnTime: 0, disliked: 0, overdue: 0, repeated: 0 },
    };
    const e = byCode(empty);
    for (const code of ['1.3', '2.1', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3', '6.1', '6.2']) {
      expect(e[code], code).toMatchObject({ status: 'not_applicable', score: e[code]!.max });
      expect(e[code]!.reason!.vi, code).toMatch(/^Không áp dụng: .+\(đạt điểm tối đa\)\.$/);
      expect(e[code]!.reason!.en, code).toMatch(/^Not applicable: .+\(full marks\)\.$/);
    }
    expect(summarise766(compute766(empty)).notApplicablePoints).toBeGreaterThan(0);
  });
});
