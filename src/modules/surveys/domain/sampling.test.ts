import { describe, expect, it } from 'vitest';
import { allocate, drawSample, sampleSize, seededRandom, type FrameEntry } from './sampling.ts';

describe('sample size', () => {
  it('follows the ministry formula n = N / (1 + N·e²), rounded up', () => {
    // 1000 / (1 + 1000 × 0.0025) = 1000 / 3.5 = 285.71 → 286
    expect(sampleSize(1000, { method: 'ministry', margin: 0.05 })).toBe(286);
    // 400 / (1 + 1) = 200 exactly: no rounding up past an integer
    expect(sampleSize(400, { method: 'ministry', margin: 0.05 })).toBe(200);
    // 10 000 / 26 = 384.6 → 385; 100 / 1.25 = 80
    expect(sampleSize(10_000, { method: 'ministry', margin: 0.05 })).toBe(385);
    expect(sampleSize(100, { method: 'ministry', margin: 0.05 })).toBe(80);
    // e = 10 %: 1000 / 11 = 90.9 → 91
    expect(sampleSize(1000, { method: 'ministry', margin: 0.1 })).toBe(91);
    expect(sampleSize(0, { method: 'ministry', margin: 0.05 })).toBe(0);
    expect(sampleSize(1, { method: 'ministry', margin: 0.05 })).toBe(1);
  });

  it('for a margin and confidence, n0 = z²·p(1−p)/e² with the finite-population correction', () => {
    // 95 %: n0 = 1.96² × 0.25 / 0.0025 = 384.15; n = 384.15 / (1 + 383.15/1000) = 277.7 → 278
    expect(sampleSize(1000, { method: 'confidence', margin: 0.05, confidence: 0.95 })).toBe(278);
    // 99 %: n0 = 2.5758² × 0.25 / 0.0025 = 663.49; n = 663.49 / (1 + 662.49/1000) = 399.1 → 400
    expect(sampleSize(1000, { method: 'confidence', margin: 0.05, confidence: 0.99 })).toBe(400);
    // 90 %, e = 3 %, N = 5000: n0 = 1.6449² × 0.25 / 0.0009 = 751.6; n = 751.6 / (1 + 750.6/5000) = 653.5 → 654
    expect(sampleSize(5000, { method: 'confidence', margin: 0.03, confidence: 0.9 })).toBe(654);
    // Never more than the frame
    expect(sampleSize(10, { method: 'confidence', margin: 0.01, confidence: 0.99 })).toBe(10);
  });
});

describe('proportional allocation (largest remainder)', () => {
  it('gives floors, then the leftover seats to the largest remainders, summing to n', () => {
    // n = 10 over 50 / 30 / 20 of 100 → exactly 5 / 3 / 2
    expect(Object.fromEntries(allocate([{ key: 'a', size: 50 }, { key: 'b', size: 30 }, { key: 'c', size: 20 }], 10))).toEqual({ a: 5, b: 3, c: 2 });
    // n = 7 over 5 / 3 / 2: exact 3.5 / 2.1 / 1.4 → floors 3 / 2 / 1 (6), one seat to the largest remainder .5 (a)
    expect(Object.fromEntries(allocate([{ key: 'a', size: 5 }, { key: 'b', size: 3 }, { key: 'c', size: 2 }], 7))).toEqual({ a: 4, b: 2, c: 1 });
    // ties go to the key that sorts first: 3 seats over 1/1/1/1 → a, b, c
    expect(Object.fromEntries(allocate(['d', 'c', 'b', 'a'].map((key) => ({ key, size: 1 })), 3))).toEqual({ d: 0, c: 1, b: 1, a: 1 });
  });
});

const frame = (n: number, strata: Array<[string, string]>): FrameEntry[] =>
  Array.from({ length: n }, (_, i) => {
    const [orgId, fieldCode] = strata[i % strata.length]!;
    return { personKey: `id:${String(i).padStart(12, '0')}`, orgId, fieldCode, dossierCode: `D${i}`, finishedAt: '2027-03-01T00:00:00.000Z' };
  });

describe('the seeded stratified draw', () => {
  const rows = frame(600, [['sg', 'ho-tich'], ['sg', 'dat-dai'], ['btn', 'ho-tich']]);
  const sizing = { method: 'ministry', margin: 0.05 } as const;

  it('is the same for the same seed, whatever order the rows come in, and different for another seed', () => {
    const a = drawSample(rows, sizing, 'seed-1').sample.map((s) => s.personKey);
    const b = drawSample([...rows].reverse(), sizing, 'seed-1').sample.map((s) => s.personKey);
    const c = drawSample(rows, sizing, 'seed-2').sample.map((s) => s.personKey);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(seededRandom('x')()).toBe(seededRandom('x')());
  });

  it('sizes the sample by the formula and splits it in proportion to the strata', () => {
    const d = drawSample(rows, sizing, 's');
    expect(d.frameSize).toBe(600);
    expect(d.sampleSize).toBe(240); // 600 / 2.5
    expect(d.strata).toEqual([
      { orgId: 'btn', fieldCode: 'ho-tich', frame: 200, sample: 80 },
      { orgId: 'sg', fieldCode: 'dat-dai', frame: 200, sample: 80 },
      { orgId: 'sg', fieldCode: 'ho-tich', frame: 200, sample: 80 },
    ]);
    for (const s of d.strata) expect(d.sample.filter((x) => x.orgId === s.orgId && x.fieldCode === s.fieldCode)).toHaveLength(s.sample);
  });

  it('never draws a person twice: several dossiers count once, in the stratum of the latest', () => {
    const twice: FrameEntry[] = [
      ...frame(30, [['sg', 'ho-tich']]),
      { personKey: 'id:000000000001', orgId: 'btn', fieldCode: 'dat-dai', dossierCode: 'LATER', finishedAt: '2027-03-20T00:00:00.000Z' },
    ];
    const d = drawSample(twice, { method: 'ministry', margin: 0.01 }, 'z'); // e = 1 %: nearly everyone
    expect(d.frameSize).toBe(30);
    const keys = d.sample.map((s) => s.personKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(d.sampleSize).toBe(30); // 30 / 1.003 → 30: everyone, so the person is in the sample
    expect(d.sample.find((s) => s.personKey === 'id:000000000001')!.dossierCode).toBe('LATER');
    expect(d.strata.find((s) => s.orgId === 'btn')).toMatchObject({ frame: 1 });
  });
});
