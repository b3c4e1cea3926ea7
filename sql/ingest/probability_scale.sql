-- True when a probability column is written as fractions 0..1 (HubSpot's deal probability):
-- every value within 0..1, at least one strictly between, and no percent sign anywhere.
SELECT coalesce(
    max(ing_prob(ing_clean(probability))) <= 1
    AND bool_or(ing_prob(ing_clean(probability)) > 0 AND ing_prob(ing_clean(probability)) < 1)
    AND NOT bool_or(contains(probability, '%')),
    false)
FROM ingest_raw
