-- The cells of the file being loaded, as text, one column per contract column of any table
-- (analytics/ingest/columns.py: ALL_KEYS; a test keeps the two lists equal). Columns a file does
-- not have stay NULL. rowid is the record's position in the file. The last four columns hold the
-- columns a clean snapshot file lets DuckDB's reader type (analytics/ingest/fastpath.py): a
-- column read typed is NULL in its text column, and the other way round.
CREATE OR REPLACE TEMP TABLE ingest_raw (
    snapshot_date VARCHAR, opportunity_id VARCHAR, opportunity_name VARCHAR, account VARCHAR,
    rep VARCHAR, region VARCHAR, stage VARCHAR, probability VARCHAR, amount VARCHAR,
    close_date VARCHAR, forecast_category VARCHAR, created_date VARCHAR, currency VARCHAR,
    config_final VARCHAR, end_user_signed VARCHAR, channel_signed VARCHAR,
    discount_approved VARCHAR, partner_ready VARCHAR, is_closed VARCHAR, is_won VARCHAR,
    order_id VARCHAR, booked_date VARCHAR, status VARCHAR,
    scope_type VARCHAR, scope VARCHAR, month VARCHAR, target VARCHAR, stretch_target VARCHAR,
    week_start VARCHAR, week VARCHAR, submitted_at VARCHAR, commit_amount VARCHAR, upside VARCHAR,
    month_forecast VARCHAR, month_upside VARCHAR, quarter_forecast VARCHAR, quarter_upside VARCHAR,
    submitted_by VARCHAR, note VARCHAR, review_month VARCHAR, forecast VARCHAR,
    name VARCHAR, manager VARCHAR, tier VARCHAR, active_from VARCHAR, active_to VARCHAR,
    region_zh VARCHAR,
    snapshot_date_typed DATE, close_date_typed DATE, created_date_typed DATE,
    amount_typed DECIMAL(18, 2)
)
