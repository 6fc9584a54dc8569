-- Monthly roll-up of the daily counters, maintained in the same transaction: month, quarter and year
-- figures (the 766 index, open data) read ~12 rows per (organisation, procedure, metric) for a year.
CREATE TABLE stats_monthly (
  org_id          text NOT NULL REFERENCES organisations(id),
  procedure_code  text NOT NULL REFERENCES procedures(code),
  month           date NOT NULL, -- first day of the month
  metric          text NOT NULL,
  value           double precision NOT NULL,
  PRIMARY KEY (org_id, procedure_code, month, metric)
);
CREATE INDEX stats_monthly_month ON stats_monthly (month, org_id);

INSERT INTO stats_monthly (org_id, procedure_code, month, metric, value)
SELECT org_id, procedure_code, date_trunc('month', day)::date, metric, sum(value) FROM stats_daily GROUP BY 1, 2, 3, 4;
