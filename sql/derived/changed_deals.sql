-- The deals whose history changed from $from_date on: those with rows dated $from_date or later in
-- deal_history (not yet refreshed) or in snapshots (as changed). Their deal_facts are recomputed.
SELECT opportunity_id FROM deal_history WHERE snapshot_date >= $from_date
UNION
SELECT opportunity_id FROM snapshots WHERE snapshot_date >= $from_date
