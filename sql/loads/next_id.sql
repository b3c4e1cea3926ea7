SELECT nextval('load_id_seq') AS load_id
