-- The monthly action plans of one month: one row per rep in the filter who was active during the
-- month ($month_start .. $month_end) or has a note for it, with the note (NULL when none yet).
SELECT d.rep,
       d.name AS rep_name,
       d.region,
       CAST($month_start AS DATE) AS month,
       p.note,
       p.updated_at
FROM rep_dim d
LEFT JOIN action_plans p ON p.rep = d.rep AND p.month = CAST($month_start AS DATE)
WHERE in_filter(d.rep, d.region, $regions, $reps)
  AND (p.rep IS NOT NULL
       OR ((d.active_from IS NULL OR d.active_from <= CAST($month_end AS DATE))
           AND (d.active_to IS NULL OR d.active_to >= CAST($month_start AS DATE))))
ORDER BY d.region, d.rep
