DELETE FROM loads WHERE load_id = $load_id
