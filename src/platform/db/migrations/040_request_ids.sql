-- Observability (issue 19): the id of the HTTP request that wrote a dossier action or an outbox message
-- (src/platform/observability/request-context.ts), so that a log line, an action and a delivery can be
-- traced to one another. Null for writes made outside a request (CLI import, jobs, workers) and for rows
-- written before this migration. Not part of an action's hash: it says how the action arrived, not what it is.
ALTER TABLE dossier_actions ADD COLUMN request_id text;
ALTER TABLE outbox ADD COLUMN request_id text;
