-- The Chinese display name of each region: the latest reps load that names one (reps files may
-- leave region_zh empty; a region without one is shown by its own name).
SELECT region, arg_max(region_zh, load_id) AS region_zh
FROM reps
WHERE region_zh IS NOT NULL AND trim(region_zh) <> ''
GROUP BY region
ORDER BY region
