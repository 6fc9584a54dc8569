import { describe, expect, it } from 'vitest';
import { summarise, wilson, type Ratings } from './stats.ts';
import { checkAnswers, checkQuestionnaire, standardQuestionnaire } from './questionnaire.ts';

describe('Wilson interval', () => {
  it('matches the hand computation for 3 of 4', () => {
    // p = .75, n = 4, z² = 3.8415: centre = (.75 + .4802) / 1.9604 = .6275; half = 1.96 × √(.046875 + .060024) / 1.9604 = .3269
    const ci = wilson(3, 4)!;
    expect(ci.low).toBeCloseTo(0.3006, 3);
    expect(ci.high).toBeCloseTo(0.9544, 3);
    // all satisfied: the upper bound is 1, the lower bound is not (the normal approximation would say [1, 1])
    const all = wilson(10, 10)!;
    expect(all.high).toBeCloseTo(1, 9);
    expect(all.low).toBeCloseTo(0.7225, 3); // 10 / 13.8415
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('SIPAS summary', () => {
  // Four responses. access satisfaction 5,4,3,2 → 2/4; procedure 4,4,4,1 → 3/4; servant 5,5,5,5 → 4/4;
  // result 1,2,3 (one skipped) → 0/3; feedback none. Mean index over the four factors with data = (.5 + .75 + 1 + 0) / 4 = .5625;
  // pooled = (2 + 3 + 4 + 0) / (4 + 4 + 4 + 3) = 9/15 = .6.
  const r: Ratings[] = [
    { access_satisfaction: 5, procedure_satisfaction: 4, servant_satisfaction: 5, result_satisfaction: 1, access_perception: 4, access_expectation: 5 },
    { access_satisfaction: 4, procedure_satisfaction: 4, servant_satisfaction: 5, result_satisfaction: 2, access_perception: 2, access_expectation: 5 },
    { access_satisfaction: 3, procedure_satisfaction: 4, servant_satisfaction: 5, result_satisfaction: 3, access_perception: 3 },
    { access_satisfaction: 2, procedure_satisfaction: 1, servant_satisfaction: 5 },
  ];
  it('gives per-factor shares, the mean or pooled index and the expectation − perception gap', () => {
    const s = summarise(r, 'mean');
    const by = Object.fromEntries(s.factors.map((f) => [f.factor, f]));
    expect(by.access).toMatchObject({ answered: 4, satisfied: 2, share: 0.5 });
    expect(by.procedure!.share).toBe(0.75);
    expect(by.servant!.share).toBe(1);
    expect(by.result).toMatchObject({ answered: 3, share: 0 });
    expect(by.feedback).toMatchObject({ answered: 0, share: null, ci95: null });
    expect(s.index).toBeCloseTo(0.5625, 10);
    expect(summarise(r, 'pooled').index).toBeCloseTo(0.6, 10);
    // perception (4 + 2 + 3) / 3 = 3; expectation 5 → gap 2
    expect(by.access!.perceptionMean).toBe(3);
    expect(by.access!.gap).toBe(2);
    expect(by.procedure!.gap).toBeNull();
  });
});

describe('questionnaires', () => {
  it('the standard one asks the five factors three ways and passes its own check', () => {
    const q = standardQuestionnaire();
    expect(checkQuestionnaire(q)).toEqual([]);
    expect(q.pages.flatMap((p) => p.elements).filter((e) => e.type === 'rating')).toHaveLength(15);
  });
  it('a questionnaire without a SIPAS rating, or with a duplicate name, is refused with paths', () => {
    const q = standardQuestionnaire();
    q.pages[0]!.elements = q.pages[0]!.elements.filter((e) => e.name !== 'access_expectation');
    q.pages[1]!.elements.push({ type: 'comment', name: 'procedure_perception', title: 'x' });
    const paths = checkQuestionnaire(q).map((i) => i.path);
    expect(paths).toContain('definition.pages');
    expect(paths).toContain('definition.pages.1.elements.3.name');
  });
  it('answers: unknown questions, wrong types and missing required ones on submission', () => {
    const q = standardQuestionnaire();
    expect(checkAnswers(q, { nope: 3, comment: 4 }, false).map((i) => i.path)).toEqual(['answers.nope', 'answers.comment']);
    expect(checkAnswers(q, { access_satisfaction: 4 }, true).map((i) => i.path)).toEqual(['answers.procedure_satisfaction', 'answers.servant_satisfaction', 'answers.result_satisfaction', 'answers.feedback_satisfaction']);
  });
});
