/** Read models of the reform plan besides the plan view: what a target can measure, and where. */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { MeasureList } from './contracts.ts';
import { MANUAL_MEASURES, planMeasures } from './measures.ts';

export async function measureList(ctx: AppContext, user: SessionUser): Promise<MeasureList> {
  const ids = new Set(user.orgId ? await ctx.orgs.subtreeIds(user.orgId) : []);
  const units = (await ctx.orgs.all()).filter((o) => ids.has(o.id) && o.active).map((o) => ({ id: o.id, name: o.name, kind: o.kind }));
  const fields = await ctx.db.selectFrom('fields').select(['code', 'name']).orderBy('code').execute();
  return {
    items: [
      ...planMeasures().map((m) => ({ code: m.code, label: m.label, unit: m.unit, computed: true, perField: !!m.perField })),
      ...MANUAL_MEASURES.map((m) => ({ code: m.code, label: m.label, unit: m.unit, computed: false, perField: false })),
    ],
    units,
    fields,
  };
}
