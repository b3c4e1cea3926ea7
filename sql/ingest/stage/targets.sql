-- Target rows parsed. Company targets are stored under the scope 'company' whatever the scope
-- cell says; a rep scope is matched to a rep (rep_raw) like the rep column of other files. An
-- empty stretch_target is the target.
CREATE OR REPLACE TEMP TABLE ingest_stage AS
WITH cleaned AS (
    SELECT
        row_no,
        ing_clean(scope_type) AS scope_type_raw,
        ing_clean(scope) AS scope_raw,
        ing_clean(month) AS month_raw,
        ing_clean(target) AS target_raw,
        ing_clean(stretch_target) AS stretch_target_raw
    FROM ingest_numbered
),
parsed AS (
    SELECT
        *,
        ing_scope_type(scope_type_raw) AS scope_type,
        ing_month(month_raw) AS month,
        ing_amount(target_raw) AS target,
        ing_amount(stretch_target_raw) AS stretch_value
    FROM cleaned
)
SELECT
    *,
    CASE WHEN scope_type = 'rep' THEN scope_raw END AS rep_raw,
    CAST(NULL AS VARCHAR) AS region,
    CASE scope_type WHEN 'company' THEN 'company' WHEN 'region' THEN scope_raw END AS scope,
    CASE WHEN stretch_target_raw IS NULL THEN target ELSE stretch_value END AS stretch_target
FROM parsed
