-- won_deals: M17's won deals, one per opportunity_id with actual bookings (not cancelled): won on
-- its first booked date, for the sum of those bookings, credited to the first booking's rep.
SELECT opportunity_id, min(booked_date) AS closed_on, sum(amount) AS amount,
       arg_min(rep, booked_date) AS rep
FROM actual_bookings
WHERE opportunity_id IS NOT NULL
GROUP BY opportunity_id
