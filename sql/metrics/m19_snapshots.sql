-- M19 backtest: every snapshot date in [$date_from, $date_to] (the as-of dates replayed), with its
-- fiscal quarter's first day and label and its week of quarter.
SELECT snapshot_date,
       fiscal_quarter_start(snapshot_date, $m0) AS quarter_start,
       fiscal_quarter_label(snapshot_date, $m0) AS period,
       week_of_quarter(snapshot_date, $m0) AS week
FROM snapshot_index
WHERE ($date_from IS NULL OR snapshot_date >= CAST($date_from AS DATE))
  AND ($date_to IS NULL OR snapshot_date <= CAST($date_to AS DATE))
ORDER BY snapshot_date
