"""The record declarations of a framework compiled into one DuckDB query.

The query reads the dossier files once. Each row is typed (natively or parsed from text), and every
condition a declaration needs becomes one bit of a mask, so that the per-dossier work is a few comparisons.
The readable records are kept once per dossier id (of duplicates, the greatest record: the one completed
last), each as one integer, so that grouping millions of ids stays within memory; the same rows feed, as
they stream, the counts of rejected and readable records. The dossiers are then counted per unit, received
period, completed period and bit into a small table (``cells``), from which everything else is computed:
the roll-up along the org-unit tree through a unit → ancestor closure, the procedures active at each
period's end, the distinct procedures with an online dossier in each unit's subtree (never summed across
units), and the days the files reach (which periods they cover is decided from them, see ``coverage``).

The result has one row per figure: ``part, unit, period, name, n``. The same structure is spelled for DuckDB
or for Spark SQL by a :class:`~chiso.dossiers.dialect.Dialect`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from chiso.catalog.model import FilterValue
from chiso.dossiers.declarations import COLUMNS, CONDITIONS, ColumnKind, Declared, Table, column, has_condition
from chiso.dossiers.dialect import DUCKDB, Cte, Dialect
from chiso.dossiers.parsing import FIRST_DAY
from chiso.periods import Period, PeriodType

ONLINE = "with_online_dossier"
DAY_BITS = 22  # a day from 1000-01-01 to 9999-12-31 (the readable dates), counted from 1
MASK_BITS = 19  # dossier conditions per query: with two days, one BIGINT
CLOSURE = "dossier_closure"  # unit number → ancestor code (itself included), for every unit under the top
UNITS = "dossier_units"  # unit code → its number, from 1; an unknown code has none (0 in the packed key)
# timed (a hierarchy with versions or links): code and received day → version number and tally (units.py)
DAY_ZERO = date.fromisoformat(FIRST_DAY) - timedelta(days=1)  # day number 0: no date


@dataclass(frozen=True)
class Measure:
    """One figure the query returns: its column, the indicator it serves and its role in it."""

    name: str  # m0, k0, j0…
    indicator: str
    role: str  # count, num or den
    part: str  # ev (dossiers per unit), top (procedures of the top unit), unit (procedures per unit)


@dataclass(frozen=True)
class Plan:
    sql: str
    measures: tuple[Measure, ...]
    steps: tuple[Cte, ...] = ()  # views to make first, those computed once included (Spark)


def period_key(expr: str, period_type: PeriodType, dialect: Dialect = DUCKDB) -> str:
    """The period of a timestamp as an integer: year × 100 + index within the year (2024Q2 → 202402)."""
    index = {PeriodType.YEAR: "1", PeriodType.HALF: dialect.div(f"(month({expr}) + 5)", "6"),
             PeriodType.QUARTER: f"quarter({expr})",
             PeriodType.MONTH: f"month({expr})"}[period_type]
    return f"(year({expr}) * 100 + {index})"


def period_of(key: int, period_type: PeriodType) -> Period:
    """The period a key of :func:`period_key` stands for (202402 → 2024Q2 for quarters)."""
    return Period(period_type, key // 100, key % 100)


def key_of(period: Period) -> int:
    """The key of :func:`period_key` of a period (2024Q2 → 202402)."""
    return period.year * 100 + period.index


def period_end(key: str, period_type: PeriodType, dialect: Dialect = DUCKDB) -> str:
    month = f"CAST(({key} % 100) * {period_type.months} AS INTEGER)"
    return f"last_day(make_date(CAST({dialect.div(key, '100')} AS INTEGER), {month}, 1))"


def day_number(expr: str, dialect: Dialect = DUCKDB) -> str:
    """A timestamp's day as a number from 1 (1000-01-01): small enough to pack two with the mask."""
    return dialect.days_after(expr, DAY_ZERO.isoformat())


