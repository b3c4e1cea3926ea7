"""The data contract's columns and the header aliases accepted for each of them.

A header is matched case-insensitively after trimming, with runs of spaces and underscores
treated as one space ("Close_Date", " close date " and "CLOSE DATE" are the same header).
Each table lists its columns with the aliases of Salesforce reports (labels) and the API,
HubSpot exports and Chinese headers. `key` is the column's name inside the loader (a SQL
identifier); `label` is how the docs and messages call it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analytics.errors import UsageError


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the contract: its internal key, display label and accepted headers."""

    key: str
    label: str
    aliases: tuple[str, ...]

    def accepted(self) -> tuple[str, ...]:
        """Every header that maps to this column, canonical label first, one per spelling
        (headers are compared by normalize_header, so "close date" = "close_date")."""
        seen: dict[str, str] = {}
        for alias in (self.label, *self.aliases):
            seen.setdefault(normalize_header(alias), alias)
        return tuple(seen.values())


@dataclass(frozen=True)
class TableSpec:
    """A loadable table: its columns and which of them a file must have.

    `required` is a tuple of groups; a group is satisfied when any of its keys is present
    (calls need week_start or week; snapshots need a stage name or a probability).
    """

    name: str
    columns: tuple[ColumnSpec, ...]
    required: tuple[tuple[str, ...], ...]
    # The table whose staging SQL (sql/ingest/stage/<name>.sql) parses this one's rows, when it
    # is not its own: a deals extract is parsed as snapshot rows without a snapshot date.
    staged_as: str | None = None

    @property
    def stage_name(self) -> str:
        return self.staged_as or self.name

    def column(self, key: str) -> ColumnSpec:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def expected_header(self) -> str:
        """The required columns, for messages: 'rep, region' or 'week_start (or week), …'."""
        parts = []
        for group in self.required:
            labels = [self.column(k).label for k in group]
            parts.append(labels[0] + "".join(f" (or {x})" for x in labels[1:]))
        return f"{self.name} needs at least: " + ", ".join(parts)


_REP = (
    "rep",
    "rep id",
    "sales rep",
    "owner",
    "owner id",
    "ownerid",
    "owner name",
    "opportunity owner",
    "deal owner",
    "account manager",
    "am",
    "销售代表",
    "客户经理",
    "销售",
    "负责人",
)
_AMOUNT = ("amount", "金额")
_SUBMITTED = ("submitted at", "submitted", "submission time", "submitted on", "提交时间")
_UPSIDE = ("upside", "best case", "upside amount", "UPSIDE金额")
_BOOLEANS = (
    ("config_final", ("configuration final", "config final", "配置确定", "配置已确定")),
    ("end_user_signed", ("end user signed", "end user contract signed", "最终用户已签约")),
    ("channel_signed", ("channel signed", "channel contract signed", "渠道已签约")),
    ("discount_approved", ("discount approved", "special discount approved", "特价已批准")),
    ("partner_ready", ("partner ready", "partner ready to order", "合作伙伴已就绪")),
)


def _col(key: str, *aliases: str, label: str | None = None) -> ColumnSpec:
    return ColumnSpec(key=key, label=label or key, aliases=(key, *aliases))


