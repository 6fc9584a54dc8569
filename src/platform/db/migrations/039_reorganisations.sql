-- Reorganisation of units (issue 18): merging several units into one, splitting one into several,
-- moving one — with the open dossiers moved to the successor through the dossiers' write path.
-- src/modules/admin/reorganisations.ts; the tree's dates are migration 019's.

-- A closed unit's successors. A merge has one (also kept in organisations.successor_id, 019); a split
-- has several, which one column cannot hold. Figures of a unit include its predecessors' (the units
-- whose successors lead to it), so a merged or split unit's history counts where its work went.
CREATE TABLE organisation_successors (
  org_id        text NOT NULL REFERENCES organisations(id),
  successor_id  text NOT NULL REFERENCES organisations(id),
  effective_from date NOT NULL,
  PRIMARY KEY (org_id, successor_id),
  CHECK (org_id <> successor_id)
);
CREATE INDEX organisation_successors_successor ON organisation_successors (successor_id);

-- Each reorganisation requested, with its plan (what moves, computed at the request) and its result
-- (what moved). request_hash makes the same request sent twice one reorganisation: the second is
-- answered from this record instead of being refused because its units are closed by then.
CREATE TABLE reorganisations (
  id             text PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('merge', 'split', 'move')),
  request_hash   text NOT NULL UNIQUE,
  request        jsonb NOT NULL,
  effective_from date NOT NULL,
  status         text NOT NULL CHECK (status IN ('scheduled', 'applied', 'failed')),
  plan           jsonb NOT NULL,
  result         jsonb,
  error          text,
  org_id         text NOT NULL REFERENCES organisations(id),
  created_by     text REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  applied_at     timestamptz
);
CREATE INDEX reorganisations_due ON reorganisations (effective_from) WHERE status = 'scheduled';
