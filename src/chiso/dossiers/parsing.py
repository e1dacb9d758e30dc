"""SQL expressions that read canonical columns from text: dates, yes/no flags, codes, and why a row is rejected.

Every value that reaches SQL from a file (a vendor's column name, code or date format) goes through
:func:`ident` or :func:`literal`; nothing is pasted in unquoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Mapping as Lookup
from dataclasses import dataclass

from chiso.dossiers.declarations import COLUMNS, Column, ColumnKind, Table
from chiso.dossiers.mapping import Mapping, TableMapping
from chiso.values.model import NO, YES

# Tried after DuckDB's own ISO cast; the ISO forms again for text with blanks around it.
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M",
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")

# Canonical codes and the Vietnamese words that mean them (compared lower-case, NFC).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "online_level": {"full": ("toàn trình", "toan trinh"), "partial": ("một phần", "mot phan"),
                     "none": ("không", "khong")},
    "channel": {"online": ("trực tuyến", "truc tuyen"), "direct": ("trực tiếp", "truc tiep"),
                "postal": ("bưu chính", "buu chinh", "bưu điện")},
}


# A date outside these years is unreadable: periods and the query's packed day numbers need four-digit years.
FIRST_DAY, LAST_MOMENT = "1000-01-01", "9999-12-31 23:59:59.999999"

# Column types a Parquet file may give that already mean what a canonical column holds.
NATIVE_DATES = frozenset({"DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"})
INTEGERS = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                      "UBIGINT"})
_INTEGER_CODE = re.compile(r"-?[0-9]+", re.ASCII)


@dataclass(frozen=True)
class Native:
    """A canonical column's typed value read straight from the file's own type, not parsed from text.

    ``total`` when every value of the file's type has a canonical value (a timestamp, a boolean): the
    column is then empty exactly where the cell is, and never unreadable but for a missing required value.
    """

    sql: str
    total: bool = True
    as_read: bool = False  # a text taken as it is, blanks around it included (see ``as_read``)


def as_read(cell: str, sql_type: str) -> Native:
    """A text column taken as written: an id grouped on as read is much cheaper than a trimmed one, so the
    query does so and checks on the way that no id has blanks around it (else it runs again, trimming)."""
    return Native(cell if sql_type == "VARCHAR" else f"CAST({cell} AS VARCHAR)", as_read=True)


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def literals(texts: Iterable[str]) -> str:
    return ", ".join(literal(t) for t in texts)


def raw_name(name: str) -> str:
    """The column holding a canonical column's text as read (empty as NULL)."""
    return f"raw_{name}"


def text_expr(source: str, table: TableMapping, col: Column) -> str:
    """The text of a vendor column, vendor codes already translated to canonical ones.

    Trimming every cell of every row costs as much as reading the file, so blanks around a value are dealt
    with where they matter: codes and ids are trimmed only when they start or end with a space, and the
    parsers below try the text as it is before trimming it.
    """
    cell = f"nullif(CAST({source} AS VARCHAR), '')"
    if col.name in table.present:
        return f"CASE WHEN {cell} IS NULL OR trim({cell}) = '' THEN 'no' ELSE 'yes' END"
    if col.kind is ColumnKind.TEXT:
        return f"CASE WHEN {cell} LIKE ' %' OR {cell} LIKE '% ' THEN nullif(trim({cell}), '') ELSE {cell} END"
    codes = table.values.get(col.name)
    if not codes:
        return cell
    cases = " ".join(f"WHEN {literal(vendor)} THEN {literal(canonical)}" for vendor, canonical in codes.items())
    return f"CASE trim({cell}) {cases} ELSE {cell} END"


def native_expr(col: Column, cell: str, sql_type: str, table: TableMapping) -> Native | None:
    """The typed value of a cell whose file type already holds what ``col`` means; None to read it from text.

    Timestamps and dates are dates, booleans are yes/no, and integer codes (a channel 1/2/3) go through the
    mapping's codes compared as integers. Anything else, and every ``present`` flag, is read from its text.
    """
    codes = table.values.get(col.name, {})
    if col.name in table.present:
        return None
    if col.kind is ColumnKind.DATE and sql_type in NATIVE_DATES:
        return Native(cell if sql_type == "TIMESTAMP" else f"CAST({cell} AS TIMESTAMP)")
    if col.kind is ColumnKind.FLAG and sql_type == "BOOLEAN" and not codes:
        return Native(cell)
    if sql_type in INTEGERS and col.kind in (ColumnKind.FLAG, ColumnKind.CHOICE):
        return _integer_codes(col, cell, codes)
    return None


def _integer_codes(col: Column, cell: str, codes: Lookup[str, str]) -> Native | None:
    """Integer cells translated by the mapping's codes; 1 and 0 are yes and no for a flag left unmapped."""
    pairs = {int(vendor): canonical for vendor, canonical in codes.items() if _INTEGER_CODE.fullmatch(vendor)}
    if col.kind is ColumnKind.FLAG:
        pairs = {1: "yes", 0: "no", **pairs}
        whens = " ".join(f"WHEN {code} THEN {'true' if _yes(text) else 'false'}" for code, text in pairs.items())
    else:
        whens = " ".join(f"WHEN {code} THEN {literal(text)}" for code, text in pairs.items())
    return Native(f"CASE {cell} {whens} END", total=False) if pairs else None


def _yes(text: str) -> bool:
    return text == "yes" or text.casefold() in YES