def day_date(expr: str, dialect: Dialect = DUCKDB) -> str:
    return dialect.day_plus(DAY_ZERO.isoformat(), expr)


def date_of(day: int) -> date:
    """The date of a :func:`day_number`."""
    return DAY_ZERO + timedelta(days=day)


class Compiler:
    """Builds the query of one run from the declarations, the two relations and the period type."""

    def __init__(self, declared: Sequence[Declared], period_type: PeriodType, top: str,
                 stated: Sequence[Period] = (), *, timed: bool = False, dialect: Dialect = DUCKDB) -> None:
        self.dialect = dialect
        self.declared = list(declared)
        self.timed = timed  # the unit table is by code and received day (see units.py)
        self.period_type = period_type
        self.top = dialect.literal(top)
        self.stated = sorted({key_of(period) for period in stated})
        self.bits: list[str] = []  # dossier conditions, bit i of the mask
        self.measures: list[Measure] = []

    def plan(self, dossiers: str, procedures: str) -> Plan:
        """The query over the typed rows of the dossiers and of the procedures (see ``sources.relation_sql``)."""
        ev_received, ev_completed = self._dossier_measures()
        top, unit = self._procedure_measures()
        sql = self.dialect
        ctes: list[Cte] = [  # name, query, and whether it is computed once (small, and read several times)
            ("pr", procedures, True),
            ("pcodes", f"SELECT procedure_code AS code, CAST({sql.numbered('procedure_code')} AS BIGINT) AS ix "
             "FROM (SELECT DISTINCT procedure_code FROM pr WHERE NOT rejected)", True),
            ("d", dossiers, False),
            ("j", self._joined(), False),
            ("flat", self._flat(), False),
            ("cells", self._cells(ev_received + ev_completed), True),
            # Read alongside the grouping, from the same rows: what the run met.
            ("tally", "SELECT count(*) FILTER (WHERE rejected) AS rejected, count(*) FILTER (WHERE NOT rejected) "
             "AS readable, coalesce(bool_or(dossier_id LIKE ' %' OR dossier_id LIKE '% '), false) AS padded FROM j",
             False),
            ("unknown", "SELECT unit_code, count(DISTINCT dossier_id) AS n FROM j WHERE NOT rejected AND uix IS NULL "
             f"{'AND rid IS NULL ' if self.timed else ''}GROUP BY unit_code", False),
            # Records of an old code counted for a successor, or for no unit: per tally of the unit table.
            *([("remap", "SELECT rid, count(DISTINCT dossier_id) AS n FROM j WHERE NOT rejected AND rid IS NOT NULL "
                "GROUP BY rid", False)] if self.timed else []),
            ("ev", self._ev(ev_received, ev_completed), False),
            ("periods", self._periods(), False),
            ("active", self._active(), False),
            ("top_counts", self._top_counts(top), False),
            ("online_pc", f"SELECT DISTINCT coalesce(cl.ancestor, {self.top}) AS unit, c.rp AS p, c.pco AS pc "
             f"FROM cells c LEFT JOIN {CLOSURE} cl ON cl.unit = c.u WHERE c.pco IS NOT NULL", False),
            ("unit_counts", self._unit_counts(unit), False),
        ]
        parts = [_unpivot(sql, "ev", "ev", ev_received + ev_completed), _unpivot(sql, "top", "top_counts", top),
                 _unpivot(sql, "unit", "unit_counts", unit), *self._summary()]
        steps, query = sql.assemble(ctes, " UNION ALL ".join(p for p in parts if p))
        return Plan(query, tuple(self.measures), steps)

    # --- dossiers -----------------------------------------------------------------------------------------

    def _bit(self, condition: str) -> int:
        if condition not in self.bits:
            self.bits.append(condition)
        return 1 << self.bits.index(condition)

    def _measure(self, prefix: str, part: str, indicator: str, role: str) -> str:
        name = f"{prefix}{sum(1 for m in self.measures if m.part == part)}"
        self.measures.append(Measure(name, indicator, role, part))
        return name

    def _dossier_measures(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """(measure, bit) pairs of the dossiers counted by received period, and by completed period."""
        # How many dossiers each cell has of each event: a unit and period with dossiers get every count
        # (zero included); one without any has none.
        received = [(self._measure("m", "ev", "", "received"), self._bit("true"))]
        completed = [(self._measure("m", "ev", "", "completed"), self._bit("completed_at IS NOT NULL"))]
        for item in self.declared:
            if item.kind.table is not Table.DOSSIERS:
                continue
            event = "true" if item.rule.event == "received" else "completed_at IS NOT NULL"
            base = [event, *dossier_terms(self.dialect, item.rule.among)]
            target = received if item.rule.event == "received" else completed
            code = item.indicator.code
            where = dossier_terms(self.dialect, item.rule.where)
            roles = [("num", base + where), ("den", base)] if item.kind.rate else [("count", base + where)]
            for role, terms in roles:
                target.append((self._measure("m", "ev", code, role), self._bit(" AND ".join(terms))))
        return received, completed

    def _joined(self) -> str:
        """Each record's unit and procedure numbered (small tables joined), and its key among duplicates.

        The completed day, received day and condition bits are packed into one BIGINT k, and k, the unit and
        the procedure into one HUGEINT, so that choosing among the records of an id is one ``max`` (the
        record completed last wins) over a fixed-size state: the grouping of every id then fits in memory.
        A rejected record has no key, so it neither counts nor wins.
        """
        if len(self.bits) > MASK_BITS:
            raise ValueError(f"at most {MASK_BITS} dossier conditions fit in one query, not {len(self.bits)}")
        # Every condition is true or false on a readable row (flags and codes are required, dates tested).
        sql = self.dialect
        mask = " | ".join(sql.shl(f"CAST({c} AS BIGINT)", i) for i, c in enumerate(self.bits))
        completed, received = day_number("completed_at", sql), day_number("received_at", sql)
        k = (f"{sql.shl(f'CAST(coalesce({completed}, 0) AS BIGINT)', MASK_BITS + DAY_BITS)} "
             f"| {sql.shl(f'CAST({received} AS BIGINT)', MASK_BITS)} | CAST({mask} AS BIGINT)")
        procedure = "CASE WHEN channel = 'online' THEN coalesce(p.ix, 0) ELSE 0 END"  # for 5.1.3 and 5.2.3
        key = f"CASE WHEN NOT rejected THEN {sql.key(k, 'coalesce(u.ix, 0)', procedure)} END"
        # A timed table holds a code over spans of days: the record's received day picks one of them.
        on = f" AND {day_number('d.received_at', sql)} BETWEEN u.first_day AND u.last_day" if self.timed else ""
        rid = ", u.rid AS rid" if self.timed else ""
        return (f"SELECT dossier_id, unit_code, rejected, u.ix AS uix{rid}, {key} AS hk FROM d "
                f"LEFT JOIN {UNITS} u ON u.code = d.unit_code{on} LEFT JOIN pcodes p ON p.code = d.procedure_code")

    def _flat(self) -> str:
        """One row per dossier id with a readable record: its unit and online procedure numbers (0: unknown
        unit, no procedure of the catalogue or not online), days, periods and condition bits. The id is
        grouped on as read: a transformed id costs as much as the grouping itself (see sources.relation_sql).
        The days, not only the periods, tell which periods the files cover from end to end."""
        sql = self.dialect
        k, u, pco = sql.key_parts("hk")
        unpacked = (f"SELECT {k} AS k, {u} AS u, nullif({pco}, 0) AS pco "
                    "FROM (SELECT max(hk) AS hk FROM j GROUP BY dossier_id) WHERE hk IS NOT NULL")
        days = (f"SELECT *, nullif({sql.shr('k', MASK_BITS + DAY_BITS)}, 0) AS cd, "
                f"{sql.shr('k', MASK_BITS)} & {(1 << DAY_BITS) - 1} AS rd FROM ({unpacked})")
        rp, cp = (period_key(day_date(day, sql), self.period_type, sql) for day in ("rd", "cd"))
        return f"SELECT u, pco, rd, cd, {cp} AS cp, {rp} AS rp, k & {(1 << MASK_BITS) - 1} AS mask FROM ({days})"

    def _cells(self, measures: list[tuple[str, int]]) -> str:
        """Dossiers counted per unit, received period, completed period and online procedure: a few rows."""
        counts = "".join(f", count(*) FILTER (WHERE mask & {bit} <> 0) AS {name}" for name, bit in measures)
        return ("SELECT u, rp, cp, pco, count(*) AS dn, min(rd) AS first_rd, max(rd) AS last_rd, "
                f"max(greatest(rd, cd)) AS last_day{counts} FROM flat GROUP BY ALL")

    def _ev(self, received: list[tuple[str, int]], completed: list[tuple[str, int]]) -> str:
        names = [n for n, _ in received + completed]
        by_received = [n if (n, b) in received else "0" for n, b in received + completed]
        by_completed = [n if (n, b) in completed else "0" for n, b in received + completed]
        branches = [f"SELECT u, rp AS p{_cols(by_received, names)} FROM cells WHERE rp IS NOT NULL",
                    f"SELECT u, cp AS p{_cols(by_completed, names)} FROM cells WHERE cp IS NOT NULL"]
        sums = "".join(f", CAST(sum(e.{n}) AS BIGINT) AS {n}" for n in names)
        return (f"SELECT coalesce(cl.ancestor, {self.top}) AS unit, e.p AS p{sums} "
                f"FROM ({' UNION ALL '.join(branches)}) e LEFT JOIN {CLOSURE} cl ON cl.unit = e.u GROUP BY ALL")

    # --- procedures ---------------------------------------------------------------------------------------

    def _procedure_measures(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(measure, condition) pairs of the procedure counts of the top unit, and of every unit."""
        top: list[tuple[str, str]] = []
        unit: list[tuple[str, str]] = []
        for item in self.declared:
            if item.kind.table is not Table.PROCEDURES:
                continue
            condition = " AND ".join(["true", *_procedure_terms(self.dialect, item.rule.where)])
            if has_condition(item.rule.where, ONLINE):
                unit.append((self._measure("j", "unit", item.indicator.code, "count"), condition))
            else:
                top.append((self._measure("k", "top", item.indicator.code, "count"), condition))
        return top, unit

    def _periods(self) -> str:
        """The periods that may be computed: those in which dossiers were received, and those stated."""
        received = "SELECT DISTINCT rp AS p FROM cells WHERE rp IS NOT NULL"
        stated = ", ".join(f"({key})" for key in self.stated)  # integers made from Period values
        return f"{received} UNION SELECT p FROM (VALUES {stated}) s(p)" if stated else received

    def _active(self) -> str:
        """Each procedure's version valid on the last day of each period (the latest starting one)."""
        end = period_end("pe.p", self.period_type, self.dialect)
        attributes = [(c.name, f"v.{c.name}") for c in COLUMNS[Table.PROCEDURES]
                      if c.kind in (ColumnKind.FLAG, ColumnKind.CHOICE)]
        latest = self.dialect.latest(attributes, f"coalesce(v.valid_from, {self.dialect.timestamp('0001-01-01')})")
        return (f"SELECT pe.p, c.ix AS pc, {latest} AS attrs "
                f"FROM periods pe JOIN pr v ON NOT v.rejected AND (v.valid_from IS NULL OR CAST(v.valid_from AS DATE) "
                f"<= {end}) AND (v.valid_to IS NULL OR CAST(v.valid_to AS DATE) >= {end}) "
                "JOIN pcodes c ON c.code = v.procedure_code GROUP BY ALL")

    def _top_counts(self, top: list[tuple[str, str]]) -> str:
        counts = "".join(f", count(a.pc) FILTER (WHERE {cond}) AS {name}" for name, cond in top)
        return (f"SELECT {self.top} AS unit, pe.p AS p{counts} "
                "FROM periods pe LEFT JOIN active a ON a.p = pe.p GROUP BY ALL")

    def _unit_counts(self, unit: list[tuple[str, str]]) -> str:
        counts = "".join(f", count(DISTINCT a.pc) FILTER (WHERE {cond}) AS {name}" for name, cond in unit)
        return ("SELECT o.unit, o.p" + counts +
                " FROM online_pc o JOIN active a ON a.p = o.p AND a.pc = o.pc GROUP BY ALL")

    def _summary(self) -> list[str]:
        return [
            "SELECT 'summary', NULL, NULL, 'rejected', rejected FROM tally",
            "SELECT 'summary', NULL, NULL, 'duplicates', readable - (SELECT CAST(coalesce(sum(dn), 0) AS BIGINT) "
            "FROM cells) FROM tally",
            "SELECT 'summary', NULL, NULL, 'padded_ids', CAST(padded AS BIGINT) FROM tally",
            "SELECT 'summary', NULL, NULL, 'procedure_rejects', count(*) FROM pr WHERE rejected",
            # the days the files span: first and last received, and the last of any date they hold
            "SELECT 'summary', NULL, NULL, 'first_received', CAST(min(first_rd) AS BIGINT) FROM cells",
            "SELECT 'summary', NULL, NULL, 'last_received', CAST(max(last_rd) AS BIGINT) FROM cells",
            "SELECT 'summary', NULL, NULL, 'last_day', CAST(max(last_day) AS BIGINT) FROM cells",
            "SELECT 'unknown', unit_code, NULL, 'dossiers', n FROM unknown",
            *([f"SELECT 'remap', CAST(rid AS {self.dialect.text}), NULL, 'dossiers', n FROM remap"]
              if self.timed else []),
        ]


def _cols(exprs: list[str], names: list[str]) -> str:
    return "".join(f", {e} AS {n}" for e, n in zip(exprs, names, strict=True))


def _unpivot(dialect: Dialect, part: str, relation: str, measures: Sequence[tuple[str, object]]) -> str:
    if not measures:
        return ""
    rows = dialect.unpivot(relation, [name for name, _ in measures])
    return f"SELECT {dialect.literal(part)}, unit, p, name, CAST(n AS BIGINT) FROM {rows}"


def dossier_terms(dialect: Dialect, terms: tuple[tuple[str, FilterValue], ...]) -> list[str]:
    return [_term(dialect, Table.DOSSIERS, name, value, "") for name, value in terms]


def _procedure_terms(dialect: Dialect, terms: tuple[tuple[str, FilterValue], ...]) -> list[str]:
    return [_term(dialect, Table.PROCEDURES, name, value, "a.attrs.") for name, value in terms if name != ONLINE]


_CONDITION_SQL = {
    "has_due": "due_at IS NOT NULL",
    "completed": "completed_at IS NOT NULL",
    "on_time": "(completed_at IS NOT NULL AND due_at IS NOT NULL AND completed_at <= due_at)",
    "with_fee": "paid_online IS NOT NULL",
}


def _term(dialect: Dialect, table: Table, name: str, value: FilterValue, prefix: str) -> str:
    """One filter term as SQL; names and values were checked against the canonical schema when loaded."""
    if name in CONDITIONS[table]:
        sql = _CONDITION_SQL[name]
        return sql if value is True else f"NOT ({sql})"
    col = column(table, name)
    ref = f"{prefix}{col.name}"
    if col.kind is ColumnKind.FLAG:
        flag = f"coalesce({ref}, false)"
        return flag if value is True else f"NOT {flag}"
    values = value if isinstance(value, tuple) else (str(value),)
    return f"{ref} IN ({dialect.literals(values)})"
