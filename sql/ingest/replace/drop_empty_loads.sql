-- Earlier loads that no longer hold any row leave the load log.
DELETE FROM loads
WHERE list_contains(CAST($load_ids AS INTEGER[]), load_id)
  AND NOT EXISTS (SELECT 1 FROM snapshots t WHERE t.load_id = loads.load_id)
  AND NOT EXISTS (SELECT 1 FROM bookings t WHERE t.load_id = loads.load_id)
  AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.load_id = loads.load_id)
  AND NOT EXISTS (SELECT 1 FROM calls t WHERE t.load_id = loads.load_id)
  AND NOT EXISTS (SELECT 1 FROM forecasts t WHERE t.load_id = loads.load_id)
  AND NOT EXISTS (SELECT 1 FROM reps t WHERE t.load_id = loads.load_id)
