-- Won deals closed by $last_day whose bookings the store already holds (left as they are).
SELECT count(*) AS n
FROM backfill_deals d
WHERE d.category = 'won' AND d.close_date <= CAST($last_day AS DATE)
  AND EXISTS (
      SELECT 1 FROM bookings b
      WHERE b.opportunity_id = d.opportunity_id OR b.order_id = d.opportunity_id
  )
