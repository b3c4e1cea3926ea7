-- Forecast Desk store, schema version 1 (frozen copy for the migration test).
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
    load_id INTEGER NOT NULL
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

CREATE TABLE IF NOT EXISTS calls (
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

CREATE TABLE IF NOT EXISTS forecasts (
    rep VARCHAR NOT NULL,
    review_month DATE NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    month DATE NOT NULL,
    forecast DECIMAL(18, 2) NOT NULL,
    upside DECIMAL(18, 2),
    load_id INTEGER NOT NULL
);

-- The monthly action plan agreed between a rep and the regional manager.
CREATE TABLE IF NOT EXISTS action_plans (
    rep VARCHAR NOT NULL,
    month DATE NOT NULL,
    note VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (rep, month)
);

