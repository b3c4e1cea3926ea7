SELECT DISTINCT new_rep, new_region FROM ingest_rep_match WHERE unknown ORDER BY new_rep
