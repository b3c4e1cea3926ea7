-- Bookings of the won deals (booked date = close date, amount = won amount, order id = the
-- opportunity id) closed by $last_day, except deals whose bookings are already stored (by
-- opportunity id or order id).
INSERT INTO bookings
SELECT d.opportunity_id, d.opportunity_id, d.rep, d.close_date, d.amount, 'realized', $load_id
FROM backfill_deals d
WHERE d.category = 'won' AND d.close_date <= CAST($last_day AS DATE)
  AND NOT EXISTS (
      SELECT 1 FROM bookings b
      WHERE b.opportunity_id = d.opportunity_id OR b.order_id = d.opportunity_id
  )
