-- What the extract holds, for the preview and the load note: deals, open/won/lost in the extract,
-- deals without a created date, close date or amount, and the earliest created date.
SELECT
    count(*) AS deals,
    count(*) FILTER (WHERE NOT closed) AS open_deals,
    count(*) FILTER (WHERE category = 'won') AS won,
    count(*) FILTER (WHERE category = 'lost') AS lost,
    count(*) FILTER (WHERE created_date IS NULL) AS no_created,
    count(*) FILTER (WHERE close_date IS NULL) AS no_close,
    count(*) FILTER (WHERE no_amount) AS no_amount,
    min(created_date) AS earliest_created
FROM backfill_deals
