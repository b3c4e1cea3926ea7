-- Demo organisation, step 5: the weekly commit calls, one per rep and week of the history.
-- A rep's commit is the week's actual bookings (not cancelled) divided by the rep's bias, with a
-- little noise (+-3.5%) and, in 8% of the weeks, a surprise (x0.7..1.4); so M1 = actual / commit
-- sits near the bias. For the current week, whose bookings are not in yet, the basis is the
-- rep's weekly average of the last eight weeks. The month and quarter forecasts are what the
-- month or quarter will book (for a month not yet complete: its target x the rep's attainment over
-- the complete months) divided by the bias, with 8-16% upside on top. Most calls come on Sunday
-- evening, some on Monday before 09:00; late ones come on Monday after 09:00 or on Tuesday; a few
-- are missing. Stories: E02 commits low (bias 1.25), S03 commits high (0.85), W02 is erratic and
-- often late, N05 is late nearly every week.
INSERT INTO calls (
    rep, week_start, submitted_at, commit_amount, upside, month_forecast, month_upside,
    quarter_forecast, quarter_upside, load_id
)
WITH story(rep, bias, spread, surprise, late_share, missing_share) AS (
    VALUES ('E02', 1.25, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE),
            CAST(NULL AS DOUBLE)),
           ('S03', 0.85, NULL, NULL, NULL, NULL),
           ('W02', NULL, 0.30, 0.30, 0.40, 0.05),
           ('N05', NULL, NULL, NULL, 0.85, 0.03)
),
rep AS (
    SELECT r.rep,
           coalesce(s.bias, 1.0 + 0.04 * (hash($seed, 'bias', r.rep) % 1000003) / 1000003.0) AS bias,
           coalesce(s.spread, 0.035) AS spread,
           coalesce(s.surprise, 0.08) AS surprise,
           coalesce(s.late_share, 0.02) AS late_share,
           coalesce(s.missing_share, 0.01) AS missing_share
    FROM reps r
    LEFT JOIN story s ON s.rep = r.rep
    WHERE r.load_id = $reps_load_id
),
week AS (
    SELECT CAST(t.d AS DATE) AS week_start
    FROM range(CAST(CAST($first_monday AS DATE) AS TIMESTAMP),
               CAST(CAST($last_monday AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY,
               INTERVAL 7 DAY) AS t(d)
),
booked AS (
    SELECT rep, booked_date, amount
    FROM bookings
    WHERE load_id = $bookings_load_id AND status <> 'cancelled'
),
week_actual AS (
    SELECT rep, week_monday(booked_date) AS week_start, sum(amount) AS actual
    FROM booked GROUP BY ALL
),
recent AS (
    SELECT rep, sum(actual) / 8 AS weekly
    FROM week_actual
    WHERE week_start >= CAST($last_monday AS DATE) - 56 AND week_start < CAST($last_monday AS DATE)
    GROUP BY ALL
),
month_expected AS (  -- sql/demo/macros/month_expected.sql
    SELECT rep, month, fiscal_quarter_start(month, $m0) AS quarter, expected
    FROM demo_month_expected($bookings_load_id, $targets_load_id, $last_monday)
),
quarter_expected AS (
    SELECT rep, quarter, sum(expected) AS expected FROM month_expected GROUP BY ALL
),
rep_week AS (
    SELECT r.*, w.week_start,
           CASE WHEN w.week_start < CAST($last_monday AS DATE) THEN coalesce(a.actual, 0)
                ELSE coalesce(c.weekly, 0) END AS basis,
           (hash($seed, 'noise', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_noise,
           (hash($seed, 'surprise', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_surprise,
           (hash($seed, 'late', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_late,
           (hash($seed, 'missing', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_missing,
           (hash($seed, 'time', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_time,
           (hash($seed, 'upside', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_upside,
           (hash($seed, 'month', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_month,
           (hash($seed, 'quarter', r.rep, w.week_start) % 1000003) / 1000003.0 AS u_quarter,
           me.expected AS month_expected,
           qe.expected AS quarter_expected
    FROM rep r
    CROSS JOIN week w
    LEFT JOIN week_actual a ON a.rep = r.rep AND a.week_start = w.week_start
    LEFT JOIN recent c ON c.rep = r.rep
    LEFT JOIN month_expected me
      ON me.rep = r.rep AND me.month = CAST(date_trunc('month', w.week_start) AS DATE)
    LEFT JOIN quarter_expected qe
      ON qe.rep = r.rep AND qe.quarter = fiscal_quarter_start(w.week_start, $m0)
),
called AS (
    SELECT x.*,
           round(x.basis / x.bias * CASE
               WHEN x.u_surprise < x.surprise THEN 0.7 + 0.7 * x.u_noise
               ELSE 1 + (2 * x.u_noise - 1) * x.spread
           END, -2) AS commit_amount,
           round(x.month_expected / x.bias * (0.95 + 0.1 * x.u_month), -2) AS month_forecast,
           round(x.quarter_expected / x.bias * (0.96 + 0.08 * x.u_quarter), -2) AS quarter_forecast,
           CASE
               WHEN x.u_late < x.late_share
                   THEN CAST(x.week_start AS TIMESTAMP) + INTERVAL 9 HOUR
                        + to_minutes(CAST(10 + floor(x.u_time * 1700) AS BIGINT))
               WHEN x.u_time < 0.15
                   THEN CAST(x.week_start AS TIMESTAMP) + INTERVAL 7 HOUR
                        + to_minutes(CAST(floor(x.u_time / 0.15 * 115) AS BIGINT))
               ELSE CAST(x.week_start AS TIMESTAMP) - INTERVAL 7 HOUR
                    + to_minutes(CAST(floor(x.u_time * 300) AS BIGINT))
           END AS submitted_at
    FROM rep_week x
    WHERE x.u_missing >= x.missing_share
)
SELECT rep, week_start, submitted_at, commit_amount,
       round(commit_amount * (0.2 + 0.4 * u_upside), -2) AS upside,
       month_forecast,
       round(month_forecast * (0.08 + 0.08 * u_upside), -2) AS month_upside,
       quarter_forecast,
       round(quarter_forecast * (0.08 + 0.08 * u_month), -2) AS quarter_upside,
       CAST($load_id AS INTEGER) AS load_id
FROM called
WHERE submitted_at <= CAST($now AS TIMESTAMP)
