-- A booking status: realized, unrealized or cancelled (also "canceled", "realised", Chinese).
CREATE OR REPLACE TEMP MACRO ing_status(x) AS (
    CASE
        WHEN ing_word(x) IN ('realized', 'realised', 'booked', 'paid', '已实现', '实现') THEN 'realized'
        WHEN ing_word(x) IN ('unrealized', 'unrealised', 'unpaid', 'notpaid', '未实现') THEN 'unrealized'
        WHEN ing_word(x) IN ('cancelled', 'canceled', 'void', '已取消', '取消') THEN 'cancelled'
    END
)
