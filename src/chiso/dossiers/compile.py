"""The record declarations of a framework compiled into one DuckDB query.

The query reads the dossier files once. Each row is parsed, and every condition a declaration needs
becomes one bit of a mask, so that the per-dossier work is a few comparisons. Rows that cannot be read
collapse into a single group with no id; the others are kept once per dossier id (of duplicates, the
greatest record: the one completed last). The dossiers are then counted per unit, received period,
completed period and bit into a small table (``cells``), from which everything else is computed: the
roll-up along the org-unit tree through a unit → ancestor closure, the procedures active at each period's
end, and the distinct procedures with an online dossier in each unit's subtree (never summed across units).

The result has one row per figure: ``part, unit, period, name, n``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chiso.catalog.model import FilterValue
from chiso.dossiers.declarations import COLUMNS, CONDITIONS, ColumnKind, Declared, Table, column, has_condition
from chiso.dossiers.mapping import Mapping
from chiso.dossiers.parsing import literal, literals, parsed_expr, raw_name, reason_expr, rejected_expr
from chiso.periods import Period, PeriodType

ONLINE = "with_online_dossier"
MASK_BITS = 23  # dossier conditions per query: with two 20-bit periods, one BIGINT
CLOSURE = "dossier_closure"


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


def period_key(expr: str, period_type: PeriodType) -> str:
    """The period of a timestamp as an integer: year × 100 + index within the year (2024Q2 → 202402)."""
    index = {PeriodType.YEAR: "1", PeriodType.HALF: f"(month({expr}) + 5) // 6", PeriodType.QUARTER: f"quarter({expr})",
             PeriodType.MONTH: f"month({expr})"}[period_type]
    return f"(year({expr}) * 100 + {index})"


def period_of(key: int, period_type: PeriodType) -> Period:
    """The period a key of :func:`period_key` stands for (202402 → 2024Q2 for quarters)."""
    return Period(period_type, key // 100, key % 100)


def period_end(key: str, period_type: PeriodType) -> str:
    month = f"CAST(({key} % 100) * {period_type.months} AS INTEGER)"
    return f"last_day(make_date(CAST({key} // 100 AS INTEGER), {month}, 1))"


def typed_sql(relation: str, table: Table, mapping: Mapping, keep: str = "file") -> str:
    """Rows of a table with each canonical column's raw text (raw_x) and typed value (x), and a reject flag."""
    parsed = ", ".join(f"{parsed_expr(c, mapping)} AS {c.name}" for c in COLUMNS[table])
    raws = ", ".join(raw_name(c.name) for c in COLUMNS[table])
    return (f"SELECT *, ({rejected_expr(table)}) AS rejected FROM "
            f"(SELECT {keep}, {raws}, {parsed} FROM ({relation}))")


def rejects_sql(numbered: str, table: Table, mapping: Mapping) -> str:
    """The rows that cannot be read (from a relation with line numbers), with the text they hold and why."""
    raws = ", ".join(f"{raw_name(c.name)} AS {c.name}" for c in COLUMNS[table])
    typed = typed_sql(numbered, table, mapping, keep="file, line")
    return (f"SELECT file, line, {raws}, {reason_expr(table)} AS reason FROM ({typed}) "
            "WHERE rejected ORDER BY file, line")


