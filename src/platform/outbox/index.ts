/** The outbox platform piece: the one write (write.ts), handler registry, worker and in-process loop (the administrators' view is src/modules/operations/). */
export { registerOutboxHandler, outboxHandlers, OutboxRegistry, type OutboxHandler, type OutboxMessage } from './registry.ts';
export { runOutboxOnce, startOutboxLoop, workerHeartbeat, OUTBOX_DEFAULTS, type OutboxRunOptions, type OutboxRunResult } from './worker.ts';
export { backoffDelayMs, nextAttemptAt } from './backoff.ts';
export { registerJob, runDueJobs, jobRegistry, JobRegistry, type JobDefinition, type JobFunction, type JobRunResult } from './jobs.ts';
export { writeOutbox, precompiledOutboxWrite, outboxRow, type OutboxEntry } from './write.ts';
