-- forecast_versions: every forecast row with superseded_on, the earliest submission date among the
-- rows of the same rep, review month and month that rank before it (a later load, or the same
-- load submitted later). The row that counts as of a date D is the one submitted on or before D
-- that no better row had replaced by then:
--   CAST(submitted_at AS DATE) <= D AND (superseded_on IS NULL OR superseded_on > D);
-- the row that counts today has superseded_on NULL. M7 and M8 read it instead of ranking the
-- forecasts again on every call.
SELECT rep, review_month, month, submitted_at, forecast, upside, load_id,
       min(CAST(submitted_at AS DATE)) OVER (
           PARTITION BY rep, review_month, month ORDER BY load_id DESC, submitted_at DESC
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
       ) AS superseded_on
FROM forecasts
WHERE coalesce(scope_type, 'rep') = 'rep'  -- rep-level submissions only
ORDER BY review_month, rep, month
