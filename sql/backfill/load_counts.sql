-- What a backfill load wrote: snapshot rows, snapshot dates, deals, bookings.
SELECT
    (SELECT count(*) FROM snapshots WHERE load_id = $load_id) AS snapshot_rows,
    (SELECT count(DISTINCT snapshot_date) FROM snapshots WHERE load_id = $load_id) AS weeks,
    (SELECT count(DISTINCT opportunity_id) FROM snapshots WHERE load_id = $load_id) AS deals,
    (SELECT count(*) FROM bookings WHERE load_id = $load_id) AS bookings
