-- Remove one rep's action plan for a month (an emptied note).
DELETE FROM action_plans WHERE rep = $rep AND month = CAST($month_start AS DATE)
