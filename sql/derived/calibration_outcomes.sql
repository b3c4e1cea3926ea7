-- calibration_outcomes: calibration_summary without the snapshot date (M15 over every snapshot,
-- the usual question): observations per outcome date and result, rep and stage.
SELECT outcome_date, won, rep, stage,
       CAST(sum(observations) AS BIGINT) AS observations,
       sum(amount) AS amount
FROM calibration_summary
GROUP BY ALL
ORDER BY outcome_date
