-- After rows of earlier loads were replaced: their row counts become what is left, with a note.
UPDATE loads SET
    rows = CASE table_name
        WHEN 'snapshots' THEN (SELECT count(*) FROM snapshots t WHERE t.load_id = loads.load_id)
        WHEN 'calls' THEN (SELECT count(*) FROM calls t WHERE t.load_id = loads.load_id)
        WHEN 'forecasts' THEN (SELECT count(*) FROM forecasts t WHERE t.load_id = loads.load_id)
        ELSE rows
    END,
    notes = concat_ws('; ', notes, $note)
WHERE list_contains(CAST($load_ids AS INTEGER[]), load_id)
