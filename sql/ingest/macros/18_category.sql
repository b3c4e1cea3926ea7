-- A forecast category in its stored form (commit, upside, pipeline, omitted, won, lost), from the
-- Salesforce, HubSpot and Chinese names (any case, spaces or underscores); NULL when unknown.
CREATE OR REPLACE TEMP MACRO ing_category(x) AS (MAP {
    'commit': 'commit', 'committed': 'commit', '承诺': 'commit',
    -- Salesforce stores Commit as 'Forecast' and Best Case as 'BestCase' (API values)
    'forecast': 'commit',
    'upside': 'upside', 'bestcase': 'upside', 'mostlikely': 'upside', '最佳情况': 'upside',
    '最可能': 'upside',
    'pipeline': 'pipeline', '通路': 'pipeline', '管道': 'pipeline',
    'omitted': 'omitted', 'omit': 'omitted', '忽略': 'omitted', '已忽略': 'omitted',
    'closed': 'won', 'won': 'won', 'closedwon': 'won', '赢单': 'won', '已关闭': 'won',
    '已成交': 'won',
    'lost': 'lost', 'closedlost': 'lost', '丢单': 'lost', '输单': 'lost'
})[ing_word(x)]
