-- The cells of a history file (forecast-desk backfill --history) as text, one column per role
-- (analytics/backfill/history.py: ROLES). Columns a file does not have stay NULL.
CREATE OR REPLACE TEMP TABLE backfill_history_raw (
    opportunity_id VARCHAR, stage VARCHAR, amount VARCHAR, close_date VARCHAR,
    probability VARCHAR, category VARCHAR, changed_at VARCHAR, field VARCHAR,
    old_value VARCHAR, new_value VARCHAR, property VARCHAR, value VARCHAR
)
