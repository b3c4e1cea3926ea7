-- The commit list behind a scope's call compared with the week before: the deals in category
-- commit in the snapshot as of this week's Monday and as of the Monday before (each at most
-- $max_age days old), for the reps of the scope ($reps, the rep ids). change: added (only this
-- week), removed (only last week), amount_changed (both, another amount); unchanged deals are
-- left out.
WITH now_list AS (
    SELECT opportunity_id, opportunity_name, account, rep, amount, close_date
    FROM snapshots
    WHERE snapshot_date = snapshot_index_as_of(CAST($week_start AS DATE), $max_age)
      AND forecast_category = 'commit' AND list_contains($reps, rep)
),
before_list AS (
    SELECT opportunity_id, opportunity_name, account, rep, amount, close_date
    FROM snapshots
    WHERE snapshot_date = snapshot_index_as_of(CAST($week_start AS DATE) - 7, $max_age)
      AND forecast_category = 'commit' AND list_contains($reps, rep)
)
SELECT coalesce(n.opportunity_id, b.opportunity_id) AS opportunity_id,
       coalesce(n.opportunity_name, b.opportunity_name) AS opportunity_name,
       coalesce(n.account, b.account) AS account,
       coalesce(n.rep, b.rep) AS rep,
       CASE WHEN b.opportunity_id IS NULL THEN 'added'
            WHEN n.opportunity_id IS NULL THEN 'removed'
            ELSE 'amount_changed' END AS change,
       b.amount AS amount_before,
       n.amount AS amount_now,
       coalesce(n.amount, 0) - coalesce(b.amount, 0) AS difference,
       coalesce(n.close_date, b.close_date) AS close_date
FROM now_list n
FULL OUTER JOIN before_list b ON n.opportunity_id = b.opportunity_id
WHERE n.opportunity_id IS NULL OR b.opportunity_id IS NULL OR n.amount <> b.amount
ORDER BY change, rep, opportunity_id
