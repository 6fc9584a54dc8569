/** The outbox platform piece: handler registry, worker, in-process loop and the administrators' view. */
export { registerOutboxHandler, outboxHandlers, OutboxRegistry, type OutboxHandler, type OutboxMessage } from './registry.ts';
export { runOutboxOnce, startOutboxLoop, OUTBOX_DEFAULTS, type OutboxRunOptions, type OutboxRunResult } from './worker.ts';
export { backoffDelayMs, nextAttemptAt } from './backoff.ts';
export { listOutbox, retryOutboxMessage, type OutboxListStatus } from './admin.ts';
