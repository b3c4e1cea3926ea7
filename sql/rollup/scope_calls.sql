-- Every call submission of every level for the weeks in [$week_from, $week_to], with its deadline
-- ($deadline_hour:00 on the latest weekday $deadline_weekday on or before the week's Monday),
-- whether it was on time, and whether it is the call that counts for its scope and week: the
-- latest on-time submission, else (no on-time one) the latest late one. scope is the rep id, the
-- manager, the region or 'company'.
WITH c AS (
    SELECT coalesce(scope_type, 'rep') AS scope_type,
           coalesce(scope, rep) AS scope,
           week_start, submitted_at, commit_amount, submitted_by, note, adjustment,
           coalesce(late_correction, false) AS late_correction, load_id,
           CAST(week_start AS TIMESTAMP)
               - to_days(CAST((7 - $deadline_weekday) % 7 AS INTEGER))
               + to_hours(CAST($deadline_hour AS INTEGER)) AS deadline
    FROM calls
    WHERE week_start >= CAST($week_from AS DATE) AND week_start <= CAST($week_to AS DATE)
)
SELECT *,
       submitted_at <= deadline AS on_time,
       row_number() OVER (
           PARTITION BY scope_type, scope, week_start
           ORDER BY submitted_at <= deadline DESC, submitted_at DESC, load_id DESC
       ) = 1 AS counts
FROM c
ORDER BY week_start, scope_type, scope, submitted_at, load_id
