-- actual_days: actual bookings (not cancelled, reps of rep_dim) per booked date and rep, with the
-- rep's region, clustered by date: what metrics that add up actual amounts by period read.
SELECT booked_date, rep, region, sum(amount) AS amount
FROM actual_bookings
GROUP BY ALL
ORDER BY booked_date, rep
