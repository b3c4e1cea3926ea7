-- The level of a call or a monthly forecast: rep, manager, region or company; NULL when unknown.
CREATE OR REPLACE TEMP MACRO ing_call_scope_type(x) AS (MAP {
    'company': 'company', '公司': 'company', '全公司': 'company',
    'region': 'region', '大区': 'region', '区域': 'region',
    'manager': 'manager', 'regionalmanager': 'manager', 'rm': 'manager', '经理': 'manager',
    '大区经理': 'manager',
    'rep': 'rep', 'salesrep': 'rep', 'owner': 'rep', '销售代表': 'rep', '客户经理': 'rep'
})[ing_word(x)]
