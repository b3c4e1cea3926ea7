-- M19 Quarter projection, whether there is enough history: the deals of the selected reps that
-- closed (won: first actual booking; lost: first snapshot showing it lost and no booking) on or
-- before $until, from closed_running (each rep's running totals at its last closing day).
SELECT coalesce(sum(won_deals + lost_deals), 0) AS closed_deals
FROM (
    SELECT c.rep, arg_max(c.won_deals, c.closed_on) AS won_deals,
           arg_max(c.lost_deals, c.closed_on) AS lost_deals
    FROM closed_running c
    JOIN rep_current d ON d.rep = c.rep
    WHERE c.closed_on <= CAST($until AS DATE)
      AND in_filter(c.rep, d.region, $regions, $reps)
    GROUP BY c.rep
)
