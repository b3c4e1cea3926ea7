-- Whether a rep id is known (reps table or derived from the rep's own rows).
SELECT count(*) > 0 AS known FROM rep_dim WHERE rep = $rep
