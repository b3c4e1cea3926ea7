-- Demo organisation, step 4: the bookings (orders). Every deal that a snapshot shows won gets one
-- order with its opportunity_id, amount and close date (the day it was booked, in the week before
-- that snapshot). Some months a rep also books a small order without an opportunity (a renewal
-- or add-on, 1-3% of the month's target). Status: South has many unpaid or cancelled orders
-- (10% unrealized, 1% cancelled: M4 above 5%); elsewhere 1% and 0.3%.
INSERT INTO bookings (order_id, opportunity_id, rep, booked_date, amount, status, load_id)
WITH rep AS (
    SELECT rep, region FROM reps WHERE load_id = $reps_load_id
),
won AS (
    SELECT s.opportunity_id, s.rep, s.close_date AS booked_date, s.amount,
           hash($seed, 'status', s.opportunity_id) AS status_key
    FROM snapshots s
    WHERE s.load_id = $snapshots_load_id AND s.forecast_category = 'won'
),
extra AS (
    SELECT CAST(NULL AS VARCHAR) AS opportunity_id, t.scope AS rep,
           CAST(t.month + to_days(CAST(hash($seed, 'extra_day', t.scope, t.month)
                                       % day(last_day(t.month)) AS INTEGER)) AS DATE) AS booked_date,
           round(t.target * (0.01 + 0.02 * (hash($seed, 'extra_amount', t.scope, t.month) % 1000003)
                                          / 1000003.0), -2) AS amount,
           hash($seed, 'status', t.scope, t.month) AS status_key
    FROM targets t
    WHERE t.load_id = $targets_load_id AND t.scope_type = 'rep'
      AND (hash($seed, 'extra', t.scope, t.month) % 1000003) / 1000003.0 < 0.3
),
orders AS (
    SELECT o.*, (o.status_key % 1000003) / 1000003.0 AS u_status
    FROM (SELECT * FROM won UNION ALL SELECT * FROM extra) o
    WHERE o.booked_date >= CAST($first_monday AS DATE) AND o.booked_date < CAST($last_monday AS DATE)
)
SELECT 'SO-' || lpad(CAST(row_number() OVER (
           ORDER BY o.booked_date, o.rep, o.opportunity_id NULLS LAST) AS VARCHAR), 7, '0') AS order_id,
       o.opportunity_id,
       o.rep,
       o.booked_date,
       o.amount,
       CASE
           WHEN r.region = 'South' AND o.u_status < 0.10 THEN 'unrealized'
           WHEN r.region = 'South' AND o.u_status < 0.11 THEN 'cancelled'
           WHEN o.u_status < 0.01 THEN 'unrealized'
           WHEN o.u_status < 0.013 THEN 'cancelled'
           ELSE 'realized'
       END AS status,
       CAST($load_id AS INTEGER) AS load_id
FROM orders o
JOIN rep r ON r.rep = o.rep
