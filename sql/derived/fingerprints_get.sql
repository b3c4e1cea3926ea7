-- The input fingerprints recorded at the last refresh (input_fingerprints.sql).
SELECT substr(key, length('derived_input.') + 1) AS input, value
FROM schema_meta
WHERE starts_with(key, 'derived_input.')
