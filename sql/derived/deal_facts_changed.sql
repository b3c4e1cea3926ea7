-- The deal_facts rows (deal_facts.sql, the same columns computed the same way) of the deals whose
-- history changed from $from_date on: those with rows dated $from_date or later in deal_history
-- (not yet refreshed) or in snapshots (as changed). Grouping only their rows keeps the refresh of
-- a new weekly snapshot to the deals in it; tests/test_derived.py checks the result against
-- deal_facts.sql.
SELECT opportunity_id,
       min(snapshot_date) AS first_seen,
       min(created_date) AS created_date,
       min(snapshot_date) FILTER (WHERE forecast_category = 'lost') AS lost_on,
       arg_min(rep, snapshot_date) FILTER (WHERE forecast_category = 'lost') AS lost_rep,
       min(snapshot_date) FILTER (
           WHERE forecast_category IN ('won', 'lost')
              OR (stage >= 100 AND forecast_category NOT IN ('lost', 'omitted'))
       ) AS outcome_date,
       arg_min(forecast_category = 'won' OR (stage >= 100 AND forecast_category <> 'lost'),
               snapshot_date) FILTER (
           WHERE forecast_category IN ('won', 'lost')
              OR (stage >= 100 AND forecast_category NOT IN ('lost', 'omitted'))
       ) AS outcome_won
FROM snapshots
WHERE opportunity_id IN (
    SELECT opportunity_id FROM deal_history WHERE snapshot_date >= $from_date
    UNION
    SELECT opportunity_id FROM snapshots WHERE snapshot_date >= $from_date
)
GROUP BY opportunity_id
