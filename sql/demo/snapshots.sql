-- Demo organisation, step 3: the weekly pipeline snapshots (every Monday of the history).
-- The deals are planned per rep and week on a timeline that starts 40 weeks before the first
-- snapshot (so that the first snapshot already holds a grown pipeline) and ends 40 weeks after
-- the last (so that the last snapshot holds deals that will close later). Week w of the timeline
-- starts on $origin + 7w days. Pseudo-random draws are hash($seed, tag, key) mapped to [0, 1), so
-- the result depends on the seed and the calendar only, never on threads or row order.
--
-- Per rep and week: the amount won is the pace of the week's five working days, each day at its
-- month's target x the rep's attainment x the region's shape within the quarter (East books about
-- 19/24/57% of a quarter in its three months: the hockey stick) / the month's working days, so
-- weeks are alike whatever the number of Mondays of their month; weekly noise (+-25%) cancels
-- out within the month. It is split over 1..24 won deals of about the rep's typical size. Lost
-- deals come at `lost_ratio` per won deal (West 0.3: a thin pipeline; elsewhere 1.8). Quarters
-- differ, as real ones do: per fiscal quarter, for the whole company and per region, the amount
-- won moves by up to +-20% (centred within the fiscal year, so that a year's attainment stays),
-- the lost deals per win by x0.4..1.6 and the share of ordinary deals that slip between 10% and
-- 40%. West closes its won deals within 2-7 weeks of their creation. 18% of the lost deals reach
-- 90 before they fall through, so the ladder's top is optimistic (M15). Each deal then gets a
-- life backwards from its close week wc: a cycle of L weeks, a stage that climbs the ladder
-- 0-25-50-60-70-80-90 (won deals reach 90, lost deals stop at a drawn stage), an amount that may
-- change once, a close date estimated within the close month and exact in the last two weeks
-- (lost deals may keep a stale, past-due date instead), and k slips: in k consecutive snapshots the close date
-- moves one month later (serial slippers k = 3..5, ordinary slippers k = 1..2). A deal is shown
-- from the Monday after it was created up to the Monday after it closed, which shows it won
-- (stage 100) or lost (stage 0) once; then it disappears.
INSERT INTO snapshots (
    snapshot_date, opportunity_id, opportunity_name, account, rep, region, stage, amount,
    close_date, forecast_category, created_date, currency, config_final, end_user_signed,
    channel_signed, discount_approved, partner_ready, load_id
)
WITH story(rep, attain, serial_share, checklist_p, weak_share, should_share) AS (
    -- Sales behaviour of the reps that carry a story (data/README.md); the rest are healthy.
    VALUES ('E02', 1.12, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), 0.30),
           ('S03', 0.88, NULL, 0.93, 0.35, NULL),
           ('N03', 0.85, NULL, NULL, NULL, NULL),
           ('W02', 1.18, NULL, 0.85, 0.15, NULL),
           ('N02', NULL, 0.35, NULL, NULL, NULL)
),
rep AS (
    SELECT r.rep, r.region, row_number() OVER (ORDER BY r.rep) AS rep_no,
           coalesce(s.attain, 1.06 + 0.04 * (hash($seed, 'attain', r.rep) % 1000003) / 1000003.0)
               AS attain,
           CASE r.region WHEN 'West' THEN 0.3 ELSE 1.8 END AS lost_ratio,
           coalesce(s.serial_share, 0.0) AS serial_share,
           coalesce(s.checklist_p, 0.985) AS checklist_p,
           coalesce(s.weak_share, 0.03) AS weak_share,
           coalesce(s.should_share, 0.04) AS should_share
    FROM reps r
    LEFT JOIN story s ON s.rep = r.rep
    WHERE r.load_id = $reps_load_id
),
rep_target AS (
    SELECT scope AS rep, avg(target) AS avg_target
    FROM targets WHERE load_id = $targets_load_id AND scope_type = 'rep'
    GROUP BY ALL
),
week AS (
    SELECT t.w, CAST(CAST($origin AS DATE) + to_days(CAST(7 * t.w AS INTEGER)) AS DATE) AS monday
    FROM range(CAST($w_end AS BIGINT) + 1) AS t(w)
),
week_month AS (
    SELECT w, monday, CAST(date_trunc('month', monday) AS DATE) AS month
    FROM week
),
week_day AS (
    -- The five working days of each week; a week's plan adds the daily pace of each day's month
    -- (so a week that straddles two months takes a part of each, and weeks are alike whatever
    -- the number of Mondays of their month).
    SELECT k.w, CAST(k.monday + to_days(CAST(d.d AS INTEGER)) AS DATE) AS day
    FROM week_month k, range(5) AS d(d)
),
month_pace AS (
    SELECT CAST(date_trunc('month', day) AS DATE) AS month, count(*) AS working_days
    FROM (
        SELECT CAST(t.d AS DATE) AS day
        FROM range(CAST(CAST($origin AS DATE) AS TIMESTAMP) - INTERVAL 40 DAY,
                   CAST(CAST($origin AS DATE) AS TIMESTAMP) + to_days(CAST(7 * ($w_end + 1) + 40 AS INTEGER)),
                   INTERVAL 1 DAY) AS t(d)
    )
    WHERE isodow(day) <= 5
    GROUP BY ALL
),
quarter_draw AS (
    SELECT DISTINCT r.region, fiscal_quarter_start(k.day, $m0) AS quarter_start,
           fiscal_year_start(k.day, $m0) AS year_start
    FROM rep r CROSS JOIN week_day k
),
quarter_mood AS (
    -- A good or a bad quarter, for the whole company and per region: bookings (up to +-20%,
    -- centred within the fiscal year), lost deals per win (x0.4..1.6), slipping deals (10-40%).
    SELECT q.region, q.quarter_start,
           1 + 0.24 * (u_won - avg(u_won) OVER (PARTITION BY q.region, q.year_start))
             + 0.16 * (u_cwon - avg(u_cwon) OVER (PARTITION BY q.region, q.year_start)) AS won_factor,
           0.4 + 0.6 * u_lost + 0.6 * u_clost AS lost_factor,
           0.10 + 0.15 * u_slip + 0.15 * u_cslip AS slip_share
    FROM (
        SELECT q.*,
               (hash($seed, 'mood_won', q.region, q.quarter_start) % 1000003) / 1000003.0 AS u_won,
               (hash($seed, 'mood_lost', q.region, q.quarter_start) % 1000003) / 1000003.0 AS u_lost,
               (hash($seed, 'mood_slip', q.region, q.quarter_start) % 1000003) / 1000003.0 AS u_slip,
               (hash($seed, 'mood_won', q.quarter_start) % 1000003) / 1000003.0 AS u_cwon,
               (hash($seed, 'mood_lost', q.quarter_start) % 1000003) / 1000003.0 AS u_clost,
               (hash($seed, 'mood_slip', q.quarter_start) % 1000003) / 1000003.0 AS u_cslip
        FROM quarter_draw q
    ) q
),
day_plan AS (
    -- Months before the history have no target row: they take next year's target less growth.
    SELECT r.rep, k.w,
           sum(coalesce(t.target, t12.target / 1.08) * r.attain * m.won_factor
               * CASE WHEN r.region = 'East'
                      THEN [0.495, 0.712, 1.745][fiscal_month_index(k.day, $m0) % 3 + 1]
                      ELSE 1.0 END
               / p.working_days) AS mean_won
    FROM rep r
    CROSS JOIN week_day k
    JOIN month_pace p ON p.month = CAST(date_trunc('month', k.day) AS DATE)
    JOIN quarter_mood m
      ON m.region = r.region AND m.quarter_start = fiscal_quarter_start(k.day, $m0)
    LEFT JOIN targets t
      ON t.load_id = $targets_load_id AND t.scope_type = 'rep' AND t.scope = r.rep
     AND t.month = CAST(date_trunc('month', k.day) AS DATE)
    LEFT JOIN targets t12
      ON t12.load_id = $targets_load_id AND t12.scope_type = 'rep' AND t12.scope = r.rep
     AND t12.month = CAST(date_trunc('month', k.day) + INTERVAL 12 MONTH AS DATE)
    GROUP BY ALL
),
plan AS (
    SELECT r.*, k.w, k.monday, k.month, m.lost_factor, m.slip_share, d.mean_won,
           g.avg_target * r.attain / (4.345 * $wins_per_week) AS deal_size
    FROM rep r
    JOIN rep_target g ON g.rep = r.rep
    CROSS JOIN week_month k
    JOIN day_plan d ON d.rep = r.rep AND d.w = k.w
    JOIN quarter_mood m
      ON m.region = r.region AND m.quarter_start = fiscal_quarter_start(k.monday, $m0)
),
week_noise AS (
    SELECT p.*, (hash($seed, 'week', p.rep_no, p.w) % 1000003) / 1000003.0 - 0.5 AS noise
    FROM plan p
),
plan_counts AS (
    -- The weekly noise is centred within each month: weeks vary by up to +-50%, months do not.
    SELECT p.*,
           p.mean_won * (1 + 0.5 * (p.noise - avg(p.noise) OVER (PARTITION BY p.rep_no, p.month)))
               AS won_amount,
           CAST(greatest(1, least(24, round(p.mean_won / p.deal_size
               * (0.7 + 0.6 * (hash($seed, 'n_won', p.rep_no, p.w) % 1000003) / 1000003.0))))
               AS INTEGER) AS n_won
    FROM week_noise p
),
slot AS (
    SELECT p.*,
           CAST(least(36, round(p.n_won * p.lost_ratio * p.lost_factor
               * (0.4 + 1.2 * (hash($seed, 'n_lost', p.rep_no, p.w) % 1000003) / 1000003.0)))
               AS INTEGER) AS n_lost
    FROM plan_counts p
),
drawn AS (
    SELECT p.rep, p.region, p.rep_no, p.w AS wc, p.monday AS close_monday, p.won_amount,
           p.n_won, p.serial_share, p.checklist_p, p.weak_share, p.should_share, p.slip_share,
           n.k < p.n_won AS won,
           p.rep_no * 1000000 + p.w * 100 + n.k AS deal_no,
           0.35 + (hash($seed, 'size', p.rep_no, p.w, n.k) % 1000003) / 1000003.0
               + CASE WHEN (hash($seed, 'big', p.rep_no, p.w, n.k) % 1000003) / 1000003.0 < 0.06
                      THEN 2.0 ELSE 0.0 END AS weight
    FROM slot p
    JOIN range(0, 64) AS n(k) ON n.k < p.n_won + p.n_lost
),
unit AS (
    -- One uniform draw per attribute of a deal.
    SELECT d.*,
           (hash($seed, 'serial', deal_no) % 1000003) / 1000003.0 AS u_serial,
           (hash($seed, 'slip', deal_no) % 1000003) / 1000003.0 AS u_slip,
           (hash($seed, 'k', deal_no) % 1000003) / 1000003.0 AS u_k,
           (hash($seed, 'len', deal_no) % 1000003) / 1000003.0 AS u_len,
           (hash($seed, 'dow', deal_no) % 1000003) / 1000003.0 AS u_dow,
           (hash($seed, 'created', deal_no) % 1000003) / 1000003.0 AS u_created,
           (hash($seed, 'wb', deal_no) % 1000003) / 1000003.0 AS u_wb,
           (hash($seed, 'due', deal_no) % 1000003) / 1000003.0 AS u_due,
           (hash($seed, 'late_by', deal_no) % 1000003) / 1000003.0 AS u_late_by,
           (hash($seed, 'jitter', deal_no) % 1000003) / 1000003.0 AS u_jitter,
           (hash($seed, 'gamma', deal_no) % 1000003) / 1000003.0 AS u_gamma,
           (hash($seed, 'top', deal_no) % 1000003) / 1000003.0 AS u_top,
           (hash($seed, 'top2', deal_no) % 1000003) / 1000003.0 AS u_top2,
           (hash($seed, 'change', deal_no) % 1000003) / 1000003.0 AS u_change,
           (hash($seed, 'factor', deal_no) % 1000003) / 1000003.0 AS u_factor,
           (hash($seed, 'when', deal_no) % 1000003) / 1000003.0 AS u_when,
           (hash($seed, 'omit', deal_no) % 1000003) / 1000003.0 AS u_omit,
           (hash($seed, 'account', deal_no) % 1000003) / 1000003.0 AS u_account,
           CAST(hash($seed, 'product', deal_no) % 10 AS BIGINT) AS product_no,
           (hash($seed, 'should', deal_no) % 1000003) / 1000003.0 < d.should_share AS upside_at_90,
           (hash($seed, 'weak70', deal_no) % 1000003) / 1000003.0 < d.weak_share AS commit_at_70,
           (hash($seed, 'weak80', deal_no) % 1000003) / 1000003.0 < d.weak_share AS commit_at_80,
           (hash($seed, 'c1', deal_no) % 1000003) / 1000003.0 < d.checklist_p AS c_config,
           (hash($seed, 'c2', deal_no) % 1000003) / 1000003.0 < d.checklist_p AS c_end_user,
           (hash($seed, 'c3', deal_no) % 1000003) / 1000003.0 < d.checklist_p AS c_channel,
           (hash($seed, 'c4', deal_no) % 1000003) / 1000003.0 < d.checklist_p AS c_discount,
           (hash($seed, 'c5', deal_no) % 1000003) / 1000003.0 < d.checklist_p AS c_partner
    FROM drawn d
),
sized AS (
    SELECT u.*,
           greatest(1000, round(CASE
               WHEN u.won
                   THEN u.won_amount * u.weight / sum(u.weight) OVER (PARTITION BY u.rep_no, u.wc, u.won)
               ELSE u.won_amount / u.n_won * u.weight
           END, -2)) AS final_amount,
           u.u_serial < u.serial_share AS serial,
           CAST(CASE
               WHEN u.u_serial < u.serial_share THEN 26 + floor(10 * u.u_len)
               -- West closes fast (thin pipeline): its won deals are younger and fewer at any time.
               WHEN u.won AND u.region = 'West' THEN 2 + floor(6 * u.u_len)
               WHEN u.won THEN 4 + floor(17 * u.u_len)
               ELSE 5 + floor(22 * u.u_len)
           END AS BIGINT) AS cycle,
           -- Lost deals stop at a drawn stage index (1..5, 8% reach 90 and fall through).
           CAST(CASE WHEN u.won THEN 6
                     WHEN u.u_top < 0.18 THEN 6
                     ELSE 1 + floor(pow(u.u_top2, 1.6) * 5) END AS INTEGER) AS top_idx,
           CAST(u.close_monday + CAST(floor(5 * sqrt(u.u_dow)) AS INTEGER) AS DATE) AS close_day
    FROM unit u
),
slipping AS (
    SELECT s.*,
           s.wc - s.cycle AS w0,
           CAST(CASE
               WHEN s.serial THEN 3 + floor(3 * s.u_k)
               WHEN s.u_slip < s.slip_share THEN CASE WHEN s.u_k < 0.35 THEN 2 ELSE 1 END
               ELSE 0
           END AS BIGINT) AS k_wanted
    FROM sized s
),
life AS (
    -- k slips need room: before them the close date lies k months earlier and must not be past.
    SELECT s.*,
           CASE WHEN s.cycle - 3 >= ceil(s.k_wanted * 31 / 7.0) THEN s.k_wanted ELSE 0 END AS k_slip,
           NOT s.won AND s.u_due < 0.4 AS past_due,
           0.7 + 0.7 * s.u_gamma AS gamma,
           CASE WHEN s.u_change < 0.3
                THEN greatest(1000, round(s.final_amount * (0.75 + 0.6 * s.u_factor), -2))
                ELSE s.final_amount END AS first_amount,
           s.wc - s.cycle + 1 + CAST(floor(s.u_when * s.cycle) AS BIGINT) AS w_amount_change,
           CAST(CAST($origin AS DATE)
                + to_days(CAST(7 * (s.wc - s.cycle) + floor(5 * s.u_created) AS INTEGER)) AS DATE)
               AS created_date
    FROM slipping s
),
planned AS (
    SELECT l.*,
           l.w0 + 2 + CAST(floor(l.u_wb * greatest(0, l.wc - ceil(l.k_slip * 31 / 7.0) - l.w0 - 2))
                           AS BIGINT) AS w_first_slip,
           CASE
               WHEN l.past_due AND l.k_slip = 0
                   THEN CAST(l.close_day - to_days(CAST(7 * least(1 + floor(3 * l.u_late_by), l.cycle - 2)
                                                       AS INTEGER)) AS DATE)
               ELSE least(last_day(l.close_day),
                          greatest(CAST(date_trunc('month', l.close_day) AS DATE),
                                   CAST(l.close_day + to_days(CAST(floor(25 * l.u_jitter) - 12 AS INTEGER))
                                        AS DATE)))
           END AS estimated_close,
           l.past_due AND l.k_slip = 0 AS stale_date,
           NOT l.won AND l.top_idx <= 2 AND l.u_omit < 0.3 AS omitted_at_end
    FROM life l
),
kept AS (
    -- Deals seen in the history: closed in or after the first week, created before the last.
    SELECT p.*,
           'OPP-' || lpad(CAST(row_number() OVER (ORDER BY p.created_date, p.deal_no) AS VARCHAR), 7, '0')
               AS opportunity_id,
           -- Each rep works with about 30 accounts.
           CAST(hash($seed, 'acct', p.rep, CAST(floor(p.u_account * 30) AS INTEGER)) % 336 AS BIGINT)
               AS account_no
    FROM planned p
    WHERE p.wc >= $w_first AND p.w0 + 1 <= $w_last
),
named AS (
    SELECT k.*,
           ['Huaxin', 'Zhongtai', 'Jinlong', 'Tianyu', 'Hengda', 'Xinghai', 'Dongfang', 'Changjiang',
            'Baiyun', 'Kunlun', 'Taishan', 'Hongyuan', 'Jiahe', 'Ruifeng', 'Shengshi', 'Yuanhang',
            'Tongda', 'Haixin', 'Minghua', 'Fuxing', 'Longteng', 'Huanyu', 'Zhicheng', 'Anhe'
           ][k.account_no % 24 + 1]
           || ' '
           || ['Bank', 'Securities', 'Insurance', 'Power Grid', 'Telecom', 'Logistics', 'Hospital',
               'University', 'Steel', 'Motors', 'Pharma', 'Retail', 'Airlines', 'Government Cloud'
           ][(k.account_no // 24) % 14 + 1] AS account
    FROM kept k
),
observed AS (
    SELECT d.*, r.w,
           r.w = d.wc + 1 AS closing,
           CAST(least(CASE WHEN d.won THEN 6 ELSE d.top_idx END,
                      floor(pow((r.w - d.w0) / d.cycle, d.gamma) * (d.top_idx + 1))) AS INTEGER)
               AS stage_idx,
           d.k_slip - least(d.k_slip, greatest(0, r.w - d.w_first_slip + 1)) AS slips_ahead
    FROM named d,
         range(greatest(d.w0 + 1, CAST($w_first AS BIGINT)), least(d.wc + 1, CAST($w_last AS BIGINT)) + 1)
             AS r(w)
),
categorized AS (
    SELECT o.*,
           CASE
               WHEN o.closing AND o.won THEN 'won'
               WHEN o.closing THEN 'lost'
               WHEN o.omitted_at_end AND o.w >= o.wc - 2 THEN 'omitted'
               WHEN o.stage_idx = 6 THEN CASE WHEN o.upside_at_90 THEN 'upside' ELSE 'commit' END
               WHEN o.stage_idx = 5 THEN CASE WHEN o.commit_at_80 THEN 'commit' ELSE 'upside' END
               WHEN o.stage_idx = 4 THEN CASE WHEN o.commit_at_70 THEN 'commit' ELSE 'upside' END
               ELSE 'pipeline'
           END AS category
    FROM observed o
)
SELECT CAST(CAST($origin AS DATE) + to_days(CAST(7 * c.w AS INTEGER)) AS DATE) AS snapshot_date,
       c.opportunity_id,
       c.account || ' - ' || ['Campus network refresh', 'Data center switching', 'Core router upgrade',
                              'Wi-Fi 6 rollout', 'Firewall renewal', 'SD-WAN pilot',
                              'Video conferencing', 'Unified communications', 'Branch security',
                              'IP telephony'][c.product_no + 1] AS opportunity_name,
       c.account,
       c.rep,
       c.region,
       CASE WHEN c.closing THEN CASE WHEN c.won THEN 100 ELSE 0 END
            ELSE [0, 25, 50, 60, 70, 80, 90][c.stage_idx + 1] END AS stage,
       CASE WHEN c.closing OR c.w >= c.w_amount_change THEN c.final_amount ELSE c.first_amount END
           AS amount,
       CASE
           WHEN c.closing THEN c.close_day
           ELSE CAST(CASE WHEN c.w >= c.wc - 1 AND NOT c.stale_date THEN c.close_day
                          ELSE c.estimated_close END
                     - to_months(CAST(c.slips_ahead AS INTEGER)) AS DATE)
       END AS close_date,
       c.category AS forecast_category,
       c.created_date,
       'CNY' AS currency,
       CASE WHEN c.category = 'commit' THEN c.c_config END AS config_final,
       CASE WHEN c.category = 'commit' THEN c.c_end_user END AS end_user_signed,
       CASE WHEN c.category = 'commit' THEN c.c_channel END AS channel_signed,
       CASE WHEN c.category = 'commit' THEN c.c_discount END AS discount_approved,
       CASE WHEN c.category = 'commit' THEN c.c_partner END AS partner_ready,
       CAST($load_id AS INTEGER) AS load_id
FROM categorized c
