-- forecast_submissions: one row per rep and review month that has forecast rows: the time of the
-- submission (the earliest submitted_at of its rows) and how many months it forecasts (M14m).
SELECT rep, review_month, min(submitted_at) AS submitted_at, count(*) AS months_forecast
FROM forecasts
WHERE coalesce(scope_type, 'rep') = 'rep'  -- rep-level submissions only
GROUP BY ALL
ORDER BY review_month, rep
