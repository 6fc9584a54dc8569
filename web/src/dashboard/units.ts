/**
 * The "by unit" table: the KPI groups per organisation (each unit's own counters) rolled up to the
 * children of the selected unit, so each row is a whole subtree one click can open; the selected unit's
 * own dossiers are a row of their own ("(trực tiếp)").
 */
import type { KpiReport } from '../../../src/modules/measurement/contracts.ts';
import type { Organisation } from '../lib/types.ts';

type Group = KpiReport['groups'][number];

export interface UnitRow {
  id: string;
  name: string;
  direct: boolean;
  received: number;
  refusedAtIntake: number;
  finished: number;
  onTimeRate: number | null;
  late: number;
  satisfiedRate: number | null;
}

/** The child of `current` whose subtree holds `id`, `current` itself, or null (outside). */
function childOf(orgs: Organisation[], id: string, current: string): string | null {
  if (id === current) return current;
  let o = orgs.find((x) => x.id === id);
  while (o && o.parentId && o.parentId !== current) {
    const parent: string = o.parentId;
    o = orgs.find((x) => x.id === parent);
  }
  return o && o.parentId === current ? o.id : null;
}

/** As the server's figures (src/modules/measurement/stats.ts derive): four decimals, null with nothing to divide. */
const ratio = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

export function unitRows(groups: Group[], orgs: Organisation[], current: string): UnitRow[] {
  const sums = new Map<string, { received: number; refused: number; finished: number; ok: number; late: number; rated: number; happy: number }>();
  const c = (g: Group, k: string) => g.counters[k] ?? 0;
  for (const g of groups) {
    const id = childOf(orgs, g.key, current);
    if (!id) continue;
    const s = sums.get(id) ?? { received: 0, refused: 0, finished: 0, ok: 0, late: 0, rated: 0, happy: 0 };
    s.received += g.received;
    s.refused += g.refusedAtIntake;
    s.finished += g.finished;
    s.ok += c(g, 'finished_early') + c(g, 'finished_on_time');
    s.late += c(g, 'finished_late');
    s.rated += c(g, 'rated');
    s.happy += c(g, 'rated_satisfied') + c(g, 'rated_very_satisfied');
    sums.set(id, s);
  }
  return [...sums]
    .map(([id, s]) => ({
      id,
      name: orgs.find((o) => o.id === id)?.name ?? id,
      direct: id === current,
      received: s.received,
      refusedAtIntake: s.refused,
      finished: s.finished,
      onTimeRate: ratio(s.ok, s.finished),
      late: s.late,
      satisfiedRate: ratio(s.happy, s.rated),
    }))
    .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name));
}
