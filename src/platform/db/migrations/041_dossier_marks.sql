-- Facts about a dossier that a 766 criterion counts once per dossier (issue 18): it has a digitised
-- component (4.2), it reused a document from the citizen's store (4.4), it is linked to that store (4.5), it
-- was checked against the population database (4.7). Each is recorded once, when it first becomes true, and
-- its counter (stats_daily, stats_monthly, metric = the mark) is added in the same statement
-- (src/modules/measurement/dossier-marks.ts), so the index reads counters instead of scanning every dossier
-- of the period (before: the city's year at 100,000 dossiers took 694 ms, of which 250 ms this scan).
--
-- A mark is filed like the dossier's `received`: on the day the dossier was received (Vietnam time) and under
-- the unit that received it (before any reorganisation moved it), so that numerator and denominator cover the
-- same dossiers (org_id and day kept here, so that `motcua stats rebuild` files it the same way).
CREATE TABLE dossier_marks (
  dossier_id  text NOT NULL REFERENCES dossiers (id),
  mark        text NOT NULL CHECK (mark IN ('digitised', 'reusing', 'linked', 'population_checked')),
  org_id      text NOT NULL REFERENCES organisations (id),
  day         date NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (dossier_id, mark)
);

-- The facts already in the records before this migration.
INSERT INTO dossier_marks (dossier_id, mark, org_id, day, at)
SELECT d.id, f.mark,
       coalesce((SELECT a.payload->>'fromReceivingOrgId' FROM dossier_actions a WHERE a.dossier_id = d.id AND a.action = 'transferred_by_reorganisation' ORDER BY a.seq LIMIT 1), d.receiving_org_id),
       ((d.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date, f.at
FROM dossiers d
JOIN (
  SELECT a.dossier_id, 'digitised' AS mark, min(u.created_at) AS at FROM dossier_attachments a
    JOIN uploads u ON u.id = a.upload_id WHERE a.component_code <> 'result' GROUP BY a.dossier_id
  UNION ALL
  SELECT dossier_id, 'reusing', min(reused_at) FROM citizen_document_reuses GROUP BY dossier_id
  UNION ALL
  SELECT dossier_id, 'linked', min(at) FROM (
    SELECT dossier_id, created_at AS at FROM citizen_documents WHERE dossier_id IS NOT NULL
    UNION ALL SELECT dossier_id, reused_at FROM citizen_document_reuses) l GROUP BY dossier_id
  UNION ALL
  SELECT dossier_id, 'population_checked', min(checked_at) FROM population_checks WHERE result <> 'unavailable' GROUP BY dossier_id
) f ON f.dossier_id = d.id;

INSERT INTO stats_daily (org_id, procedure_code, day, metric, channel, field_code, value)
SELECT m.org_id, d.procedure_code, m.day, m.mark, d.channel, d.field_code, count(*)
FROM dossier_marks m JOIN dossiers d ON d.id = m.dossier_id
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (org_id, procedure_code, day, metric, channel, field_code) DO UPDATE SET value = stats_daily.value + excluded.value;

INSERT INTO stats_monthly (org_id, procedure_code, month, metric, value)
SELECT m.org_id, d.procedure_code, date_trunc('month', m.day)::date, m.mark, count(*)
FROM dossier_marks m JOIN dossiers d ON d.id = m.dossier_id
GROUP BY 1, 2, 3, 4
ON CONFLICT (org_id, procedure_code, month, metric) DO UPDATE SET value = stats_monthly.value + excluded.value;
