-- A target's scope type: company, region or rep; NULL when unknown.
CREATE OR REPLACE TEMP MACRO ing_scope_type(x) AS (
    CASE
        WHEN ing_word(x) IN ('company', '公司', '全公司') THEN 'company'
        WHEN ing_word(x) IN ('region', '大区', '区域') THEN 'region'
        WHEN ing_word(x) IN ('rep', 'salesrep', 'owner', '销售代表', '客户经理') THEN 'rep'
    END
)
