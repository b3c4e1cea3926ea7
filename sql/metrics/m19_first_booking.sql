-- M19 Quarter projection, where the store's bookings history begins as of $until: the first actual
-- booking of any rep dated on or before $until (NULL when none). A past quarter calibrates the
-- projection only when this date falls within its first week (analytics/metrics/projection.py):
-- an extract whose bookings start mid-quarter (e.g. a CRM sample whose first close is in the
-- quarter's last month) shows that quarter only in part and would teach the model that little is
-- booked beyond the pipeline.
SELECT min(booked_date) AS first_booking
FROM actual_days
WHERE booked_date <= CAST($until AS DATE)
