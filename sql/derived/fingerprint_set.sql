-- Record the fingerprint of one input table ($input) after a refresh.
INSERT OR REPLACE INTO schema_meta VALUES ('derived_input.' || $input, $fingerprint)
