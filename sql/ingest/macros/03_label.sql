-- How stage names are compared with the settings: lower case, runs of spaces collapsed.
CREATE OR REPLACE TEMP MACRO ing_label(x) AS lower(regexp_replace(x, '\s+', ' ', 'g'))
