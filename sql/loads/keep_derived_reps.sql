-- Before load $load_id is removed: a rep that this load derived (source = 'derived') but that rows
-- of other loads still name stays, handed to the earliest of those loads, so that their rows keep
-- their rep (and region) and removing that load later removes the rep with it.
WITH named AS (
    SELECT rep, load_id FROM snapshots
    UNION ALL SELECT rep, load_id FROM bookings
    UNION ALL SELECT scope AS rep, load_id FROM targets WHERE scope_type = 'rep'
    UNION ALL SELECT rep, load_id FROM calls
    UNION ALL SELECT rep, load_id FROM forecasts
),
heir AS (
    SELECT rep, min(load_id) AS load_id
    FROM named
    WHERE load_id <> $load_id
    GROUP BY rep
)
UPDATE reps SET load_id = heir.load_id
FROM heir
WHERE reps.rep = heir.rep AND reps.load_id = $load_id AND reps.source = 'derived'