class Compiler:
    """Builds the query of one run from the declarations, the two relations and the period type."""

    def __init__(self, declared: Sequence[Declared], period_type: PeriodType, top: str, mapping: Mapping) -> None:
        self.declared = list(declared)
        self.period_type = period_type
        self.top = literal(top)
        self.mapping = mapping
        self.bits: list[str] = []  # dossier conditions, bit i of the mask
        self.measures: list[Measure] = []

    def plan(self, dossiers: str, procedures: str) -> Plan:
        ev_received, ev_completed = self._dossier_measures()
        online = self._bit("channel = 'online'")
        top, unit = self._procedure_measures()
        ctes = [
            f"d AS ({typed_sql(dossiers, Table.DOSSIERS, self.mapping)})",
            f"flat AS ({self._flat(online)})",
            f"cells AS MATERIALIZED ({self._cells(ev_received + ev_completed)})",
            f"ev AS ({self._ev(ev_received, ev_completed)})",
            f"pr AS MATERIALIZED ({typed_sql(procedures, Table.PROCEDURES, self.mapping)})",
            "periods AS (SELECT DISTINCT p FROM ev)",
            f"active AS ({self._active()})",
            f"top_counts AS ({self._top_counts(top)})",
            "online_pc AS (SELECT DISTINCT coalesce(cl.ancestor, {top}) AS unit, c.rp AS p, c.pco AS pc "
            f"FROM cells c LEFT JOIN {CLOSURE} cl ON cl.unit = c.u WHERE c.pco IS NOT NULL)"
            .replace("{top}", self.top),
            f"unit_counts AS ({self._unit_counts(unit)})",
        ]
        parts = [_unpivot("ev", "ev", ev_received + ev_completed), _unpivot("top", "top_counts", top),
                 _unpivot("unit", "unit_counts", unit), *self._summary()]
        body = " UNION ALL ".join(p for p in parts if p)
        return Plan(f"WITH {', '.join(ctes)} {body}", tuple(self.measures))

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
            base = [event, *_dossier_terms(item.rule.among)]
            target = received if item.rule.event == "received" else completed
            code = item.indicator.code
            roles = [("num", base + _dossier_terms(item.rule.where)), ("den", base)] if item.kind.rate \
                else [("count", base + _dossier_terms(item.rule.where))]
            for role, terms in roles:
                target.append((self._measure("m", "ev", code, role), self._bit(" AND ".join(terms))))
        return received, completed

    def _flat(self, online: int) -> str:
        """One row per dossier id (rejected rows share the NULL id), with its periods and condition bits.

        The received period, completed period and mask are packed into one BIGINT, so that choosing among
        duplicates is one ``max`` (the record completed last wins) and the unit and procedure follow it.
        """
        if len(self.bits) > MASK_BITS:
            raise ValueError(f"at most {MASK_BITS} dossier conditions fit in one query, not {len(self.bits)}")
        rp = period_key("received_at", self.period_type)
        cp = period_key("completed_at", self.period_type)
        # Every condition is true or false on a readable row (flags and codes are required, dates tested).
        mask = " | ".join(f"(CAST({c} AS BIGINT) << {i})" for i, c in enumerate(self.bits))
        packed = (f"CASE WHEN NOT rejected THEN (CAST(coalesce({cp}, 0) AS BIGINT) << {MASK_BITS + 20}) "
                  f"| (CAST({rp} AS BIGINT) << {MASK_BITS}) | CAST({mask} AS BIGINT) END")
        one = ("SELECT CASE WHEN rejected THEN NULL ELSE dossier_id END AS id, count(*) AS n, max(k) AS k, "
               f"arg_max(unit_code, k) AS u, arg_max(procedure_code, k) AS pc FROM (SELECT *, {packed} AS k FROM d) "
               "GROUP BY 1")
        return (f"SELECT id, n, u, nullif(k >> {MASK_BITS + 20}, 0) AS cp, (k >> {MASK_BITS}) & {(1 << 20) - 1} AS rp, "
                f"k & {(1 << MASK_BITS) - 1} AS mask, CASE WHEN k & {online} <> 0 THEN pc END AS pco FROM ({one})")

    def _cells(self, measures: list[tuple[str, int]]) -> str:
        """Dossiers counted per unit, received period, completed period and online procedure: a few rows."""
        counts = "".join(f", count(*) FILTER (WHERE mask & {bit} <> 0) AS {name}" for name, bit in measures)
        return ("SELECT u, rp, cp, pco, count(id) AS dn, sum(n) FILTER (WHERE id IS NULL) AS rejected, "
                f"sum(n - 1) FILTER (WHERE id IS NOT NULL) AS duplicates{counts} FROM flat GROUP BY ALL")

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
            condition = " AND ".join(["true", *_procedure_terms(item.rule.where)])
            if has_condition(item.rule.where, ONLINE):
                unit.append((self._measure("j", "unit", item.indicator.code, "count"), condition))
            else:
                top.append((self._measure("k", "top", item.indicator.code, "count"), condition))
        return top, unit

    def _active(self) -> str:
        """Each procedure's version valid on the last day of each period (the latest starting one)."""
        end = period_end("pe.p", self.period_type)
        attributes = ", ".join(f"{c.name} := v.{c.name}" for c in COLUMNS[Table.PROCEDURES]
                               if c.kind in (ColumnKind.FLAG, ColumnKind.CHOICE))
        return (f"SELECT pe.p, v.procedure_code AS pc, arg_max(struct_pack({attributes}), "
                "coalesce(v.valid_from, TIMESTAMP '0001-01-01')) AS attrs "
                f"FROM periods pe JOIN pr v ON NOT v.rejected AND (v.valid_from IS NULL OR CAST(v.valid_from AS DATE) "
                f"<= {end}) AND (v.valid_to IS NULL OR CAST(v.valid_to AS DATE) >= {end}) GROUP BY ALL")

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
            "SELECT 'summary', NULL, NULL, 'rejected', CAST(coalesce(sum(rejected), 0) AS BIGINT) FROM cells",
            "SELECT 'summary', NULL, NULL, 'duplicates', CAST(coalesce(sum(duplicates), 0) AS BIGINT) FROM cells",
            "SELECT 'summary', NULL, NULL, 'procedure_rejects', count(*) FROM pr WHERE rejected",
            "SELECT 'unknown', u, NULL, 'dossiers', CAST(sum(dn) AS BIGINT) FROM cells "
            f"WHERE u IS NOT NULL AND u NOT IN (SELECT unit FROM {CLOSURE}) GROUP BY u",
        ]


def _cols(exprs: list[str], names: list[str]) -> str:
    return "".join(f", {e} AS {n}" for e, n in zip(exprs, names, strict=True))


def _unpivot(part: str, relation: str, measures: Sequence[tuple[str, object]]) -> str:
    if not measures:
        return ""
    on = ", ".join(name for name, _ in measures)
    return (f"SELECT {literal(part)}, unit, p, name, CAST(n AS BIGINT) "
            f"FROM (UNPIVOT {relation} ON {on} INTO NAME name VALUE n)")


def _dossier_terms(terms: tuple[tuple[str, FilterValue], ...]) -> list[str]:
    return [_term(Table.DOSSIERS, name, value, "") for name, value in terms]


def _procedure_terms(terms: tuple[tuple[str, FilterValue], ...]) -> list[str]:
    return [_term(Table.PROCEDURES, name, value, "a.attrs.") for name, value in terms if name != ONLINE]


_CONDITION_SQL = {
    "has_due": "due_at IS NOT NULL",
    "completed": "completed_at IS NOT NULL",
    "on_time": "(completed_at IS NOT NULL AND due_at IS NOT NULL AND completed_at <= due_at)",
}


def _term(table: Table, name: str, value: FilterValue, prefix: str) -> str:
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
    return f"{ref} IN ({literals(values)})"
