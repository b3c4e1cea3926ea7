-- Earlier loads of a file with the same bytes into the same table.
SELECT list_sort(list(load_id)) FROM loads WHERE content_hash = $content_hash AND table_name = $table_name
