-- deal_facts: one row per opportunity_id with what its whole snapshot history says:
--   first_seen            its first snapshot
--   created_date          the earliest created_date on its rows (M17's sales cycle)
--   lost_on, lost_rep     the first snapshot showing it lost and that row's rep (M17)
--   outcome_date          its first terminal row (M15): won (category won, or stage 100 unless
--                         lost or omitted) or lost; NULL while it has none
--   outcome_won           that first terminal row is a win
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
GROUP BY opportunity_id
