/**
 * Composition root: the measures the PAR Index and the reform plan take from each other (issue 16). Neither
 * module imports the other (test/architecture/module-boundaries.test.ts), so they are joined here, once, when
 * src/app.ts builds the app:
 * - the plan's `par.good_share` (declared by reform-plan as "not connected") becomes the share of units rated
 *   good or better among the PUBLISHED PAR results of the plan's year, for the plan's scope;
 * - the PAR Index gets `inspected_share`, reform-plan's `inspectedShare` (units inspected in the year).
 * Registering twice replaces the same entries (both registries are maps by name), so building several apps
 * in one process is harmless.
 */
import type { ParGroup } from './modules/par-index/domain/criteria.ts';
import { shareGoodOrBetter } from './modules/par-index/domain/scoring.ts';
import { registerParMeasure } from './modules/par-index/measures.ts';
import { parResults } from './modules/par-index/results.ts';
import { inspectedShare, unitsInScope, type UnitGroup } from './modules/reform-plan/inspections.ts';
import { registerPlanMeasure } from './modules/reform-plan/measures.ts';

/** The PAR groups a plan's unit group covers: departments (sở, ngành) and wards/communes. */
const PAR_GROUPS: Record<UnitGroup, ParGroup[]> = { departments: ['department'], wards: ['ward'], all: ['department', 'ward'] };

export function wireParAndPlan(): void {
  registerPlanMeasure({
    code: 'par.good_share',
    label: { vi: 'Tỷ lệ cơ quan, đơn vị xếp loại Chỉ số CCHC từ Tốt trở lên', en: 'Share of units rated good or better in the PAR Index' },
    unit: 'share',
    // The PAR Index is yearly: whatever the report period (a quarter, a half), the plan's year's published results count.
    async compute(input) {
      const group = input.scope.unitGroup ?? 'all';
      const inScope = new Set(await input.ctx.orgs.subtreeIds(input.orgId));
      const results = await Promise.all(PAR_GROUPS[group].map((g) => input.memo(`par:${input.year}:${g}`, () => parResults(input.ctx, input.year, g))));
      const units = results.flatMap((r) => r.units).filter((u) => inScope.has(u.orgId));
      const expected = (await unitsInScope(input.ctx, input.orgId, group)).length;
      const published = { label: { vi: 'Đơn vị có kết quả được công bố / đơn vị thuộc phạm vi', en: 'Units with published results / units in scope' }, value: `${units.length}/${expected}` };
      if (!units.length) {
        return {
          status: 'live',
          value: null,
          numerator: null,
          denominator: null,
          figures: [published],
          reason: { vi: `Chưa có dữ liệu: chưa công bố kết quả Chỉ số CCHC năm ${input.year} của đơn vị nào thuộc phạm vi.`, en: `No data: no PAR Index result of ${input.year} published yet for a unit in scope.` },
        };
      }
      const s = shareGoodOrBetter(units.map((u) => u.band));
      return {
        status: 'live',
        value: s.share,
        numerator: s.count,
        denominator: s.of,
        figures: [{ label: { vi: 'Đơn vị xếp loại Tốt, Xuất sắc', en: 'Units rated good or excellent' }, value: s.count }, { label: { vi: 'Đơn vị có kết quả được công bố', en: 'Units with published results' }, value: s.of }, published],
      };
    },
  });

  registerParMeasure({
    name: 'inspected_share',
    label: { vi: 'Tỷ lệ cơ quan, đơn vị (sở, ngành, phường, xã) thuộc phạm vi được kiểm tra CCHC trong năm', en: 'Share of units (departments, wards) in scope inspected for the reform in the year' },
    unit: { vi: 'tỷ lệ', en: 'ratio' },
    async compute(ctx, s) {
      const r = await inspectedShare(ctx, { orgId: s.orgId, year: s.year, to: s.to });
      return {
        ratio: r.value,
        figures: [
          { label: { vi: 'Đơn vị đã được kiểm tra', en: 'Units inspected' }, value: r.numerator },
          { label: { vi: 'Đơn vị thuộc phạm vi', en: 'Units in scope' }, value: r.denominator },
        ],
        ...(r.denominator ? {} : { note: { vi: 'Không có sở, ngành, phường, xã nào thuộc phạm vi.', en: 'No department or ward in scope.' } }),
      };
    },
  });
}
