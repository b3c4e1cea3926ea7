-- One call submission of a manager, a region or the company, appended (never updated in place).
INSERT INTO calls (
    rep, week_start, submitted_at, commit_amount, load_id, scope_type, scope, submitted_by, note,
    adjustment, late_correction
)
VALUES (
    NULL, CAST($week_start AS DATE), CAST($submitted_at AS TIMESTAMP),
    CAST($commit_amount AS DECIMAL(18, 2)), $load_id, $scope_type, $scope, $submitted_by, $note,
    CAST($adjustment AS DECIMAL(18, 2)), $late_correction
)
