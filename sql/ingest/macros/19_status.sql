-- A booking status: realized, unrealized or cancelled (also "canceled", "realised", Chinese).
CREATE OR REPLACE TEMP MACRO ing_status(x) AS (MAP {
    'realized': 'realized', 'realised': 'realized', 'booked': 'realized', 'paid': 'realized',
    '已实现': 'realized', '实现': 'realized',
    'unrealized': 'unrealized', 'unrealised': 'unrealized', 'unpaid': 'unrealized',
    'notpaid': 'unrealized', '未实现': 'unrealized',
    'cancelled': 'cancelled', 'canceled': 'cancelled', 'void': 'cancelled',
    '已取消': 'cancelled', '取消': 'cancelled'
})[ing_word(x)]
