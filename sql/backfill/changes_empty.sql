-- No history file: no changes, so every snapshot follows the rules without history.
CREATE OR REPLACE TEMP TABLE backfill_changes (
    row_no BIGINT, opportunity_id VARCHAR, source_field VARCHAR, field VARCHAR,
    role VARCHAR, changed_raw VARCHAR, raw VARCHAR, changed_at TIMESTAMP,
    initial BOOLEAN, stage DOUBLE, lost_name BOOLEAN, amount DECIMAL(18, 2), close_date DATE,
    category VARCHAR, code VARCHAR
)
