-- How rep ids and names are compared: case and spacing ignored.
CREATE OR REPLACE TEMP MACRO ing_key(x) AS lower(regexp_replace(x, '\s+', '', 'g'))
