-- M12 Pipeline waterfall between the snapshots as of $s0 and as of $s1 (each the latest snapshot
-- on or before the date, at most $max_age days old) for the close-date window
-- [$date_from, $date_to]; a missing window bound defaults to the fiscal quarter of $s1.
-- Every deal open with close_date in the window in s0 (in0) or in s1 (in1) lands in at most one
-- movement, by this precedence:
--   in0 and in1:       increased (s1 - s0) / decreased (s0 - s1) when the amount changed, else none
--   in1 only:          pulled_in at its s1 amount when it was open in s0 (close date elsewhere),
--                      otherwise new at its s1 amount (absent, lead, omitted, won or lost in s0)
--   in0 only:          pushed_out at its s0 amount when it is still open in s1 (close date moved
--                      out of the window), won at its s0 amount when s1 shows it won (category
--                      won, or stage 100 not lost/omitted) or, absent from s1, it was booked
--                      after s0 and on or before s1 (a booking with its opportunity_id that is
--                      not cancelled), otherwise lost at its s0 amount (lost, omitted, back to
--                      lead, or absent in s1 without such a booking)
-- so start + new + pulled_in + increased - decreased - pushed_out - won - lost = end exactly
-- (DECIMAL throughout). Each side is filtered by its own row's rep: a deal handed to a rep
-- outside the filter leaves as lost, one handed in arrives as new.
-- $detail = false: one row per step with the total amount (NULL when a snapshot is missing).
-- $detail = true: one row per deal and step, including the start and end bars.
WITH snaps AS (
    SELECT snapshot_index_as_of($s0, $max_age) AS d0, snapshot_index_as_of($s1, $max_age) AS d1
),
win AS (
    SELECT coalesce(CAST($date_from AS DATE), fiscal_quarter_start(CAST($s1 AS DATE), $m0))
               AS win_from
),
window_bounds AS (
    SELECT win_from,
           coalesce(
               CAST($date_to AS DATE),
               CAST(fiscal_quarter_start(win_from, $m0) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)
           ) AS win_to
    FROM win
),
booked AS (
    SELECT DISTINCT opportunity_id
    FROM actual_bookings
    WHERE opportunity_id IS NOT NULL
      AND booked_date > (SELECT d0 FROM snaps)
      AND booked_date <= (SELECT d1 FROM snaps)
),
side_rows AS (
    -- both snapshots' rows in the filters, from deal_history (sql/derived/, clustered by date)
    SELECT s.snapshot_date, s.opportunity_id, s.opportunity_name, s.account, s.rep, d.region,
           s.stage, s.amount, s.close_date, s.forecast_category, s.load_id
    FROM deal_history s
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date = (SELECT d0 FROM snaps)
      AND in_filter(s.rep, d.region, $regions, $reps)
    UNION ALL
    SELECT s.snapshot_date, s.opportunity_id, s.opportunity_name, s.account, s.rep, d.region,
           s.stage, s.amount, s.close_date, s.forecast_category, s.load_id
    FROM deal_history s
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date = (SELECT d1 FROM snaps)
      AND in_filter(s.rep, d.region, $regions, $reps)
),
latest AS (
    -- a deal listed twice in one snapshot counts with the row of the latest load
    SELECT snapshot_date, opportunity_id, max(load_id) AS load_id FROM side_rows GROUP BY ALL
),
kept AS (
    SELECT r.* EXCLUDE (load_id)
    FROM side_rows r
    JOIN latest l USING (snapshot_date, opportunity_id, load_id)
),
rows0 AS (
    SELECT * EXCLUDE (snapshot_date) FROM kept WHERE snapshot_date = (SELECT d0 FROM snaps)
),
rows1 AS (
    SELECT * EXCLUDE (snapshot_date) FROM kept WHERE snapshot_date = (SELECT d1 FROM snaps)
),
joined AS (
    SELECT coalesce(b.opportunity_id, a.opportunity_id) AS opportunity_id,
           coalesce(b.opportunity_name, a.opportunity_name) AS opportunity_name,
           coalesce(b.account, a.account) AS account,
           coalesce(b.rep, a.rep) AS rep,
           coalesce(b.region, a.region) AS region,
           a.amount AS amount_s0, b.amount AS amount_s1,
           a.close_date AS close_date_s0, b.close_date AS close_date_s1,
           a.stage AS stage_s0, b.stage AS stage_s1,
           a.forecast_category AS category_s0, b.forecast_category AS category_s1,
           coalesce(a.stage > 0 AND a.stage < 100
               AND a.forecast_category IN ('commit', 'upside', 'pipeline'), false) AS open0,
           coalesce(b.stage > 0 AND b.stage < 100
               AND b.forecast_category IN ('commit', 'upside', 'pipeline'), false) AS open1,
           coalesce(b.forecast_category = 'won'
               OR (b.stage >= 100 AND b.forecast_category NOT IN ('lost', 'omitted')), false)
               OR (b.opportunity_id IS NULL AND bk.opportunity_id IS NOT NULL) AS won1,
           w.win_from, w.win_to
    FROM rows0 a
    FULL OUTER JOIN rows1 b ON b.opportunity_id = a.opportunity_id
    LEFT JOIN booked bk ON bk.opportunity_id = a.opportunity_id
    CROSS JOIN window_bounds w
),
flagged AS (
    SELECT *,
           open0 AND close_date_s0 BETWEEN win_from AND win_to AS in0,
           open1 AND close_date_s1 BETWEEN win_from AND win_to AS in1
    FROM joined
),
classified AS (
    SELECT *,
           CASE
               WHEN in0 AND in1 AND amount_s1 > amount_s0 THEN 'increased'
               WHEN in0 AND in1 AND amount_s1 < amount_s0 THEN 'decreased'
               WHEN in0 AND in1 THEN NULL
               WHEN in1 AND open0 THEN 'pulled_in'
               WHEN in1 THEN 'new'
               WHEN in0 AND open1 THEN 'pushed_out'
               WHEN in0 AND won1 THEN 'won'
               WHEN in0 THEN 'lost'
           END AS movement
    FROM flagged
    WHERE in0 OR in1
),
deal_steps AS (
    SELECT 'start' AS step, amount_s0 AS amount, * EXCLUDE (movement)
    FROM classified WHERE in0
    UNION ALL
    SELECT movement AS step,
           CASE movement
               WHEN 'increased' THEN amount_s1 - amount_s0
               WHEN 'decreased' THEN amount_s0 - amount_s1
               WHEN 'pulled_in' THEN amount_s1
               WHEN 'new' THEN amount_s1
               ELSE amount_s0
           END AS amount,
           * EXCLUDE (movement)
    FROM classified WHERE movement IS NOT NULL
    UNION ALL
    SELECT 'end' AS step, amount_s1 AS amount, * EXCLUDE (movement)
    FROM classified WHERE in1
),
steps AS (
    SELECT * FROM (
        VALUES (1, 'start'), (2, 'new'), (3, 'pulled_in'), (4, 'increased'), (5, 'decreased'),
               (6, 'pushed_out'), (7, 'won'), (8, 'lost'), (9, 'end')
    ) AS t(step_order, step)
),
totals AS (
    SELECT step, sum(amount) AS amount, count(*) AS deals FROM deal_steps GROUP BY step
)
SELECT st.step_order, st.step,
       NULL AS opportunity_id, NULL AS opportunity_name, NULL AS account, NULL AS rep,
       NULL AS region,
       CASE WHEN sn.d0 IS NOT NULL AND sn.d1 IS NOT NULL
            THEN coalesce(t.amount, CAST(0 AS DECIMAL(38, 2))) END AS amount,
       coalesce(t.deals, 0) AS deals,
       NULL AS amount_s0, NULL AS amount_s1, NULL AS close_date_s0, NULL AS close_date_s1,
       NULL AS stage_s0, NULL AS stage_s1, NULL AS category_s0, NULL AS category_s1,
       sn.d0 AS snapshot_s0, sn.d1 AS snapshot_s1, w.win_from, w.win_to
FROM steps st
LEFT JOIN totals t ON t.step = st.step
CROSS JOIN snaps sn
CROSS JOIN window_bounds w
WHERE NOT $detail
UNION ALL
SELECT st.step_order, ds.step, ds.opportunity_id, ds.opportunity_name, ds.account, ds.rep,
       ds.region, ds.amount, 1 AS deals,
       ds.amount_s0, ds.amount_s1, ds.close_date_s0, ds.close_date_s1,
       ds.stage_s0, ds.stage_s1, ds.category_s0, ds.category_s1,
       sn.d0 AS snapshot_s0, sn.d1 AS snapshot_s1, ds.win_from, ds.win_to
FROM deal_steps ds
JOIN steps st ON st.step = ds.step
CROSS JOIN snaps sn
WHERE $detail
ORDER BY step_order, opportunity_id NULLS FIRST
