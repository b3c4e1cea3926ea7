-- snapshot_summary: deal rows and amounts per snapshot date, rep, forecast category, stage and
-- commit checklist state, clustered by snapshot_date. Everything that adds up deals of a snapshot
-- without looking at single deals reads it (M5, M10, M10c, M17's open deals, the stage
-- distribution, the open pipeline per snapshot): a few thousand rows per snapshot instead of
-- every deal, and the thresholds (stages) still apply when queried.
--   checked          the row carries the checklist at all (at least one of the five items set)
--   checklist_items  how many of the five items are true (an empty item counts as not true)
SELECT snapshot_date, rep, forecast_category, stage,
       (config_final IS NOT NULL OR end_user_signed IS NOT NULL OR channel_signed IS NOT NULL
           OR discount_approved IS NOT NULL OR partner_ready IS NOT NULL) AS checked,
       CAST(coalesce(config_final, false) AS INTEGER)
           + CAST(coalesce(end_user_signed, false) AS INTEGER)
           + CAST(coalesce(channel_signed, false) AS INTEGER)
           + CAST(coalesce(discount_approved, false) AS INTEGER)
           + CAST(coalesce(partner_ready, false) AS INTEGER) AS checklist_items,
       count(*) AS deals,
       sum(amount) AS amount
FROM snapshots
GROUP BY ALL
ORDER BY snapshot_date