SNAPSHOTS = TableSpec(
    name="snapshots",
    columns=(
        _col("snapshot_date", "as of", "as of date", "report date", "快照日期"),
        _col(
            "opportunity_id",
            "opportunity id",
            "opp id",
            "id",
            "record id",
            "deal id",
            "opportunity id (18)",
            "商机编号",
            "商机id",
        ),
        _col(
            "opportunity_name", "opportunity name", "opportunity", "name", "deal name", "商机名称"
        ),
        _col("account", "account name", "company", "associated company", "客户", "客户名称"),
        _col("rep", *_REP[1:]),
        _col("region", "sales region", "territory", "大区", "区域"),
        _col(
            "stage",
            "stage name",
            "stagename",
            "deal stage",
            "dealstage",
            "pipeline stage",
            "阶段",
            "销售阶段",
        ),
        _col(
            "probability",
            "probability (%)",
            "probability %",
            "deal probability",
            "hs_deal_stage_probability",
            "win probability",
            "stage probability",
            "概率",
            "赢率",
            "成交概率",
        ),
        _col("amount", "opportunity amount", "deal amount", "商机金额", *_AMOUNT[1:]),
        _col("close_date", "close date", "closedate", "expected close date", "预计成交日期"),
        _col(
            "forecast_category",
            "forecast category",
            "forecastcategoryname",
            "forecastcategory",
            "forecast category name",
            "hs_forecast_category",
            "预测类别",
        ),
        _col(
            "created_date", "created date", "createddate", "create date", "createdate", "创建日期"
        ),
        _col(
            "currency",
            "opportunity currency",
            "amount currency",
            "currencyisocode",
            "currency iso code",
            "币种",
            "货币",
        ),
        *(_col(key, *aliases) for key, aliases in _BOOLEANS),
        # Closed and won flags (Salesforce IsClosed/IsWon, HubSpot's closed flags): they say
        # won or lost whatever the category says (Closed Lost is filed under Omitted).
        _col("is_closed", "isclosed", "closed flag", "hs_is_closed", "已关闭"),
        _col("is_won", "iswon", "won flag", "is closed won", "hs_is_closed_won", "已赢单"),
    ),
    required=(
        ("snapshot_date",),
        ("opportunity_id",),
        ("rep",),
        ("stage", "probability"),
        ("amount",),
        ("close_date",),
    ),
)

# A deals extract for `forecast-desk backfill` (analytics/backfill): the snapshot columns without
# snapshot_date. Its own checks (sql/ingest/errors/deals.sql) let an open deal go without a close
# date or an amount and a deal without a created date (docs/loading.md, "History on day one").
DEALS = TableSpec(
    name="deals",
    columns=tuple(c for c in SNAPSHOTS.columns if c.key != "snapshot_date"),
    required=(
        ("opportunity_id",),
        ("rep",),
        ("stage", "probability"),
        ("amount",),
        ("close_date",),
        ("created_date",),
    ),
    staged_as="snapshots",
)

BOOKINGS = TableSpec(
    name="bookings",
    columns=(
        _col("order_id", "order id", "order number", "order no", "order", "订单编号", "订单号"),
        _col("opportunity_id", "opportunity id", "opportunity", "deal id", "商机编号"),
        _col("rep", *_REP[1:]),
        _col("booked_date", "booked date", "booking date", "order date", "下单日期", "订单日期"),
        _col("amount", "order amount", "booking amount", "订单金额", *_AMOUNT[1:]),
        _col("status", "order status", "状态", "订单状态"),
    ),
    required=(("order_id",), ("rep",), ("booked_date",), ("amount",)),
)

TARGETS = TableSpec(
    name="targets",
    columns=(
        _col("scope_type", "scope type", "level", "范围类型", "层级"),
        _col("scope", "scope name", "范围", "对象"),
        _col("month", "target month", "月份"),
        _col("target", "quota", "目标"),
        _col("stretch_target", "stretch target", "stretch", "挑战目标", "调高目标"),
    ),
    required=(("scope_type",), ("scope",), ("month",), ("target",)),
)

# The optional level of a call or a monthly forecast (docs/loading.md): rep (default), manager,
# region or company; scope names the manager, region or 'company' (a rep's row may name the rep
# here instead of in rep); who submitted it and why.
_LEVEL = (
    _col("scope_type", "scope type", "level", "forecast level", "范围类型", "层级"),
    _col("scope", "scope name", "范围", "对象"),
    _col("submitted_by", "submitted by", "entered by", "提交人"),
    _col("note", "reason", "comment", "comments", "备注", "原因"),
)

CALLS = TableSpec(
    name="calls",
    columns=(
        _col("rep", *_REP[1:]),
        _col("week_start", "week start", "week starting", "week of", "monday", "周开始"),
        _col("week", "iso week", "周", "周次"),
        _col("submitted_at", *_SUBMITTED),
        _col("commit_amount", "commit", "commit amount", "承诺", "承诺金额", label="commit"),
        _col("upside", *_UPSIDE[1:]),
        _col("month_forecast", "month forecast", "本月预测", "月度预测"),
        _col("month_upside", "month upside", "本月upside"),
        _col("quarter_forecast", "quarter forecast", "本季度预测", "季度预测"),
        _col("quarter_upside", "quarter upside", "本季度upside"),
        *_LEVEL,
    ),
    required=(("rep", "scope"), ("week_start", "week"), ("submitted_at",), ("commit_amount",)),
)

