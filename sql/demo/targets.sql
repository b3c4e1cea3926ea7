-- Demo organisation, step 2: monthly targets and stretch targets per rep (scope_type 'rep').
-- Decomposed the way DOMAIN.md describes (目标分解): a base by tier (A 2.0M, B 1.4M, C 0.95M a
-- month, +-10% per rep), times the season (旺淡季): the last fiscal month of a quarter is a little
-- higher (0.97 / 0.99 / 1.04 within a quarter), the fiscal Q4 is high (1.12, other quarters 0.96)
-- and the Chinese New Year month is low (0.65); times 8% growth per fiscal year. Stretch targets
-- are 106-110% of target, drawn per rep and fiscal year: a healthy rep (106-110% of target) books
-- about its stretch, so its weekly commit keeps near the linear share of M2. Months run from the start of the history
-- to the end of the fiscal year that holds the month eleven months after today, so that every
-- month of a 12-month forecast has a target.
INSERT INTO targets (scope_type, scope, month, target, stretch_target, load_id)
WITH rep AS (
    SELECT rep, tier FROM reps WHERE load_id = $reps_load_id
),
month AS (
    SELECT CAST(t.d AS DATE) AS month
    FROM range(CAST(CAST($history_start AS DATE) AS TIMESTAMP),
               CAST(CAST($last_target_month AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY,
               INTERVAL 1 MONTH) AS t(d)
),
-- The month of the Chinese New Year (Spring Festival); February where a year is not listed.
cny(year, month_no) AS (
    VALUES (2018, 2), (2019, 2), (2020, 1), (2021, 2), (2022, 2), (2023, 1), (2024, 2),
           (2025, 1), (2026, 2), (2027, 2), (2028, 1), (2029, 2), (2030, 2), (2031, 1),
           (2032, 2), (2033, 1), (2034, 2), (2035, 2)
),
season AS (
    SELECT m.month,
           fiscal_year(m.month, $m0) AS fy,
           [0.97, 0.99, 1.04][fiscal_month_index(m.month, $m0) % 3 + 1]
           * CASE WHEN fiscal_month_index(m.month, $m0) // 3 = 3 THEN 1.12 ELSE 0.96 END
           * CASE WHEN month(m.month) = coalesce(c.month_no, 2) THEN 0.65 ELSE 1.0 END
           * pow(1.08, fiscal_year(m.month, $m0) - fiscal_year(CAST($history_start AS DATE), $m0))
               AS factor
    FROM month m
    LEFT JOIN cny c ON c.year = year(m.month)
),
planned AS (
    SELECT r.rep, s.month,
           round(CASE r.tier WHEN 'A' THEN 2000000 WHEN 'B' THEN 1400000 ELSE 950000 END
                 * (0.9 + 0.2 * (hash($seed, 'base', r.rep) % 1000003) / 1000003.0)
                 * s.factor, -3) AS target,
           1.06 + 0.04 * (hash($seed, 'stretch', r.rep, s.fy) % 1000003) / 1000003.0 AS stretch_ratio
    FROM rep r, season s
)
SELECT 'rep' AS scope_type, rep AS scope, month, target,
       round(target * stretch_ratio, -3) AS stretch_target,
       CAST($load_id AS INTEGER) AS load_id
FROM planned
