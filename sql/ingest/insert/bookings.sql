INSERT INTO bookings
SELECT s.order_id, s.opportunity_id, m.rep, s.booked_date, s.amount, s.status, $load_id
FROM ingest_stage s
JOIN ingest_rep_match m USING (rep_raw)
ORDER BY s.row_no
