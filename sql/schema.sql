-- Forecast Desk store, schema version 3 (analytics/store.py: SCHEMA_VERSION, MIGRATIONS).
-- Every data row carries the load_id of the load that brought it, so one load can be removed.
-- Amounts are DECIMAL(18,2) so that sums reconcile to the cent.

CREATE TABLE IF NOT EXISTS schema_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

CREATE TABLE IF NOT EXISTS loads (
    load_id INTEGER PRIMARY KEY,
    table_name VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    snapshot_date DATE,
    notes VARCHAR
);

CREATE TABLE IF NOT EXISTS reps (
    rep VARCHAR NOT NULL,
    name VARCHAR,
    region VARCHAR NOT NULL,
    manager VARCHAR,
    tier VARCHAR,
    active_from DATE,
    active_to DATE,
    source VARCHAR NOT NULL DEFAULT 'reps',
    load_id INTEGER NOT NULL,
    region_zh VARCHAR  -- the region's name in Chinese (optional; schema 4)
);

CREATE TABLE IF NOT EXISTS snapshots (
    snapshot_date DATE NOT NULL,
    opportunity_id VARCHAR NOT NULL,
    opportunity_name VARCHAR,
    account VARCHAR,
    rep VARCHAR NOT NULL,
    region VARCHAR,
    stage DOUBLE NOT NULL,
    amount DECIMAL(18, 2) NOT NULL,
    close_date DATE NOT NULL,
    forecast_category VARCHAR NOT NULL,
    created_date DATE,
    currency VARCHAR,
    config_final BOOLEAN,
    end_user_signed BOOLEAN,
    channel_signed BOOLEAN,
    discount_approved BOOLEAN,
    partner_ready BOOLEAN,
    load_id INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS bookings (
    order_id VARCHAR NOT NULL,
    opportunity_id VARCHAR,
    rep VARCHAR NOT NULL,
    booked_date DATE NOT NULL,
    amount DECIMAL(18, 2) NOT NULL,
    status VARCHAR NOT NULL,
    load_id INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS targets (
    scope_type VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    month DATE NOT NULL,
    target DECIMAL(18, 2) NOT NULL,
    stretch_target DECIMAL(18, 2) NOT NULL,
    load_id INTEGER NOT NULL
);

-- Weekly calls of every level (scope_type rep, manager, region, company; docs/loading.md). A rep's
-- call has rep = scope (scope may be NULL on rows written without it: the rep); the call of a
-- manager, a region or the company has rep NULL and its name in scope. Non-rep calls are
-- append-only submissions (submitted_by, note; adjustment = the call minus the sum below when it
-- was entered as an adjustment; late_correction = accepted after the week's deadline).
CREATE TABLE IF NOT EXISTS calls (
    rep VARCHAR,
    week_start DATE NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    commit_amount DECIMAL(18, 2) NOT NULL,
    upside DECIMAL(18, 2),
    month_forecast DECIMAL(18, 2),
    month_upside DECIMAL(18, 2),
    quarter_forecast DECIMAL(18, 2),
    quarter_upside DECIMAL(18, 2),
    load_id INTEGER NOT NULL,
    scope_type VARCHAR DEFAULT 'rep',
    scope VARCHAR,
    submitted_by VARCHAR,
    note VARCHAR,
    adjustment DECIMAL(18, 2),
    late_correction BOOLEAN DEFAULT false
);

-- Monthly 12-month forecasts of every level, as calls: rep = scope for a rep's rows, NULL for a
-- manager's, a region's or the company's (scope names it).
CREATE TABLE IF NOT EXISTS forecasts (
    rep VARCHAR,
    review_month DATE NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    month DATE NOT NULL,
    forecast DECIMAL(18, 2) NOT NULL,
    upside DECIMAL(18, 2),
    load_id INTEGER NOT NULL,
    scope_type VARCHAR DEFAULT 'rep',
    scope VARCHAR,
    submitted_by VARCHAR,
    note VARCHAR
);

-- The monthly action plan agreed between a rep and the regional manager.
CREATE TABLE IF NOT EXISTS action_plans (
    rep VARCHAR NOT NULL,
    month DATE NOT NULL,
    note VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (rep, month)
);

-- Results too slow to compute on every page visit (the M19 backtests), remembered per data
-- version (analytics/memo.py): not data, never backed up or exported; a result whose data_version
-- is not the data's current one is never read and is deleted at the next write.
CREATE TABLE IF NOT EXISTS result_memo (
    name VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    data_version VARCHAR NOT NULL,
    payload BLOB NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    seconds DOUBLE NOT NULL,
    PRIMARY KEY (name, key)
);

-- Fiscal calendar. m0 is the first month of the fiscal year (1 = January).
-- The fiscal year is named after the calendar year in which it ends (docs/metrics.md).
CREATE OR REPLACE MACRO fiscal_month_index(d, m0) AS (CAST(month(d) AS INTEGER) - m0 + 12) % 12;
CREATE OR REPLACE MACRO fiscal_quarter_start(d, m0) AS
    CAST(date_trunc('month', d) - to_months(fiscal_month_index(d, m0) % 3) AS DATE);
CREATE OR REPLACE MACRO fiscal_year_start(d, m0) AS
    CAST(date_trunc('month', d) - to_months(fiscal_month_index(d, m0)) AS DATE);
CREATE OR REPLACE MACRO fiscal_year(d, m0) AS
    CAST(year(fiscal_year_start(d, m0)) AS INTEGER) + CASE WHEN m0 = 1 THEN 0 ELSE 1 END;
CREATE OR REPLACE MACRO fiscal_quarter_label(d, m0) AS
    'FY' || CAST(fiscal_year(d, m0) AS VARCHAR) || '-Q' || CAST(fiscal_month_index(d, m0) // 3 + 1 AS VARCHAR);
CREATE OR REPLACE MACRO week_monday(d) AS CAST(date_trunc('week', d) AS DATE);
-- Week of quarter, 1..13; days past week 13 fold into week 13.
CREATE OR REPLACE MACRO week_of_quarter(d, m0) AS
    least(CAST(floor(date_diff('day', fiscal_quarter_start(d, m0), CAST(d AS DATE)) / 7) AS INTEGER) + 1, 13);
-- Working days in [d0, d1): weekdays (0 = Monday) listed in `weekdays`, minus `holidays` (a
-- DATE[]). The linear share of a week with settings linear_share = "working_days" (M2, M13).
CREATE OR REPLACE MACRO working_days(d0, d1, weekdays, holidays) AS (
    SELECT count(*)
    FROM range(CAST(d0 AS TIMESTAMP), CAST(d1 AS TIMESTAMP), INTERVAL 1 DAY) AS t(d)
    WHERE list_contains(weekdays, isodow(d) - 1) AND NOT list_contains(holidays, CAST(d AS DATE))
);
-- Period start of a date for a grain ('week', 'month', 'quarter').
CREATE OR REPLACE MACRO period_start(d, grain, m0) AS
    CASE grain
        WHEN 'week' THEN week_monday(d)
        WHEN 'month' THEN CAST(date_trunc('month', d) AS DATE)
        ELSE fiscal_quarter_start(d, m0)
    END;
CREATE OR REPLACE MACRO period_label(p, grain, m0) AS
    CASE grain
        WHEN 'week' THEN strftime(p, '%Y-%m-%d')
        WHEN 'month' THEN strftime(p, '%Y-%m')
        ELSE fiscal_quarter_label(p, m0)
    END;
CREATE OR REPLACE MACRO period_end(p, grain) AS
    CASE grain
        WHEN 'week' THEN CAST(p + INTERVAL 7 DAY AS DATE)
        WHEN 'month' THEN CAST(p + INTERVAL 1 MONTH AS DATE)
        ELSE CAST(p + INTERVAL 3 MONTH AS DATE)
    END;

-- Where a rep's region comes from: the reps table (latest load wins), else the region seen on
-- that rep's own rows (recorded at load time with source = 'derived').
CREATE OR REPLACE VIEW rep_dim AS
SELECT rep, name, region, manager, tier, active_from, active_to
FROM reps
QUALIFY row_number() OVER (
    PARTITION BY rep ORDER BY CASE WHEN source = 'reps' THEN 0 ELSE 1 END, load_id DESC
) = 1;

-- Filters and scopes shared by every metric. regions/reps are lists; an empty list means all.
CREATE OR REPLACE MACRO in_filter(rep_id, region_name, regions, reps) AS
    (len(regions) = 0 OR list_contains(regions, region_name))
    AND (len(reps) = 0 OR list_contains(reps, rep_id));
CREATE OR REPLACE MACRO scope_of(rep_id, region_name, scope_by) AS
    CASE scope_by WHEN 'rep' THEN rep_id WHEN 'region' THEN region_name ELSE 'company' END;

-- "Snapshot as of D": the latest snapshot_date <= D, if at most max_age days old, else NULL.
CREATE OR REPLACE MACRO snapshot_as_of(d, max_age) AS (
    SELECT CASE WHEN date_diff('day', s, CAST(d AS DATE)) <= max_age THEN s END
    FROM (SELECT max(snapshot_date) AS s FROM snapshots WHERE snapshot_date <= CAST(d AS DATE))
);

-- Targets of the latest load per (scope_type, scope, month).
CREATE OR REPLACE VIEW targets_current AS
SELECT scope_type, scope, month, target, stretch_target
FROM targets
QUALIFY row_number() OVER (PARTITION BY scope_type, scope, month ORDER BY load_id DESC) = 1;

-- Monthly target and stretch per scope, rolled up by the rule of METRICS.md: a scope's own row
-- where one is given, else the sum of what it contains (reps -> region -> company).
-- With a rep filter, regions and the company are the sum of the selected reps' targets; with a
-- region filter only, the company is the sum of the selected regions.
CREATE OR REPLACE MACRO scope_targets(scope_by, regions, reps) AS TABLE
WITH rep_t AS (
    SELECT t.scope AS rep, d.region, t.month, t.target, t.stretch_target
    FROM targets_current t JOIN rep_dim d ON d.rep = t.scope
    WHERE t.scope_type = 'rep' AND in_filter(t.scope, d.region, regions, reps)
),
region_from_reps AS (
    SELECT region, month, sum(target) AS target, sum(stretch_target) AS stretch_target
    FROM rep_t GROUP BY ALL
),
region_own AS (
    SELECT scope AS region, month, target, stretch_target
    FROM targets_current
    WHERE scope_type = 'region' AND len(reps) = 0
      AND (len(regions) = 0 OR list_contains(regions, scope))
),
region_t AS (
    SELECT coalesce(o.region, r.region) AS region, coalesce(o.month, r.month) AS month,
           coalesce(o.target, r.target) AS target,
           coalesce(o.stretch_target, r.stretch_target) AS stretch_target
    FROM region_own o FULL OUTER JOIN region_from_reps r ON o.region = r.region AND o.month = r.month
),
company_own AS (
    SELECT 'company' AS scope, month, target, stretch_target
    FROM targets_current
    WHERE scope_type = 'company' AND scope = 'company' AND len(reps) = 0 AND len(regions) = 0
),
company_from_regions AS (
    SELECT 'company' AS scope, month, sum(target) AS target, sum(stretch_target) AS stretch_target
    FROM region_t GROUP BY ALL
),
company_t AS (
    SELECT 'company' AS scope, coalesce(o.month, r.month) AS month,
           coalesce(o.target, r.target) AS target,
           coalesce(o.stretch_target, r.stretch_target) AS stretch_target
    FROM company_own o FULL OUTER JOIN company_from_regions r ON o.month = r.month
)
SELECT rep AS scope, month, target, stretch_target FROM rep_t WHERE scope_by = 'rep'
UNION ALL
SELECT region AS scope, month, target, stretch_target FROM region_t WHERE scope_by = 'region'
UNION ALL
SELECT scope, month, target, stretch_target FROM company_t WHERE scope_by = 'company';

-- Actual bookings: every booking that is not cancelled, with the rep's region.
CREATE OR REPLACE VIEW actual_bookings AS
SELECT b.order_id, b.opportunity_id, b.rep, d.region, b.booked_date, b.amount, b.status
FROM bookings b JOIN rep_dim d ON d.rep = b.rep
WHERE b.status <> 'cancelled';

-- The status of an expected submission (a weekly call, a monthly forecast) at `moment`: not_due
-- before its deadline, then missing, on_time (submitted by the deadline) or late (M14, M14m).
CREATE OR REPLACE MACRO submission_status(deadline, submitted_at, moment) AS
    CASE WHEN deadline > CAST(moment AS TIMESTAMP) THEN 'not_due'
         WHEN submitted_at IS NULL THEN 'missing'
         WHEN submitted_at <= deadline THEN 'on_time'
         ELSE 'late' END;
