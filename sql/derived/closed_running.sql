-- closed_running: M17's closed deals per rep as running totals over their closing days. A won deal
-- (won_deals) closes on its first booked date with its booked amount and, when deal_facts knows
-- its created date, its sales cycle in days; a lost deal (deal_facts: a lost row and no such
-- booking) closes on its first lost snapshot, credited to that row's rep. The deals closed in
-- (a, b] are the totals at b less those at a, each taken at the rep's last closing day on or
-- before the date (M17's twelve months before a snapshot).
WITH closed AS (
    SELECT w.rep, w.closed_on, 1 AS won, 0 AS lost, w.amount,
           -- a deal created after it closed (migrated data) has no cycle: left out of the average
           CASE WHEN f.created_date IS NOT NULL AND f.created_date <= w.closed_on
                THEN date_diff('day', f.created_date, w.closed_on) END AS cycle_days
    FROM won_deals w
    LEFT JOIN deal_facts f ON f.opportunity_id = w.opportunity_id
    UNION ALL
    SELECT f.lost_rep, f.lost_on, 0, 1, NULL, NULL
    FROM deal_facts f
    WHERE f.lost_on IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM won_deals w WHERE w.opportunity_id = f.opportunity_id)
),
daily AS (
    SELECT rep, closed_on, sum(won) AS won_deals, sum(lost) AS lost_deals,
           coalesce(sum(amount), 0) AS won_amount, coalesce(sum(cycle_days), 0) AS cycle_days_sum,
           count(cycle_days) AS cycled_deals
    FROM closed
    GROUP BY ALL
)
SELECT rep, closed_on,
       CAST(sum(won_deals) OVER w AS BIGINT) AS won_deals,
       CAST(sum(lost_deals) OVER w AS BIGINT) AS lost_deals,
       sum(won_amount) OVER w AS won_amount,
       CAST(sum(cycle_days_sum) OVER w AS BIGINT) AS cycle_days_sum,
       CAST(sum(cycled_deals) OVER w AS BIGINT) AS cycled_deals
FROM daily
WINDOW w AS (PARTITION BY rep ORDER BY closed_on ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY rep, closed_on
