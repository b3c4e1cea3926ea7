-- The calls and forecasts tables of a schema-version-2 store (rep-level only, rep NOT NULL),
-- with one row each: tests/analytics/test_rollup.py opens it and expects the version-3 columns.
CREATE TABLE schema_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO schema_meta VALUES ('version', '2');
CREATE TABLE calls (
    rep VARCHAR NOT NULL,
    week_start DATE NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    commit_amount DECIMAL(18, 2) NOT NULL,
    upside DECIMAL(18, 2),
    month_forecast DECIMAL(18, 2),
    month_upside DECIMAL(18, 2),
    quarter_forecast DECIMAL(18, 2),
    quarter_upside DECIMAL(18, 2),
    load_id INTEGER NOT NULL
);
CREATE TABLE forecasts (
    rep VARCHAR NOT NULL,
    review_month DATE NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    month DATE NOT NULL,
    forecast DECIMAL(18, 2) NOT NULL,
    upside DECIMAL(18, 2),
    load_id INTEGER NOT NULL
);
INSERT INTO calls VALUES ('r1', '2026-11-02', '2026-11-01 20:00', 100, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO forecasts VALUES ('r1', '2026-11-01', '2026-11-02 08:00', '2026-11-01', 100, NULL, 1);
