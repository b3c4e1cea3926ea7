-- Deals of the history that the extract does not hold (their history is not used).
SELECT count(DISTINCT opportunity_id) AS n
FROM backfill_changes
WHERE code IS NULL AND field IS NOT NULL
  AND opportunity_id NOT IN (SELECT opportunity_id FROM backfill_deals)
