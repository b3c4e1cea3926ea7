-- M19 Quarter projection, the history it is calibrated on: every open deal (0 < stage < 100,
-- category commit, upside or pipeline) of every snapshot S' in a fiscal quarter that began before
-- $until's quarter (so that the quarter has ended), whose close_date lies in S''s own quarter,
-- with what became of it by that quarter's end: won (its first actual booking, won_deals, dated
-- from S' to the quarter's last day), lost (a snapshot up to the quarter's last day shows it
-- lost, deal_facts) or neither (it slipped out of the quarter, or is still open). Added up per
-- snapshot, scope and ladder stage: deals, won and lost deals, open amount and the snapshot amount
-- of the deals won. Read from projection_outcomes (the same observations added up per snapshot,
-- rep, ladder stage and the months of close, win and loss, kept with every load), so the
-- quarter's bounds are months; only outcomes dated before S''s quarter ended count, and that
-- quarter ended before $until's began, so a projection made at a snapshot of that quarter never
-- sees its own future. With $week, only the snapshots within $window weeks of that week of
-- quarter (what one projection reads; the backtest reads every week once).
WITH snaps AS (
    -- the past snapshots read, with their quarter's bounds (joined, not computed per row)
    SELECT snapshot_date, fiscal_quarter_start(snapshot_date, $m0) AS quarter_start,
           CAST(fiscal_quarter_start(snapshot_date, $m0) + INTERVAL 3 MONTH AS DATE) AS quarter_end
    FROM snapshot_index
    WHERE snapshot_date < fiscal_quarter_start(CAST($until AS DATE), $m0)
      AND ($week IS NULL OR abs(week_of_quarter(snapshot_date, $m0) - $week) <= $window)
),
judged AS (
    SELECT o.snapshot_date, x.quarter_start,
           scope_of(o.rep, d.region, $by) AS scope, o.ladder_stage, o.deals, o.amount,
           coalesce(o.won_month < x.quarter_end, false) AS won,
           coalesce(o.lost_month < x.quarter_end, false) AS lost
    FROM projection_outcomes o
    JOIN snaps x ON x.snapshot_date = o.snapshot_date
    JOIN rep_current d ON d.rep = o.rep
    WHERE o.close_month >= x.quarter_start AND o.close_month < x.quarter_end
      AND in_filter(o.rep, d.region, $regions, $reps)
)
SELECT quarter_start, snapshot_date, week_of_quarter(snapshot_date, $m0) AS week, scope,
       ladder_stage,
       sum(deals) AS deals,
       coalesce(sum(deals) FILTER (WHERE won), 0) AS won,
       coalesce(sum(deals) FILTER (WHERE lost AND NOT won), 0) AS lost,
       sum(amount) AS amount,
       coalesce(sum(amount) FILTER (WHERE won), 0) AS won_amount
FROM judged
GROUP BY ALL
ORDER BY snapshot_date, scope, ladder_stage