def parsed_expr(col: Column, mapping: Mapping) -> str:
    """The typed value of a canonical column from its raw text; NULL when empty or unreadable."""
    raw = raw_name(col.name)
    if col.kind is ColumnKind.DATE:
        formats = literals((*DATE_FORMATS, *mapping.date_formats))
        # trim() appears once, so that DuckDB computes it only for the rows the plain cast could not read.
        return f"coalesce(try_cast({raw} AS TIMESTAMP), try_strptime(trim({raw}), [{formats}]))"
    if col.kind is ColumnKind.FLAG:
        # The common spellings first, without lower-casing; any case of every accepted word after.
        return (f"CASE WHEN {raw} IN ('1', 'true', 'yes') THEN true WHEN {raw} IN ('0', 'false', 'no') THEN false "
                f"WHEN lower(trim({raw})) IN ({literals(sorted(YES))}) THEN true "
                f"WHEN lower(trim({raw})) IN ({literals(sorted(NO))}) THEN false END")
    if col.kind is ColumnKind.CHOICE:
        return _choice(col, raw)
    return raw


def _choice(col: Column, raw: str) -> str:
    """Canonical codes pass as they are; other text is compared lower-case and NFC with the codes' names."""
    pairs = [(code, code) for code in col.choices]
    pairs += [(name, code) for code, names in SYNONYMS.get(col.name, {}).items() for name in names]
    whens = " ".join(f"WHEN {literal(name)} THEN {literal(code)}" for name, code in pairs)
    return (f"CASE WHEN {raw} IN ({literals(col.choices)}) THEN {raw} "
            f"ELSE CASE lower(nfc_normalize(trim({raw}))) {whens} END END")


def bad_expr(col: Column, native: Native | None = None) -> str:
    """True when the row cannot be read because of this column (false, not NULL, when it can)."""
    raw, value = raw_name(col.name), col.name
    if native is not None and native.as_read:
        terms = [f"({value} IS NULL OR {value} = '')"]  # only required text is read so
    elif not col.may_be_empty:
        terms = [f"({value} IS NULL)"]
    elif native is not None and native.total:
        terms = []  # empty exactly where the cell is: the raw text is never needed, nor computed
    else:
        terms = [f"({value} IS NULL AND {raw} IS NOT NULL AND rtrim({raw}) <> '')"]  # blanks are empty
    if col.kind is ColumnKind.DATE:
        terms.append(f"({value} IS NOT NULL AND NOT {_in_range(value)})")
    return " OR ".join(terms) or "false"


def _in_range(value: str) -> str:
    return f"({value} BETWEEN TIMESTAMP {literal(FIRST_DAY)} AND TIMESTAMP {literal(LAST_MOMENT)})"


def rejected_expr(table: Table, natives: Lookup[str, Native]) -> str:
    return " OR ".join(bad_expr(c, natives.get(c.name)) for c in COLUMNS[table])


def typed_sql(relation: str, table: Table, mapping: Mapping, natives: Lookup[str, Native], keep: str = "file") -> str:
    """Rows of a table with each canonical column's raw text (raw_x) and typed value (x), and a reject flag.

    ``relation`` holds raw_x for every column and, for the columns in ``natives``, x already typed."""
    parsed = ", ".join(c.name if c.name in natives else f"{parsed_expr(c, mapping)} AS {c.name}"
                       for c in COLUMNS[table])
    raws = ", ".join(raw_name(c.name) for c in COLUMNS[table])
    return (f"SELECT *, ({rejected_expr(table, natives)}) AS rejected FROM "
            f"(SELECT {keep}, {raws}, {parsed} FROM ({relation}))")


def rejects_sql(numbered: str, table: Table) -> str:
    """The rows that cannot be read (from typed rows with line numbers), with the text they hold and why."""
    raws = ", ".join(f"{raw_name(c.name)} AS {c.name}" for c in COLUMNS[table])
    return (f"SELECT file, line, {raws}, {reason_expr(table)} AS reason FROM ({numbered}) "
            "WHERE rejected ORDER BY file, line")


def reason_expr(table: Table) -> str:
    """Why a row is rejected, in Vietnamese, every fault of the row joined by «; »."""
    cases = []
    for col in COLUMNS[table]:
        raw = raw_name(col.name)
        if not col.may_be_empty:
            cases.append(f"CASE WHEN coalesce(trim({raw}), '') = '' THEN {literal(f'thiếu {col.name}')} END")
        cases.append(f"CASE WHEN {col.name} IS NULL AND trim({raw}) <> '' THEN "
                     f"{literal(col.name + ': «')} || {raw} || {literal('» ' + _WHAT[col.kind])} END")
        if col.kind is ColumnKind.DATE:
            cases.append(f"CASE WHEN NOT {_in_range(col.name)} THEN {literal(col.name + ': «')} || {raw} || "
                         f"{literal('» ' + _OUT_OF_RANGE)} END")
    return f"concat_ws('; ', {', '.join(cases)})"


_OUT_OF_RANGE = "nằm ngoài các năm 1000–9999"
_WHAT = {
    ColumnKind.DATE: "không phải là ngày (cần 2024-03-05, 2024-03-05 10:30 hoặc 05/03/2024)",
    ColumnKind.FLAG: "không phải là có/không (cần 1/0, true/false, yes/no, có/không)",
    ColumnKind.CHOICE: "không phải là mã hợp lệ",
    ColumnKind.TEXT: "không hợp lệ",
}
