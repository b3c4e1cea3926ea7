-- How code words (categories, statuses, scope types) are compared: lower case, without spaces,
-- underscores or hyphens ("Best Case", "BEST_CASE" and "best-case" are the same word).
CREATE OR REPLACE TEMP MACRO ing_word(x) AS lower(regexp_replace(x, '[\s_\-]+', '', 'g'))
