-- M13 Quarter linearity and M13v Volatility, per fiscal quarter and scope (the grain is always the
-- quarter). Weekly bookings b_1..b_13 are actual bookings by week of quarter (k = days since the
-- quarter start // 7 + 1, days past week 13 fold into week 13); a week without bookings is 0.
-- C_k = Σ_{j<=k} b_j / Σ b; index = 1 − 2·Σ_{k=1..13} |C_k − k/13| / 12.
-- CV = population standard deviation / mean of the 13 weekly amounts.
-- Also the share of the quarter booked in each fiscal month and in weeks 12–13.
-- A scope's weekly bookings are the sums of its reps' before anything is computed.
-- NULL when the scope booked nothing (or a net 0) in the quarter.
WITH b AS (
    SELECT fiscal_quarter_start(b.booked_date, $m0) AS quarter_start,
           week_of_quarter(b.booked_date, $m0) AS k,
           date_diff('month', fiscal_quarter_start(b.booked_date, $m0),
                     CAST(date_trunc('month', b.booked_date) AS DATE)) + 1 AS fiscal_month,
           scope_of(b.rep, b.region, $by) AS scope,
           b.amount
    FROM actual_days b  -- actual bookings per day and rep (sql/derived/)
    WHERE in_filter(b.rep, b.region, $regions, $reps)
      AND ($date_from IS NULL OR b.booked_date >= $date_from)
),
b_in AS (
    SELECT * FROM b
    WHERE ($date_from IS NULL OR quarter_start >= $date_from)
      AND ($date_to IS NULL OR quarter_start <= $date_to)
),
weekly AS (
    SELECT quarter_start, scope, k, sum(amount) AS amount FROM b_in GROUP BY ALL
),
grid AS (
    SELECT q.quarter_start, q.scope, CAST(w.k AS INTEGER) AS k
    FROM (SELECT DISTINCT quarter_start, scope FROM b_in) q
    CROSS JOIN range(1, 14) AS w(k)
),
filled AS (
    SELECT g.quarter_start, g.scope, g.k, coalesce(w.amount, 0) AS amount
    FROM grid g
    LEFT JOIN weekly w USING (quarter_start, scope, k)
),
cumulative AS (
    SELECT quarter_start, scope, k, amount,
           sum(amount) OVER (PARTITION BY quarter_start, scope ORDER BY k) AS cum,
           sum(amount) OVER (PARTITION BY quarter_start, scope) AS total
    FROM filled
),
per_quarter AS (
    SELECT quarter_start, scope,
           any_value(total) AS bookings,
           -- Σ|C_k − k/13| = Σ|13·cum_k − k·total| / (13·total), kept exact in DECIMAL
           sum(abs(13 * cum - k * total)) AS deviation_13,
           stddev_pop(CAST(amount AS DOUBLE)) AS weekly_std,
           avg(CAST(amount AS DOUBLE)) AS weekly_mean,
           sum(amount) FILTER (WHERE k >= 12) AS last_two_weeks
    FROM cumulative
    GROUP BY ALL
),
months AS (
    SELECT quarter_start, scope,
           coalesce(sum(amount) FILTER (WHERE fiscal_month = 1), 0) AS month1,
           coalesce(sum(amount) FILTER (WHERE fiscal_month = 2), 0) AS month2,
           coalesce(sum(amount) FILTER (WHERE fiscal_month = 3), 0) AS month3
    FROM b_in
    GROUP BY ALL
)
SELECT q.quarter_start AS period_start,
       period_label(q.quarter_start, 'quarter', $m0) AS period,
       q.scope,
       -- 1 − 2·(deviation_13 / (13·total)) / 12 = 1 − deviation_13 / (78·total)
       CASE WHEN q.bookings <> 0 THEN 1 - q.deviation_13 / (78 * q.bookings) END AS linearity,
       CASE WHEN q.weekly_mean <> 0 THEN q.weekly_std / q.weekly_mean END AS volatility,
       q.bookings,
       q.weekly_std,
       q.weekly_mean,
       CASE WHEN q.bookings <> 0 THEN m.month1 / q.bookings END AS month1_share,
       CASE WHEN q.bookings <> 0 THEN m.month2 / q.bookings END AS month2_share,
       CASE WHEN q.bookings <> 0 THEN m.month3 / q.bookings END AS last_month_share,
       CASE WHEN q.bookings <> 0 THEN q.last_two_weeks / q.bookings END AS last_two_weeks_share
FROM per_quarter q
JOIN months m USING (quarter_start, scope)
