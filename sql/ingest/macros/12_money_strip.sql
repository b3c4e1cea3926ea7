-- An amount cell without currency signs or codes, spaces and apostrophes ($, US$, ¥, ￥, €, £,
-- 元, USD, CNY, RMB, EUR, GBP, HKD, JPY); parentheses and signs are kept for ing_amount_text.
CREATE OR REPLACE TEMP MACRO ing_money_strip(x) AS
    regexp_replace(
        upper(x),
        '(US|HK|NT|AU|CA|SG|A|C|S)?\$|USD|CNY|RMB|EUR|GBP|HKD|JPY|[¥￥€£元\s' || chr(160) || chr(8239) || chr(39) || ']',
        '', 'g')
