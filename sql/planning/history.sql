-- Bookings behind a target plan's default weights: actual bookings (not cancelled) of the
-- months [$from_month, $to_month) per rep with the rep's region and tier (rep_dim), and the
-- calendar month of the booking. Reps without a tier count as tier C (other areas).
SELECT b.rep,
       b.region,
       coalesce(nullif(upper(trim(d.tier)), ''), 'C') AS tier,
       CAST(month(b.booked_date) AS INTEGER) AS month_of_year,
       sum(b.amount) AS amount
FROM actual_bookings b
JOIN rep_dim d ON d.rep = b.rep
WHERE b.booked_date >= CAST($from_month AS DATE)
  AND b.booked_date < CAST($to_month AS DATE)
GROUP BY ALL
ORDER BY b.region, tier, b.rep, month_of_year
