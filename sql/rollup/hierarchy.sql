-- The organisation as the reps table has it: each rep with its manager ('' when it has none)
-- and region, and the manager's region (the region of most of the manager's reps; ties: the
-- first by name). The roll-up runs company -> region -> manager -> rep.
WITH r AS (
    SELECT rep, name, region, coalesce(manager, '') AS manager FROM rep_current
),
mgr AS (
    SELECT manager, region AS manager_region
    FROM (SELECT manager, region, count(*) AS n FROM r GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY manager ORDER BY n DESC, region) = 1
)
SELECT r.rep, r.name, r.region, r.manager, m.manager_region
FROM r JOIN mgr m USING (manager)
ORDER BY m.manager_region, r.manager, r.rep
