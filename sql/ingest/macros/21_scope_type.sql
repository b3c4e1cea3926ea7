-- A target's scope type: company, region or rep; NULL when unknown.
CREATE OR REPLACE TEMP MACRO ing_scope_type(x) AS (MAP {
    'company': 'company', '公司': 'company', '全公司': 'company',
    'region': 'region', '大区': 'region', '区域': 'region',
    'rep': 'rep', 'salesrep': 'rep', 'owner': 'rep', '销售代表': 'rep', '客户经理': 'rep'
})[ing_word(x)]
