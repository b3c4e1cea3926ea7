-- M6 Upside conversion and M6c Commit conversion ($category = 'upside' or 'commit'), per period P.
-- The deals: category $category in the snapshot as of P's first day (latest snapshot on or before
-- it, at most $max_age days old, else P is unavailable) with close_date inside P. A deal converted
-- when a booking with its opportunity_id, not cancelled, has booked_date inside P.
-- value = Σ snapshot amount of converted deals / Σ snapshot amount of all; also by count.
-- Periods run from the first period starting on or after the first snapshot to the last one that
-- a snapshot can serve. Roll-ups add amounts and counts before dividing.
-- Snapshot dates and rows come from snapshot_index and deal_history (sql/derived/).
WITH snap_dates AS (
    SELECT snapshot_date AS snap FROM snapshot_index
),
span AS (
    SELECT min(snap) AS first_day, max(snap) + $max_age AS last_day FROM snap_dates
),
periods AS (
    SELECT DISTINCT period_start(CAST(t.day AS DATE), $grain, $m0) AS period_start
    FROM span, range(span.first_day, span.last_day + 1, INTERVAL 1 DAY) AS t(day)
),
as_of AS (
    SELECT p.period_start,
           period_end(p.period_start, $grain) AS period_end,
           CASE WHEN date_diff('day', d.snap, p.period_start) <= $max_age THEN d.snap END AS snap
    FROM periods p
    ASOF LEFT JOIN snap_dates d ON p.period_start >= d.snap
    WHERE p.period_start >= (SELECT first_day FROM span)
),
periods_in AS (
    SELECT * FROM as_of
    WHERE ($date_from IS NULL OR period_start >= $date_from)
      AND ($date_to IS NULL OR period_start <= $date_to)
),
deals AS (
    SELECT p.period_start, p.period_end, s.opportunity_id,
           scope_of(s.rep, d.region, $by) AS scope, s.amount
    FROM deal_history s
    JOIN periods_in p
      ON p.snap = s.snapshot_date AND s.close_date >= p.period_start AND s.close_date < p.period_end
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date IN (SELECT snap FROM periods_in)
      AND s.forecast_category = $category
      AND in_filter(s.rep, d.region, $regions, $reps)
),
converted AS (
    SELECT DISTINCT x.period_start, x.opportunity_id
    FROM deals x
    JOIN actual_bookings b
      ON b.opportunity_id = x.opportunity_id
     AND b.booked_date >= x.period_start AND b.booked_date < x.period_end
),
deal_sums AS (
    SELECT x.period_start, x.scope,
           sum(x.amount) AS category_amount,
           coalesce(sum(x.amount) FILTER (WHERE c.opportunity_id IS NOT NULL), 0) AS converted_amount,
           count(*) AS deals,
           count(c.opportunity_id) AS converted_deals
    FROM deals x
    LEFT JOIN converted c USING (period_start, opportunity_id)
    GROUP BY ALL
),
active_scopes AS (
    SELECT DISTINCT p.period_start, scope_of(r.rep, r.region, $by) AS scope
    FROM periods_in p
    JOIN rep_current r
      ON (r.active_from IS NULL OR r.active_from < p.period_end)
     AND (r.active_to IS NULL OR r.active_to >= p.period_start)
    WHERE in_filter(r.rep, r.region, $regions, $reps)
),
keyed AS (
    SELECT coalesce(a.period_start, s.period_start) AS period_start,
           coalesce(a.scope, s.scope) AS scope,
           s.* EXCLUDE (period_start, scope)
    FROM active_scopes a
    FULL OUTER JOIN deal_sums s ON s.period_start = a.period_start AND s.scope = a.scope
)
SELECT k.period_start,
       period_label(k.period_start, $grain, $m0) AS period,
       k.scope,
       CASE WHEN k.category_amount > 0 THEN k.converted_amount / k.category_amount END AS value,
       CASE WHEN p.snap IS NOT NULL THEN coalesce(k.converted_amount, 0) END AS converted_amount,
       CASE WHEN p.snap IS NOT NULL THEN coalesce(k.category_amount, 0) END AS category_amount,
       CASE WHEN k.deals > 0 THEN k.converted_deals / k.deals END AS count_conversion,
       CASE WHEN p.snap IS NOT NULL THEN coalesce(k.converted_deals, 0) END AS converted_deals,
       CASE WHEN p.snap IS NOT NULL THEN coalesce(k.deals, 0) END AS deals,
       p.snap AS snapshot_date
FROM keyed k
JOIN periods_in p USING (period_start)
