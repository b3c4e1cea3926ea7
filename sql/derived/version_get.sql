-- The version of the derived objects' definitions the store was last refreshed with.
SELECT value FROM schema_meta WHERE key = 'derived_version'
