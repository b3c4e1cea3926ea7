-- Record the version of the derived objects' definitions the store now holds.
INSERT OR REPLACE INTO schema_meta VALUES ('derived_version', $version)
