-- M15 Stage calibration over the snapshots (with snapshot_date in [$date_from, $date_to] and on
-- or before $as_of when given). A deal's outcome is its first terminal row: won when the
-- category is won (or the stage is 100 and the category not lost/omitted), lost when the
-- category is lost. Every open row (0 < stage < 100, category commit, upside or pipeline) of a
-- deal with an outcome, in a snapshot before that outcome, is one observation at its stage p.
-- Per ladder stage (p placed in the highest of 0, 25, 50, 60, 70, 80, 90 at or below it):
-- observations, won, win_rate = won / observations, win_rate_amount = won amount / amount.
-- A last row 'brier' holds the Brier score mean((p / 100 - won)^2) over every observation in
-- win_rate, with the observation and won counts.
-- The observations come added up from calibration_summary (sql/derived/), one row per snapshot,
-- outcome date and result, rep and stage (calibration_outcomes: the same without the snapshot,
-- for M15 over every snapshot): an outcome on or before $as_of is the deal's first terminal row
-- on or before $as_of, so the as-of filter applies to the outcome date.
WITH observations AS (
    -- over every snapshot: calibration_outcomes; for a snapshot range: calibration_summary
    SELECT c.stage, c.amount, CAST(c.won AS INTEGER) AS won, c.observations, c.rep
    FROM calibration_outcomes c
    WHERE $date_from IS NULL AND $date_to IS NULL
      AND ($as_of IS NULL OR c.outcome_date <= CAST($as_of AS DATE))
    UNION ALL
    SELECT c.stage, c.amount, CAST(c.won AS INTEGER) AS won, c.observations, c.rep
    FROM calibration_summary c
    WHERE ($date_from IS NOT NULL OR $date_to IS NOT NULL)
      AND ($as_of IS NULL OR c.outcome_date <= CAST($as_of AS DATE))
      AND ($date_from IS NULL OR c.snapshot_date >= $date_from)
      AND ($date_to IS NULL OR c.snapshot_date <= $date_to)
),
laddered AS (
    SELECT o.stage, o.amount, o.won, o.observations,
           CASE WHEN o.stage >= 90 THEN 90 WHEN o.stage >= 80 THEN 80 WHEN o.stage >= 70 THEN 70
                WHEN o.stage >= 60 THEN 60 WHEN o.stage >= 50 THEN 50 WHEN o.stage >= 25 THEN 25
                ELSE 0 END AS ladder_stage
    FROM observations o
    JOIN rep_current d ON d.rep = o.rep
    WHERE in_filter(o.rep, d.region, $regions, $reps)
),
ladder AS (
    SELECT * FROM (VALUES (1, 0), (2, 25), (3, 50), (4, 60), (5, 70), (6, 80), (7, 90))
        AS t(row_order, ladder_stage)
),
per_stage AS (
    SELECT ladder_stage, CAST(sum(observations) AS BIGINT) AS observations,
           sum(won * observations) AS won, sum(amount) AS amount,
           sum(amount) FILTER (WHERE won = 1) AS won_amount
    FROM laddered
    GROUP BY ladder_stage
)
SELECT l.row_order,
       CAST(l.ladder_stage AS VARCHAR) AS stage,
       coalesce(p.observations, 0) AS observations,
       coalesce(p.won, 0) AS won,
       CASE WHEN p.observations > 0 THEN p.won / p.observations END AS win_rate,
       CASE WHEN p.amount > 0
            THEN CAST(coalesce(p.won_amount, 0) AS DOUBLE) / CAST(p.amount AS DOUBLE) END
           AS win_rate_amount
FROM ladder l
LEFT JOIN per_stage p ON p.ladder_stage = l.ladder_stage
UNION ALL
SELECT 8, 'brier', coalesce(sum(observations), 0), coalesce(sum(won * observations), 0),
       sum(observations * power(stage / 100 - won, 2)) / sum(observations),
       NULL
FROM laddered
ORDER BY 1
