-- Demo organisation, before the calls and the forecasts: what each rep's months are expected to
-- book, which both steps forecast from. A complete month (ending before $last_monday's day)
-- expects what it booked; a later one the larger of what it booked so far and its target x the
-- rep's attainment over the complete months in the same place of a quarter (first, second or
-- third month: a hockey stick is expected again; 1.0 without any). One row per rep and target
-- month.
CREATE OR REPLACE TEMP MACRO demo_month_expected(bookings_load_id, targets_load_id, last_monday, m0)
AS TABLE
WITH month_actual AS (
    SELECT rep, CAST(date_trunc('month', booked_date) AS DATE) AS month, sum(amount) AS actual
    FROM bookings
    WHERE load_id = bookings_load_id AND status <> 'cancelled'
    GROUP BY ALL
),
month_target AS (
    SELECT scope AS rep, month, fiscal_month_index(month, m0) % 3 AS month_of_quarter, target
    FROM targets WHERE load_id = targets_load_id AND scope_type = 'rep'
),
run_rate AS (
    SELECT t.rep, t.month_of_quarter, sum(coalesce(a.actual, 0)) / sum(t.target) AS rate
    FROM month_target t
    LEFT JOIN month_actual a ON a.rep = t.rep AND a.month = t.month
    WHERE last_day(t.month) < CAST(last_monday AS DATE)
    GROUP BY ALL
)
SELECT t.rep, t.month,
       CASE WHEN last_day(t.month) < CAST(last_monday AS DATE) THEN coalesce(a.actual, 0)
            ELSE greatest(coalesce(a.actual, 0), t.target * coalesce(q.rate, 1.0)) END AS expected
FROM month_target t
LEFT JOIN month_actual a ON a.rep = t.rep AND a.month = t.month
LEFT JOIN run_rate q ON q.rep = t.rep AND q.month_of_quarter = t.month_of_quarter
