-- How many target plans of a fiscal year were saved before (their load notes start with
-- "plan FY<year> v").
SELECT count(*) FROM loads WHERE table_name = 'targets' AND notes LIKE $prefix
