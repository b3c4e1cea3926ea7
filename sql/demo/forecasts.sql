-- Demo organisation, step 6: the monthly 12-month forecasts. For every review month c whose first
-- Monday lies in the history, each rep submits forecasts for the months c..c+11. A rep forecasts
-- the way they call: the forecast is what the month booked (or, for a month not yet complete, its
-- target x the rep's attainment over the complete months) times the rep's lean, the ratio of
-- their commits to their actuals over the weekly calls, with an error that grows with the
-- horizon h: sd(h) = 2% + 2.55% x (h - 1), i.e. 2% one month ahead and 30% twelve months ahead,
-- made of a surprise of the target month shared by the whole company (weight 0.6), one shared
-- by its region (0.5) and the rep's own (0.5): far months turn out better or worse than anybody
-- saw, for everybody at once, so the error does not average out over reps. Lateness follows the rep's weekly calls too: a submission is late
-- (after 09:00 on the first Monday of c) with the rep's share of late calls, and missing with
-- their share of missing calls.
INSERT INTO forecasts (rep, review_month, submitted_at, month, forecast, upside, load_id)
WITH booked AS (
    SELECT rep, booked_date, amount
    FROM bookings
    WHERE load_id = $bookings_load_id AND status <> 'cancelled'
),
week_actual AS (
    SELECT rep, week_monday(booked_date) AS week_start, sum(amount) AS actual
    FROM booked GROUP BY ALL
),
month_expected AS (  -- sql/demo/macros/month_expected.sql
    SELECT rep, month, expected
    FROM demo_month_expected($bookings_load_id, $targets_load_id, $last_monday, $m0)
),
habit AS (
    SELECT r.rep, r.region,
           coalesce(sum(c.commit_amount) FILTER (WHERE c.week_start < CAST($last_monday AS DATE))
                    / nullif(sum(a.actual) FILTER (WHERE c.week_start < CAST($last_monday AS DATE)), 0),
                    1.0) AS lean,
           coalesce(avg(CASE WHEN c.submitted_at > CAST(c.week_start AS TIMESTAMP) + INTERVAL 9 HOUR
                             THEN 1.0 ELSE 0.0 END), 0.0) AS late_share,
           greatest(0.0, 1.0 - count(c.rep)
                / (date_diff('day', CAST($first_monday AS DATE), CAST($last_monday AS DATE)) // 7 + 1))
               AS missing_share
    FROM reps r
    LEFT JOIN calls c ON c.rep = r.rep AND c.load_id = $calls_load_id
    LEFT JOIN week_actual a ON a.rep = c.rep AND a.week_start = c.week_start
    WHERE r.load_id = $reps_load_id
    GROUP BY r.rep, r.region
),
review AS (
    SELECT DISTINCT month AS review_month,
           CAST(month + to_days(CAST((8 - isodow(month)) % 7 AS INTEGER)) AS DATE) AS first_monday
    FROM month_expected
),
submission AS (
    SELECT h.rep, h.region, h.lean, v.review_month,
           CASE
               WHEN (hash($seed, 'fc_late', h.rep, v.review_month) % 1000003) / 1000003.0 < h.late_share
                   THEN CAST(v.first_monday AS TIMESTAMP) + INTERVAL 9 HOUR
                        + to_minutes(CAST(20 + hash($seed, 'fc_time', h.rep, v.review_month) % 1500 AS BIGINT))
               ELSE CAST(v.first_monday AS TIMESTAMP) + INTERVAL 9 HOUR
                    - to_minutes(CAST(60 + hash($seed, 'fc_time', h.rep, v.review_month) % 2800 AS BIGINT))
           END AS submitted_at
    FROM habit h
    CROSS JOIN review v
    WHERE v.first_monday >= CAST($first_monday AS DATE)
      AND v.first_monday <= CAST($last_monday AS DATE)
      AND (hash($seed, 'fc_missing', h.rep, v.review_month) % 1000003) / 1000003.0 >= h.missing_share
),
horizon AS (
    SELECT s.*, t.h, CAST(s.review_month + to_months(CAST(t.h - 1 AS INTEGER)) AS DATE) AS month,
           (hash($seed, 'fc_error', s.rep, s.review_month, t.h) % 1000003) / 1000003.0 AS u_error,
           (hash($seed, 'fc_month', s.review_month + to_months(CAST(t.h - 1 AS INTEGER))) % 1000003)
               / 1000003.0 AS u_month,
           (hash($seed, 'fc_region', s.region, s.review_month + to_months(CAST(t.h - 1 AS INTEGER)))
               % 1000003) / 1000003.0 AS u_region,
           (hash($seed, 'fc_upside', s.rep, s.review_month, t.h) % 1000003) / 1000003.0 AS u_upside
    FROM submission s, range(1, 13) AS t(h)
    WHERE s.submitted_at <= CAST($now AS TIMESTAMP)
),
forecast AS (
    SELECT x.rep, x.review_month, x.submitted_at, x.month,
           -- (2u - 1) x sqrt(3): a uniform draw with mean 0 and sd 1
           round(e.expected * x.lean * (1 + (0.02 + 0.0255 * (x.h - 1)) * sqrt(3)
               * (0.6 * (2 * x.u_month - 1) + 0.5 * (2 * x.u_region - 1) + 0.5 * (2 * x.u_error - 1))),
               -2) AS forecast,
           x.u_upside
    FROM horizon x
    JOIN month_expected e ON e.rep = x.rep AND e.month = x.month
)
SELECT rep, review_month, submitted_at, month, forecast,
       round(forecast * (0.05 + 0.10 * u_upside), -2) AS upside,
       CAST($load_id AS INTEGER) AS load_id
FROM forecast
