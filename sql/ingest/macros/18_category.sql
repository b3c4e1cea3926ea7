-- A forecast category in its stored form (commit, upside, pipeline, omitted, won, lost), from the
-- Salesforce, HubSpot and Chinese names; NULL when unknown.
CREATE OR REPLACE TEMP MACRO ing_category(x) AS (
    CASE
        WHEN ing_word(x) IN ('commit', 'committed', '承诺') THEN 'commit'
        WHEN ing_word(x) IN ('upside', 'bestcase', 'mostlikely', '最佳情况', '最可能') THEN 'upside'
        WHEN ing_word(x) IN ('pipeline', '通路', '管道', '渠道通路') THEN 'pipeline'
        WHEN ing_word(x) IN ('omitted', 'omit', '忽略', '已忽略') THEN 'omitted'
        WHEN ing_word(x) IN ('closed', 'won', 'closedwon', '赢单', '已关闭', '已成交') THEN 'won'
        WHEN ing_word(x) IN ('lost', 'closedlost', '丢单', '输单') THEN 'lost'
    END
)
