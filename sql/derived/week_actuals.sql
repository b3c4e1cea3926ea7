-- week_actuals: actual bookings (not cancelled, reps known to rep_dim) per rep and Monday-to-Sunday
-- week, labelled by the Monday: the actual of a rep-week in M1.
SELECT rep, week_monday(booked_date) AS week_start, sum(amount) AS actual
FROM actual_bookings
GROUP BY ALL
ORDER BY week_start, rep