FORECASTS = TableSpec(
    name="forecasts",
    columns=(
        _col("rep", *_REP[1:]),
        _col("review_month", "review month", "submission month", "评审月份", "提交月份"),
        _col("submitted_at", *_SUBMITTED),
        _col("month", "forecast month", "target month", "月份"),
        _col("forecast", "forecast amount", "预测", "预测金额"),
        _col("upside", *_UPSIDE[1:]),
        *_LEVEL,
    ),
    required=(("rep", "scope"), ("review_month",), ("submitted_at",), ("month",), ("forecast",)),
)

REPS = TableSpec(
    name="reps",
    columns=(
        _col("rep", "rep id", "id", "employee id", "owner id", "ownerid", "工号", "销售代表编号"),
        _col("name", "rep name", "full name", "owner name", "姓名", "销售代表", "客户经理"),
        _col("region", "sales region", "大区", "区域"),
        _col("manager", "regional manager", "经理", "大区经理"),
        _col("tier", "territory tier", "级别", "区域级别"),
        _col("active_from", "active from", "start date", "入职日期", "开始日期"),
        _col("active_to", "active to", "end date", "离职日期", "结束日期"),
        _col("region_zh", "region name zh", "region (zh)", "name_zh", "大区名称", "区域名称"),
    ),
    required=(("rep",), ("region",)),
)

TABLES: dict[str, TableSpec] = {
    t.name: t for t in (SNAPSHOTS, BOOKINGS, TARGETS, CALLS, FORECASTS, REPS, DEALS)
}

# Every key of every table: the columns of the loader's raw table (sql/ingest/raw_table.sql).
ALL_KEYS: tuple[str, ...] = tuple(dict.fromkeys(k for t in TABLES.values() for k in t.keys))

_SPACES = re.compile(r"[\s_]+")

# A header can be any text, a megabyte long, and a file can have thousands of columns: messages
# and notes show each name cut to NAME_LIMIT characters and lists cut to LIST_LIMIT names.
NAME_LIMIT = 60
LIST_LIMIT = 20


def short_name(text: str, limit: int = NAME_LIMIT) -> str:
    """A header as messages show it: trimmed, cut with '…' beyond `limit` characters."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def name_list(names: Sequence[str], limit: int = LIST_LIMIT, quote: str = "") -> str:
    """'a, b, c' for messages; beyond `limit` names, '…, (N more)'."""
    shown = ", ".join(f"{quote}{short_name(n)}{quote}" for n in names[:limit])
    return shown + (f", … ({len(names) - limit} more)" if len(names) > limit else "")


def normalize_header(text: str) -> str:
    """How headers are compared: trimmed, case-folded, spaces and underscores collapsed."""
    text = text.replace("\ufeff", "").strip().strip('"').strip()
    return _SPACES.sub(" ", text).casefold().strip()


def table_spec(table: str) -> TableSpec:
    """The spec of a loadable table; UsageError for any other name."""
    try:
        return TABLES[table]
    except KeyError:
        raise UsageError(f"unknown table '{table}': use one of {', '.join(TABLES)}") from None


@dataclass(frozen=True)
class HeaderMapping:
    """Which file column feeds which contract column.

    `positions[i]` is the key of the i-th file column, or None when it is not used.
    """

    table: str
    headers: tuple[str, ...]
    positions: tuple[str | None, ...]
    notes: tuple[str, ...]

    @property
    def mapping(self) -> dict[str, str]:
        """Contract column label -> header as found in the file."""
        spec = TABLES[self.table]
        return {
            spec.column(key).label: short_name(self.headers[i])
            for i, key in enumerate(self.positions)
            if key is not None
        }

    @property
    def expected(self) -> str:
        return TABLES[self.table].expected_header()

    @property
    def present(self) -> frozenset[str]:
        return frozenset(k for k in self.positions if k is not None)

    @property
    def unmapped(self) -> list[str]:
        return [
            short_name(h)
            for h, k in zip(self.headers, self.positions, strict=True)
            if k is None and h.strip()
        ]

    def header_for(self, key: str) -> str:
        """The file's header for a key (what the user sees), else the contract label."""
        for i, k in enumerate(self.positions):
            if k == key:
                return short_name(self.headers[i])
        return TABLES[self.table].column(key).label

    def missing(self, *, snapshot_date_given: bool = False) -> list[tuple[str, ...]]:
        """Required groups that no header satisfies."""
        out = []
        for group in TABLES[self.table].required:
            if group == ("snapshot_date",) and snapshot_date_given:
                continue
            if not any(k in self.present for k in group):
                out.append(group)
        return out


