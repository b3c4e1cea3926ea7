-- Mark a load (e.g. a saved target plan with its version) in the load log.
UPDATE loads SET notes = $notes WHERE load_id = $load_id
