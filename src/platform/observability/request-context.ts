/**
 * The request being served, reachable from code that is not handed the request (the dossier write
 * path, outbox inserts): an AsyncLocalStorage set by the server around each route handler.
 *
 * The request id is the caller's `x-request-id` when it is well-formed (a proxy or a load balancer
 * generated it, so one id follows the request through every hop), otherwise one made here. It is
 * echoed in the response header, logged with every log line of the request, and stored with the
 * dossier action, the audit entry and the outbox messages the request wrote, so that a delivery seen
 * in the outbox can be traced to the request and its log lines.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestScope {
  requestId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** The current request's id, or null outside a request (CLI, workers, jobs). */
export const currentRequestId = (): string | null => requestScope.getStore()?.requestId ?? null;

/** Letters, digits and . _ : - only, 8–128 characters: nothing a log line or a header could be abused with. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && WELL_FORMED.test(value) ? value : randomUUID();
}
