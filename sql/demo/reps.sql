-- Demo organisation, step 1: the reps. Four regions (North 华北, East 华东, South 华南, West 西部),
-- reps dealt round-robin so that every region has the same count; ids are the region letter and a
-- number (N01, E01, S01, W01, N02, ...). Names are pinyin, unique for up to 620 reps (20 surnames
-- x 31 given names, the given name stepping by a number coprime to 31). Tiers A/B/C follow the
-- rep number (1-2 A, 3-4 B, 5-6 C, repeating). Every rep is active before the history starts.
INSERT INTO reps (rep, name, region, manager, tier, active_from, active_to, source, load_id, region_zh)
WITH region(idx, region, letter, manager, region_zh) AS (
    VALUES (0, 'North', 'N', 'Deng Hua', '华北'),
           (1, 'East', 'E', 'Xie Ying', '华东'),
           (2, 'South', 'S', 'Feng Lei', '华南'),
           (3, 'West', 'W', 'Cao Yan', '西部')
),
n AS (
    SELECT CAST($n_reps AS BIGINT) AS n_reps
),
seq AS (
    SELECT t.i, t.i % 4 AS idx, t.i // 4 + 1 AS num,
           greatest(2, length(CAST((n.n_reps + 3) // 4 AS VARCHAR))) AS width
    FROM n, range(n.n_reps) AS t(i)
),
named AS (
    SELECT s.*,
           ['Li', 'Wang', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou',
            'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Gao', 'Lin', 'Luo'][s.i % 20 + 1]
           || ' '
           || ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Qiang', 'Lei', 'Jun', 'Yang', 'Yong', 'Yan',
               'Jie', 'Tao', 'Ming', 'Chao', 'Xiuying', 'Hui', 'Gang', 'Ping', 'Hong', 'Xin',
               'Li', 'Bo', 'Hao', 'Yu', 'Ting', 'Kai', 'Rui', 'Lan', 'Peng', 'Dan'
           ][(7 * s.i + s.i // 20) % 31 + 1]
           || CASE WHEN s.i >= 620 THEN ' ' || CAST(s.i // 620 + 1 AS VARCHAR) ELSE '' END AS name
    FROM seq s
)
SELECT g.letter || lpad(CAST(x.num AS VARCHAR), CAST(x.width AS INTEGER), '0') AS rep,
       x.name,
       g.region,
       g.manager,
       ['A', 'A', 'B', 'B', 'C', 'C'][(x.num - 1) % 6 + 1] AS tier,
       CAST(CAST($history_start AS DATE)
            - to_days(CAST(120 + hash($seed, 'hired', x.i) % 1500 AS INTEGER)) AS DATE) AS active_from,
       CAST(NULL AS DATE) AS active_to,
       'reps' AS source,
       CAST($load_id AS INTEGER) AS load_id,
       g.region_zh
FROM named x
JOIN region g ON g.idx = x.idx
