"""SQL expressions that read canonical columns from text: dates, yes/no flags, codes, and why a row is rejected.

Every value that reaches SQL from a file (a vendor's column name, code or date format) goes through
:func:`ident` or :func:`literal`; nothing is pasted in unquoted.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def bad_expr(col: Column) -> str:
    """True when the row cannot be read because of this column."""
    raw, value = raw_name(col.name), col.name
    if col.may_be_empty:
        return f"({value} IS NULL AND {raw} IS NOT NULL AND rtrim({raw}) <> '')"  # blanks are empty
    return f"({value} IS NULL)"


def rejected_expr(table: Table) -> str:
    return " OR ".join(bad_expr(c) for c in COLUMNS[table])


def reason_expr(table: Table) -> str:
    """Why a row is rejected, in Vietnamese, every fault of the row joined by «; »."""
    cases = []
    for col in COLUMNS[table]:
        raw = raw_name(col.name)
        if not col.may_be_empty:
            cases.append(f"CASE WHEN coalesce(trim({raw}), '') = '' THEN {literal(f'thiếu {col.name}')} END")
        cases.append(f"CASE WHEN {col.name} IS NULL AND trim({raw}) <> '' THEN "
                     f"{literal(col.name + ': «')} || {raw} || {literal('» ' + _WHAT[col.kind])} END")
    return f"concat_ws('; ', {', '.join(cases)})"


_WHAT = {
    ColumnKind.DATE: "không phải là ngày (cần 2024-03-05, 2024-03-05 10:30 hoặc 05/03/2024)",
    ColumnKind.FLAG: "không phải là có/không (cần 1/0, true/false, yes/no, có/không)",
    ColumnKind.CHOICE: "không phải là mã hợp lệ",
    ColumnKind.TEXT: "không hợp lệ",
}
