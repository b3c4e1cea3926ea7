-- Whether any data table that the derived objects summarize holds a row.
SELECT EXISTS (SELECT 1 FROM snapshots) OR EXISTS (SELECT 1 FROM bookings)
       OR EXISTS (SELECT 1 FROM calls)
