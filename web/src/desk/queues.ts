/**
 * The desk's queues and where each role lands (issue 14, fault 8). Pure, so a test checks it against
 * the lifecycle: each role lands on the queue whose dossiers wait for its own action.
 */
export const QUEUES = ['submitted', 'processing', 'awaiting_supplement', 'completed', 'late', 'returned', 'rejected', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

/**
 * Reception accepts what has just arrived; specialists and leaders work on dossiers being processed
 * (their step's hand-over or completion); an administrator watches everything.
 */
const LANDING: Record<string, Queue> = { reception: 'submitted', specialist: 'processing', leader: 'processing', admin: 'all' };

/** The queue a role opens the desk on when the address names none. */
export function landingQueue(role: string | undefined): Queue {
  return (role && LANDING[role]) || 'submitted';
}

/** The queue the address asks for (`?hang=`), or the role's own. */
export function queueFor(asked: string | null, role: string | undefined): Queue {
  return (QUEUES as readonly string[]).includes(asked ?? '') ? (asked as Queue) : landingQueue(role);
}
