-- An organisation tree that can change (issue 13, item 6): src/modules/organisations/domain/tree.ts.
-- A unit exists from effective_from to effective_to and has a parent per period; the subtree of a unit
-- on a date is computed from these periods, never from a path string. Periods are half-open
-- [from, to): a unit moved on 2026-03-01 has its old parent until 2026-02-28 and its new one from
-- 2026-03-01. NULL `to` = still open. Dates are Vietnam calendar days.
ALTER TABLE organisations ADD COLUMN effective_from date;
ALTER TABLE organisations ADD COLUMN effective_to date;
-- For a later merge or split: a closed unit names the unit that took over its work (nullable).
ALTER TABLE organisations ADD COLUMN successor_id text REFERENCES organisations(id);
ALTER TABLE organisations ADD CONSTRAINT organisations_effective_order CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to > effective_from);

CREATE TABLE organisation_parents (
  org_id      text NOT NULL REFERENCES organisations(id),
  parent_id   text NOT NULL REFERENCES organisations(id),
  valid_from  date NOT NULL,
  valid_to    date,
  PRIMARY KEY (org_id, valid_from),
  CHECK (parent_id <> org_id),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX organisation_parents_parent ON organisation_parents (parent_id);

-- Periods of one unit never overlap (an exclusion constraint would need btree_gist, which the embedded
-- database does not load by default; this trigger says the same on both).
CREATE FUNCTION organisation_parents_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM organisation_parents p
    WHERE p.org_id = NEW.org_id AND p.valid_from <> NEW.valid_from
      AND daterange(p.valid_from, p.valid_to) && daterange(NEW.valid_from, NEW.valid_to)
  ) THEN
    RAISE EXCEPTION 'parent periods of % overlap', NEW.org_id USING ERRCODE = 'exclusion_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER organisation_parents_no_overlap BEFORE INSERT OR UPDATE ON organisation_parents
  FOR EACH ROW EXECUTE FUNCTION organisation_parents_no_overlap();

-- Back-fill: nobody recorded when today's links began (the 2025 reorganisation put most of them in
-- place on 2025-07-01, but dossiers and imports from before then are scoped by the same tree), so they
-- hold "since records began": the unit's effective_from stays NULL (open) and its parent period starts
-- at the epoch 1900-01-01 (TREE_EPOCH in the domain code). Moves after this take real dates.
INSERT INTO organisation_parents (org_id, parent_id, valid_from)
  SELECT id, parent_id, DATE '1900-01-01' FROM organisations WHERE parent_id IS NOT NULL;

-- The parent and the path now live in the periods above; nothing may decide scope from a stale copy.
ALTER TABLE organisations DROP COLUMN path;
ALTER TABLE organisations DROP COLUMN parent_id;
