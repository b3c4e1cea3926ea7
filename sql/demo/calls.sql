-- Demo organisation, step 5: the weekly commit calls, one per rep and week of the history.
-- A rep's commit is the week's actual bookings (not cancelled) divided by the rep's bias, with
-- noise (+-4.5%) and, in 10% of the weeks, a surprise (x0.7..1.4); on top, weeks that go wrong for
-- many at once: in 12% of the weeks the whole company's calls are off by 6-15% (a big deal
-- everybody counted on, a holiday week), in 12% of a region's weeks its reps' calls are off by
-- 5-15%, either way. So M1 = actual / commit sits near the bias, and a believable share of weeks
-- falls outside 95-110% for reps, regions and the company alike. For the current week, whose
-- bookings are not in yet, the basis is the rep's expected pace: what the month is expected to
-- book (sql/demo/macros/month_expected.sql) per working day, over the week's five days. The month and quarter forecasts are what the
-- month or quarter will book (for a month not yet complete: its target x the rep's attainment over
-- the complete months) divided by the bias, with 8-16% upside on top. Most calls come on Sunday
-- evening, some on Monday before 09:00; late ones come on Monday after 09:00 or on Tuesday; a few
-- are missing. Stories: E02 commits low (bias 1.25), S03 commits high (0.85), W02 is erratic and
-- often late, N05 is late nearly every week.
-- Above the reps (scope_type manager, region, company; rep NULL), every Monday before 09:00: each
-- region's manager calls the sum of the team's calls, with judgement. Feng Lei (South, careful)
-- reviews the commit list deal by deal and strikes the deals she doubts: when the team's sum is
-- above what the week will book, her haircut removes 45-75% of the excess, otherwise she keeps
-- the sum. Cao Yan (West, optimistic) adds 6-14% of "upside the team is too shy to commit" every
-- week. Deng Hua and Xie Ying pass the sum on; Xie Ying sometimes sends a correction after the
-- lock (Monday late morning: a flagged late correction that does not count). Each region's call
-- is its manager's; the company's is the sum of the regions rounded down to 10,000.
INSERT INTO calls (
    rep, week_start, submitted_at, commit_amount, upside, month_forecast, month_upside,
    quarter_forecast, quarter_upside, load_id, scope_type, scope, submitted_by, note, adjustment,
    late_correction
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
           r.region,
           coalesce(s.bias, 0.99 + 0.04 * (hash($seed, 'bias', r.rep) % 1000003) / 1000003.0) AS bias,
           coalesce(s.spread, 0.045) AS spread,
           coalesce(s.surprise, 0.10) AS surprise,
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
month_expected AS (  -- sql/demo/macros/month_expected.sql
    SELECT rep, month, fiscal_quarter_start(month, $m0) AS quarter, expected
    FROM demo_month_expected($bookings_load_id, $targets_load_id, $last_monday, $m0)
),
recent AS (
    -- The current week's expected bookings: each working day of the week at its month's pace.
    SELECT e.rep,
           sum(e.expected / len(list_filter(
               generate_series(CAST(e.month AS TIMESTAMP), CAST(last_day(e.month) AS TIMESTAMP),
                               INTERVAL 1 DAY),
               lambda x: isodow(x) <= 5))) AS weekly
    FROM range(5) AS t(d)
    JOIN month_expected e
      ON e.month = CAST(date_trunc('month', CAST($last_monday AS DATE) + to_days(CAST(t.d AS INTEGER))) AS DATE)
    GROUP BY ALL
),
shock AS (
    -- Weeks that go wrong for many at once: the company's (12%) and a region's (12%).
    SELECT w.week_start, g.region,
           CASE WHEN (hash($seed, 'company_shock', w.week_start) % 1000003) / 1000003.0 < 0.12
                THEN (0.06 + 0.09 * (hash($seed, 'company_size', w.week_start) % 1000003) / 1000003.0)
                     * CASE WHEN hash($seed, 'company_sign', w.week_start) % 2 = 0 THEN 1 ELSE -1 END
                ELSE 0 END AS company_shock,
           CASE WHEN (hash($seed, 'region_shock', g.region, w.week_start) % 1000003) / 1000003.0 < 0.12
                THEN (0.05 + 0.10 * (hash($seed, 'region_size', g.region, w.week_start) % 1000003) / 1000003.0)
                     * CASE WHEN hash($seed, 'region_sign', g.region, w.week_start) % 2 = 0 THEN 1 ELSE -1 END
                ELSE 0 END AS region_shock
    FROM week w CROSS JOIN (SELECT DISTINCT region FROM rep) g
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
           qe.expected AS quarter_expected,
           (1 + k.company_shock) * (1 + k.region_shock) AS shock
    FROM rep r
    CROSS JOIN week w
    JOIN shock k ON k.week_start = w.week_start AND k.region = r.region
    LEFT JOIN week_actual a ON a.rep = r.rep AND a.week_start = w.week_start
    LEFT JOIN recent c ON c.rep = r.rep
    LEFT JOIN month_expected me
      ON me.rep = r.rep AND me.month = CAST(date_trunc('month', w.week_start) AS DATE)
    LEFT JOIN quarter_expected qe
      ON qe.rep = r.rep AND qe.quarter = fiscal_quarter_start(w.week_start, $m0)
),
called AS (
    SELECT x.*,
           round(x.basis / x.bias * x.shock * CASE
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
,
rep_calls AS (
    SELECT rep, week_start, submitted_at, commit_amount,
           round(commit_amount * (0.2 + 0.4 * u_upside), -2) AS upside,
           month_forecast,
           round(month_forecast * (0.08 + 0.08 * u_upside), -2) AS month_upside,
           quarter_forecast,
           round(quarter_forecast * (0.08 + 0.08 * u_month), -2) AS quarter_upside
    FROM called
    WHERE submitted_at <= CAST($now AS TIMESTAMP)
),
manager_story(region, style) AS (
    VALUES ('South', 'careful'), ('West', 'optimistic'), ('East', 'late_corrections')
),
team AS (
    SELECT r.manager, r.region, x.week_start, sum(x.basis) AS basis,
           sum(coalesce(c.commit_amount, 0)) AS sum_below
    FROM rep_week x
    JOIN reps r ON r.rep = x.rep AND r.load_id = $reps_load_id
    LEFT JOIN rep_calls c ON c.rep = x.rep AND c.week_start = x.week_start
    GROUP BY ALL
),
judged AS (
    SELECT t.*, coalesce(s.style, 'as_called') AS style,
           (hash($seed, 'manager', t.manager, t.week_start) % 1000003) / 1000003.0 AS u,
           (hash($seed, 'manager_time', t.manager, t.week_start) % 1000003) / 1000003.0 AS u_time,
           (hash($seed, 'manager_late', t.manager, t.week_start) % 1000003) / 1000003.0 AS u_late
    FROM team t
    LEFT JOIN manager_story s ON s.region = t.region
),
manager_calls AS (
    SELECT *,
           CASE style
               WHEN 'careful' THEN round(sum_below - greatest(sum_below - basis, 0)
                                                     * (0.45 + 0.3 * u), -2)
               WHEN 'optimistic' THEN round(sum_below * (1.06 + 0.08 * u), -2)
               ELSE sum_below
           END AS call,
           CAST(week_start AS TIMESTAMP) + INTERVAL 8 HOUR
               + to_minutes(CAST(floor(u_time * 40) AS BIGINT)) AS call_at
    FROM judged
),
level_calls AS (
    SELECT 'manager' AS scope_type, manager AS scope, week_start, call_at AS submitted_at,
           call AS commit_amount, manager AS submitted_by,
           CASE WHEN style = 'careful' AND call < sum_below
                    THEN 'commit list reviewed deal by deal: struck the deals I doubt'
                WHEN style = 'careful' THEN 'commit list reviewed deal by deal: it holds'
                WHEN style = 'optimistic' THEN 'upside the team is too shy to commit'
                ELSE 'as the team called it' END AS note,
           CASE WHEN style IN ('careful', 'optimistic') THEN call - sum_below END AS adjustment,
           false AS late_correction
    FROM manager_calls
    UNION ALL
    SELECT 'manager', manager, week_start,
           CAST(week_start AS TIMESTAMP) + INTERVAL 10 HOUR
               + to_minutes(CAST(floor(u_time * 150) AS BIGINT)),
           round(basis, -2), manager, 'correction after the first bookings came in',
           NULL, true
    FROM manager_calls
    WHERE style = 'late_corrections' AND u_late < 0.12
    UNION ALL
    SELECT 'region', region, week_start, CAST(week_start AS TIMESTAMP) + INTERVAL 530 MINUTE,
           call, manager, 'the region''s call: ' || manager || '''s number', NULL, false
    FROM manager_calls
    UNION ALL
    SELECT 'company', 'company', week_start, CAST(week_start AS TIMESTAMP) + INTERVAL 535 MINUTE,
           floor(sum(call) / 10000) * 10000, 'Zhou Min', 'sum of the regions, rounded down',
           NULL, false
    FROM manager_calls
    GROUP BY week_start
)
SELECT rep, week_start, submitted_at, commit_amount, upside, month_forecast, month_upside,
       quarter_forecast, quarter_upside, CAST($load_id AS INTEGER) AS load_id, 'rep' AS scope_type,
       rep AS scope, CAST(NULL AS VARCHAR) AS submitted_by, CAST(NULL AS VARCHAR) AS note,
       CAST(NULL AS DECIMAL(18, 2)) AS adjustment, false AS late_correction
FROM rep_calls
UNION ALL
SELECT NULL, week_start, submitted_at, commit_amount, NULL, NULL, NULL, NULL, NULL,
       CAST($load_id AS INTEGER), scope_type, scope, submitted_by, note, adjustment,
       late_correction
FROM level_calls
WHERE submitted_at <= CAST($now AS TIMESTAMP)
