-- M19 backtest, whether there was enough history at every replayed snapshot: for every snapshot
-- date in [$date_from, $date_to], the deals of the selected reps that closed (won or lost) on or
-- before it (m19_closed.sql for many dates at once: each rep's running totals at its last closing
-- day on or before the date, from closed_running).
WITH dates AS (
    SELECT snapshot_date FROM snapshot_index
    WHERE snapshot_date >= CAST($date_from AS DATE) AND snapshot_date <= CAST($date_to AS DATE)
),
reps AS (
    SELECT DISTINCT c.rep
    FROM closed_running c
    JOIN rep_current d ON d.rep = c.rep
    WHERE in_filter(c.rep, d.region, $regions, $reps)
),
grid AS (
    SELECT x.snapshot_date, r.rep FROM dates x CROSS JOIN reps r
)
SELECT g.snapshot_date, coalesce(sum(c.won_deals + c.lost_deals), 0) AS closed_deals
FROM grid g
ASOF LEFT JOIN closed_running c ON c.rep = g.rep AND g.snapshot_date >= c.closed_on
GROUP BY g.snapshot_date
ORDER BY g.snapshot_date
