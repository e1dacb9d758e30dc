"""Dossier counts per procedure (TTHC) for one unit's subtree and one period: which procedures hold the records
that a rate misses.

The figures the store keeps are per unit and period; a drill-down to procedures has to read the dossier files
again. It counts the same declarations (``records:``) the way ``chiso dossiers compute`` does (a dossier once,
its record completed last; a received count by its received period, a completed count by its completed
period), grouped by procedure code, for the units under the one asked that existed during the period.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb

from chiso.catalog.model import Framework
from chiso.dossiers.compile import dossier_terms, key_of, period_key
from chiso.dossiers.declarations import Declared, Table, declared
from chiso.dossiers.dialect import DUCKDB
from chiso.dossiers.mapping import load_mapping
from chiso.dossiers.sources import open_sources, relation_sql
from chiso.dossiers.units import covered_units
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period

Counts = dict[str, dict[str, int]]  # procedure code → indicator code → dossiers


def procedure_counts(dossiers: Sequence[Path], *, framework: Framework, hierarchy: Hierarchy, unit: str,
                     period: Period, indicators: Sequence[str], mapping: Path | None = None,
                     memory_limit: str = "1GB") -> Counts:
    """Each procedure's count of every dossier-counted indicator of ``indicators`` under ``unit`` in ``period``."""
    rules = {d.indicator.code: d for d in declared(framework)
             if d.indicator.code in indicators and d.kind.table is Table.DOSSIERS and not d.kind.rate}
    if not rules:
        return {}
    units = covered_units(hierarchy, unit, period)
    loaded = load_mapping(mapping)
    with tempfile.TemporaryDirectory(prefix="chiso-tthc-") as work, duckdb.connect() as con:
        con.execute(f"SET memory_limit = {DUCKDB.literal(memory_limit)}")
        sources = open_sources(con, dossiers, Table.DOSSIERS, loaded, Path(work))
        codes = list(rules)
        counts = [f"count(*) FILTER (WHERE {_condition(rules[code], period)}) AS c{n}" for n, code in enumerate(codes)]
        sql = (f"SELECT procedure_code, {', '.join(counts)} FROM ("
               f"SELECT * FROM ({relation_sql(sources, Table.DOSSIERS, loaded)}) WHERE NOT rejected "
               "QUALIFY row_number() OVER (PARTITION BY dossier_id ORDER BY completed_at DESC NULLS LAST, "
               f"received_at DESC) = 1) WHERE unit_code IN ({DUCKDB.literals(units) if units else 'NULL'}) "
               "GROUP BY procedure_code")
        try:
            rows = con.execute(sql).fetchall()
        except duckdb.Error as exc:
            raise InputError(f"không đọc được hồ sơ để đếm theo thủ tục: {exc}",
                             file=", ".join(p.name for p in dossiers)) from exc
    return {str(row[0]): {code: int(row[n + 1]) for n, code in enumerate(codes)} for row in rows}


def procedure_names(procedures: Sequence[Path], mapping: Path | None = None) -> dict[str, str]:
    """Each procedure's name as the catalogue file writes it (its latest version's)."""
    loaded = load_mapping(mapping)
    with tempfile.TemporaryDirectory(prefix="chiso-tthc-") as work, duckdb.connect() as con:
        sources = open_sources(con, procedures, Table.PROCEDURES, loaded, Path(work))
        rows = con.execute(f"SELECT procedure_code, max(name) FROM ({relation_sql(sources, Table.PROCEDURES, loaded)}) "
                           "WHERE NOT rejected GROUP BY procedure_code").fetchall()
    return {str(code): str(name or "") for code, name in rows}


def _condition(item: Declared, period: Period) -> str:
    """The record's event in ``period`` and the declaration's filters, as SQL from the checked declaration."""
    rule = item.rule
    day = "received_at" if rule.event == "received" else "completed_at"
    terms = [f"{day} IS NOT NULL", f"{period_key(day, period.type)} = {key_of(period)}",
             *dossier_terms(DUCKDB, rule.among), *dossier_terms(DUCKDB, rule.where)]
    return " AND ".join(f"({term})" for term in terms)
