-- The optional time of day after a date: "10:00", "T10:00:00.000+0000", ", 9:14 AM", " 18:30 UTC".
CREATE OR REPLACE TEMP MACRO ing_time_suffix() AS
    '(,?[ T]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?'
