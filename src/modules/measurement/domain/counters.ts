/**
 * Counters per (receiving organisation, procedure, day), derived from action-log entries by one pure
 * function. The service adds an entry's increments in the same transaction as the action (counters, not
 * scans: dashboards read thousands of counter rows, not millions of dossiers), and `motcua stats
 * rebuild` recomputes them from the logs with the same function and reports any difference.
 */

export const METRICS = [
  'received',
  'received_online',
  'received_counter',
  'received_post',
  'accepted',
  'rejected',
  'withdrawn',
  'supplement_requests',
  'supplement_second',
  'apologies',
  'completed',
  'stopped',
  'finished_early',
  'finished_on_time',
  'finished_late',
  'handled',
  'handling_minutes',
  'e_results',
  'returned',
  'returned_counter',
  'returned_online',
  'returned_post',
  'rated',
  'rated_dissatisfied',
  'rated_satisfied',
  'rated_very_satisfied',
] as const;
export type Metric = (typeof METRICS)[number];
export type Increments = Partial<Record<Metric, number>>;

export interface CountedEntry {
  action: string;
  payload: Record<string, unknown>;
}

/** What one logged action adds to the counters of its dossier's receiving organisation and procedure. */
export function incrementsOf(entry: CountedEntry): Increments {
  const p = entry.payload;
  switch (entry.action) {
    case 'submit': {
      const channel = p.channel === 'counter' || p.channel === 'post' ? p.channel : 'online';
      return { received: 1, [`received_${channel}`]: 1 } as Increments;
    }
    case 'accept':
      return { accepted: 1 };
    case 'reject':
      return { rejected: 1 };
    case 'withdraw':
      return { withdrawn: 1 };
    case 'request_supplement':
      return p.countsAsOverdue ? { supplement_requests: 1, supplement_second: 1 } : { supplement_requests: 1 };
    case 'apologize':
      return { apologies: 1 };
    case 'complete':
    case 'stop': {
      const out: Increments = { [entry.action === 'complete' ? 'completed' : 'stopped']: 1 };
      if (p.timeliness === 'early' || p.timeliness === 'on_time' || p.timeliness === 'late') out[`finished_${p.timeliness}`] = 1;
      if (typeof p.handlingMinutes === 'number') {
        out.handled = 1;
        out.handling_minutes = p.handlingMinutes;
      }
      if (entry.action === 'complete' && p.signedDocumentId) out.e_results = 1;
      return out;
    }
    case 'return_result': {
      const channel = p.channel === 'counter' || p.channel === 'post' ? p.channel : 'online';
      return { returned: 1, [`returned_${channel}`]: 1 } as Increments;
    }
    case 'rate': {
      const level = p.level === 'dissatisfied' || p.level === 'very_satisfied' ? p.level : 'satisfied';
      return { rated: 1, [`rated_${level}`]: 1 } as Increments;
    }
    default:
      return {};
  }
}

/** Adds increments into a running total (the rebuild, and tests). */
export function addInto(total: Increments, inc: Increments): Increments {
  for (const [k, v] of Object.entries(inc) as Array<[Metric, number]>) total[k] = (total[k] ?? 0) + v;
  return total;
}
