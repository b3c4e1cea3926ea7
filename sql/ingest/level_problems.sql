-- The level columns of a calls or forecasts file (ingest_stage of stage/calls.sql or
-- stage/forecasts.sql): a scope_type that is not a level; a manager's or region's row without a
-- scope; a manager that manages no rep of the reps table; a region with no rep. scope_match gives
-- each non-rep scope its stored spelling (names compared ignoring case and spacing).
CREATE OR REPLACE TEMP TABLE ingest_level_problems AS
WITH managers AS (
    SELECT DISTINCT 'manager' AS level, manager AS name, ing_key(manager) AS k
    FROM rep_dim WHERE manager IS NOT NULL
    UNION
    SELECT DISTINCT 'region', region, ing_key(region) FROM rep_dim WHERE region IS NOT NULL
),
rows AS (
    SELECT s.row_no, s.level, s.scope_type_raw, s.scope_raw, s.scope_name,
           (SELECT min(m.name) FROM managers m
            WHERE m.level = s.level AND m.k = ing_key(s.scope_name)) AS stored_name
    FROM ingest_stage s
)
SELECT row_no, 'scope_type' AS col, scope_type_raw AS value, 'bad_level' AS code,
       CAST(NULL AS VARCHAR) AS detail
FROM rows WHERE level IS NULL
UNION ALL
SELECT row_no, 'scope', NULL, 'missing', NULL
FROM rows WHERE level IN ('manager', 'region') AND scope_name IS NULL
UNION ALL
SELECT row_no, 'scope', scope_raw, 'unknown_' || level, NULL
FROM rows WHERE level IN ('manager', 'region') AND scope_name IS NOT NULL AND stored_name IS NULL
