-- Each distinct rep cell of the file matched to a rep of rep_dim: by id, else by id ignoring case
-- and spacing, else by name ignoring case and spacing (a CRM report's owner column holds names).
-- ambiguous lists the candidates when a step matches several reps. An unmatched rep gets
-- new_rep (its first spelling in the file) and new_region (the first region on its rows, in file
-- order, over every spelling of the same key); key_rows counts its rows.
CREATE OR REPLACE TEMP TABLE ingest_rep_match AS
WITH cells AS (
    SELECT
        rep_raw,
        ing_key(rep_raw) AS k,
        min(row_no) AS first_row,
        count(*) AS n_rows,
        arg_min(region, row_no) FILTER (WHERE region IS NOT NULL) AS first_region
    FROM ingest_stage
    WHERE rep_raw IS NOT NULL
    GROUP BY rep_raw
),
dim AS (
    SELECT rep, ing_key(rep) AS id_key, ing_key(name) AS name_key FROM rep_dim
),
by_id AS (
    SELECT c.rep_raw, min(d.rep) AS rep FROM cells c JOIN dim d ON d.rep = c.rep_raw GROUP BY c.rep_raw
),
by_id_key AS (
    SELECT c.rep_raw, min(d.rep) AS rep, count(*) AS n, string_agg(d.rep, ', ' ORDER BY d.rep) AS reps
    FROM cells c JOIN dim d ON d.id_key = c.k
    GROUP BY c.rep_raw
),
by_name AS (
    SELECT c.rep_raw, min(d.rep) AS rep, count(*) AS n, string_agg(d.rep, ', ' ORDER BY d.rep) AS reps
    FROM cells c JOIN dim d ON d.name_key = c.k
    GROUP BY c.rep_raw
),
matched AS (
    SELECT
        c.*,
        CASE
            WHEN i.rep IS NOT NULL THEN i.rep
            WHEN ik.n = 1 THEN ik.rep
            WHEN ik.n IS NULL AND nm.n = 1 THEN nm.rep
        END AS rep,
        CASE
            WHEN i.rep IS NOT NULL THEN NULL
            WHEN ik.n > 1 THEN ik.reps
            WHEN ik.n IS NULL AND nm.n > 1 THEN nm.reps
        END AS ambiguous
    FROM cells c
    LEFT JOIN by_id i USING (rep_raw)
    LEFT JOIN by_id_key ik USING (rep_raw)
    LEFT JOIN by_name nm USING (rep_raw)
),
flagged AS (
    SELECT *, rep IS NULL AND ambiguous IS NULL AS unknown FROM matched
)
SELECT
    rep_raw, k, first_row, n_rows, rep, ambiguous, unknown,
    CASE WHEN unknown THEN first_value(rep_raw) OVER w END AS new_rep,
    CASE WHEN unknown THEN first_value(first_region IGNORE NULLS) OVER w END AS new_region,
    CASE WHEN unknown THEN sum(n_rows) OVER w END AS key_rows
FROM flagged
WINDOW w AS (
    PARTITION BY unknown, k ORDER BY first_row
    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
)
