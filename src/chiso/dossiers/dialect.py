"""How DuckDB and Spark SQL spell the few things the dossier query says differently.

The query's structure is built once (:mod:`chiso.dossiers.compile`); a dialect only spells its pieces:
string literals, shifts, integer division, day arithmetic, the per-dossier key chosen among duplicates, the
latest version of a procedure, and unpivoting. DuckDB packs the key into one HUGEINT; Spark has no 128-bit
integer, and takes the greatest of a struct of the same parts instead, which orders the same way (the key,
then the unit, then the procedure), so both choose the same record of an id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from chiso.dossiers import parsing

Cte = tuple[str, str, bool]  # name, query, computed once (small, and read several times)


class Dialect:
    """DuckDB's spelling (the default engine); :class:`SparkDialect` overrides where Spark SQL differs."""

    name = "duckdb"
    text = "VARCHAR"

    def assemble(self, ctes: Sequence[Cte], body: str) -> tuple[tuple[Cte, ...], str]:
        """The views to make first, and the query: for DuckDB, one query of common table expressions."""
        parts = (f"{name} AS {'MATERIALIZED ' if once else ''}({query})" for name, query, once in ctes)
        return (), f"WITH {', '.join(parts)} {body}"

    def literal(self, text: str) -> str:
        return parsing.literal(text)

    def literals(self, texts: Iterable[str]) -> str:
        return ", ".join(self.literal(t) for t in texts)

    def shl(self, expr: str, bits: int) -> str:
        return f"({expr} << {bits})"

    def shr(self, expr: str, bits: int) -> str:
        return f"({expr} >> {bits})"

    def div(self, left: str, right: str) -> str:
        return f"({left} // {right})"

    def days_after(self, expr: str, day: str) -> str:
        """The number of days from the date literal ``day`` to the day of the timestamp ``expr``."""
        return f"(CAST({expr} AS DATE) - DATE {self.literal(day)})"

    def day_plus(self, day: str, expr: str) -> str:
        return f"(DATE {self.literal(day)} + CAST({expr} AS INTEGER))"

    def timestamp(self, text: str) -> str:
        return f"TIMESTAMP {self.literal(text)}"

    def numbered(self, order: str) -> str:
        """A row number (any order: only distinct numbers matter)."""
        return "row_number() OVER ()"

    def key(self, k: str, unit: str, procedure: str) -> str:
        """The per-record key whose maximum chooses one record of an id: ``k`` (63 bits), then the unit and the
        procedure numbers (32 bits each)."""
        return (f"({self.shl(f'CAST({k} AS HUGEINT)', 64)} | {self.shl(f'CAST({unit} AS HUGEINT)', 32)} "
                f"| CAST({procedure} AS HUGEINT))")

    def key_parts(self, key: str) -> tuple[str, str, str]:
        """``k`` (BIGINT), the unit (INTEGER) and the procedure (BIGINT) of a :meth:`key`."""
        low = (1 << 32) - 1
        return (f"CAST({self.shr(key, 64)} AS BIGINT)", f"CAST({self.shr(key, 32)} & {low} AS INTEGER)",
                f"CAST({key} & {low} AS BIGINT)")

    def latest(self, fields: Sequence[tuple[str, str]], order: str) -> str:
        """The struct of ``fields`` (name, expression) of the row with the greatest ``order``."""
        return f"arg_max(struct_pack({', '.join(f'{name} := {expr}' for name, expr in fields)}), {order})"

    def unpivot(self, relation: str, columns: Sequence[str]) -> str:
        """``relation`` with one row per column of ``columns``, as ``name`` and ``n`` (NULLs left out)."""
        return f"(UNPIVOT {relation} ON {', '.join(columns)} INTO NAME name VALUE n)"


class SparkDialect(Dialect):
    """Spark SQL (3.4 and later: GROUP BY ALL, UNPIVOT, FILTER clauses), as PySpark runs it."""

    name = "spark"
    text = "STRING"

    def assemble(self, ctes: Sequence[Cte], body: str) -> tuple[tuple[Cte, ...], str]:
        # Spark inlines every expression of a WITH wherever it is read: each becomes a view, and the engine
        # computes the small ones read several times once (see ``spark``).
        return tuple(ctes), body

    def literal(self, text: str) -> str:
        # Spark reads a backslash as an escape, and two quotes as two adjacent literals
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def shl(self, expr: str, bits: int) -> str:
        return f"shiftleft({expr}, {bits})"

    def shr(self, expr: str, bits: int) -> str:
        return f"shiftright({expr}, {bits})"

    def div(self, left: str, right: str) -> str:
        return f"({left} div {right})"

    def days_after(self, expr: str, day: str) -> str:
        return f"datediff(CAST({expr} AS DATE), DATE {self.literal(day)})"

    def day_plus(self, day: str, expr: str) -> str:
        return f"date_add(DATE {self.literal(day)}, CAST({expr} AS INTEGER))"

    def timestamp(self, text: str) -> str:
        return f"TIMESTAMP_NTZ {self.literal(text)}"  # the staged Parquet's timestamps carry no time zone

    def numbered(self, order: str) -> str:
        return f"row_number() OVER (ORDER BY {order})"  # Spark numbers ordered windows only

    def key(self, k: str, unit: str, procedure: str) -> str:
        return f"named_struct('k', CAST({k} AS BIGINT), 'u', CAST({unit} AS INTEGER), 'p', CAST({procedure} AS BIGINT))"

    def key_parts(self, key: str) -> tuple[str, str, str]:
        return f"{key}.k", f"{key}.u", f"{key}.p"

    def latest(self, fields: Sequence[tuple[str, str]], order: str) -> str:
        return f"max_by(named_struct({', '.join(f'{self.literal(name)}, {expr}' for name, expr in fields)}), {order})"

    def unpivot(self, relation: str, columns: Sequence[str]) -> str:
        return f"(SELECT * FROM {relation} UNPIVOT (n FOR name IN ({', '.join(columns)})))"


DUCKDB = Dialect()
SPARK = SparkDialect()