def resolve_overrides(
    table: str, headers: Sequence[str], overrides: Mapping[str, str] | None
) -> dict[str, str]:
    """`--map SOURCE=COLUMN` pairs as {normalized file header: contract key}; UsageError for a
    contract column the table does not have, a header the file does not have, or two headers
    mapped to one column."""
    if not overrides:
        return {}
    spec = table_spec(table)
    by_name = {normalize_header(c.key): c.key for c in spec.columns}
    by_name |= {normalize_header(c.label): c.key for c in spec.columns}
    in_file = {normalize_header(h) for h in headers}
    out: dict[str, str] = {}
    for source, target in overrides.items():
        key = by_name.get(normalize_header(target))
        if key is None:
            raise UsageError(
                f"--map {source}={target}: {table} has no column '{target}'; its columns are "
                + ", ".join(spec.keys)
            )
        if normalize_header(source) not in in_file:
            raise UsageError(
                f"--map {source}={target}: the file has no column '{source}'; its columns are "
                + ", ".join(short_name(h) for h in headers[:LIST_LIMIT])
            )
        if key in out.values():
            twice = [s for s, k in overrides.items() if by_name.get(normalize_header(k)) == key]
            raise UsageError(
                f"--map maps two columns to {key} ({', '.join(twice)}): map one of them"
            )
        out[normalize_header(source)] = key
    return out


def map_headers(
    table: str,
    headers: list[str] | tuple[str, ...],
    overrides: Mapping[str, str] | None = None,
) -> HeaderMapping:
    """Match each header to a contract column; the first header wins when two mean the same.

    `overrides` ({file header: contract column}, from `--map`) come before the aliases: a
    header named there feeds that column, and a header that would otherwise feed it is unused.
    """
    spec = table_spec(table)
    lookup: dict[str, str] = {}
    for col in spec.columns:
        for alias in col.aliases:
            lookup.setdefault(normalize_header(alias), col.key)
    forced = resolve_overrides(table, headers, overrides)
    positions: list[str | None] = []
    taken: dict[str, str] = {}
    notes: list[str] = []
    ignored = 0
    for header in headers:
        if normalize_header(header) in forced:
            taken[forced[normalize_header(header)]] = short_name(header)
    used: set[str] = set()
    for header in headers:
        normalized = normalize_header(header)
        if normalized in forced:
            positions.append(forced[normalized] if normalized not in used else None)
            used.add(normalized)
            continue
        key = lookup.get(normalized)
        if key is not None and key in taken:
            ignored += 1
            if ignored <= LIST_LIMIT:
                notes.append(
                    f"column '{short_name(header)}' ignored: '{taken[key]}' already gives "
                    f"{spec.column(key).label}"
                )
            key = None
        if key is not None:
            taken[key] = short_name(header)
        positions.append(key)
    if ignored > LIST_LIMIT:
        notes.append(f"… and {ignored - LIST_LIMIT} more columns ignored for the same reason")
    if "probability" in taken and "stage" in taken:
        notes.append(
            f"stage taken from '{taken['probability']}'; '{taken['stage']}' is used where the "
            "probability is empty and to recognise lost deals"
        )
    return HeaderMapping(table, tuple(headers), tuple(positions), tuple(notes))
