"""Files in and out: framework YAML, tidy CSV, XLSX and JSON bundles of org units, values and evaluations.

A load reads every file completely and checks it before anything is handed to the store, so a store
never sees half a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.io import formats
from chiso.io.formats.cells import cell_text
from chiso.io.groups import read_groups
from chiso.io.tables import (
    EVALUATION_COLUMNS,
    GROUP_COLUMNS,
    ORG_UNIT_COLUMNS,
    VALUE_COLUMNS,
    VALUE_UNIQUE,
    Catalogue,
    Row,
    check_header,
    check_parents,
    check_versions,
    evaluation_reader,
    org_unit_reader,
    read_rows,
    table_kind,
    to_cells,
    value_reader,
)
from chiso.io.text import read_text as read_text  # importers of the links file read it from here
from chiso.orgunits.groups import OrgUnitGroup
from chiso.orgunits.model import OrgUnit
from chiso.values.model import RecordedEvaluation, Value

TABLE_COLUMNS = {"values": VALUE_COLUMNS, "evaluations": EVALUATION_COLUMNS, "org_units": ORG_UNIT_COLUMNS,
                 "org_unit_groups": GROUP_COLUMNS}


@dataclass
class Bundle:
    """Everything read from a set of files, checked and ready to store."""

    frameworks: list[Framework] = field(default_factory=list)
    org_units: list[OrgUnit] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    evaluations: list[RecordedEvaluation] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    groups: list[OrgUnitGroup] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = {"frameworks": len(self.frameworks), "org_units": len(self.org_units),
                 "values": len(self.values), "evaluations": len(self.evaluations)}
        return {**found, "org_unit_groups": len(self.groups)} if self.groups else found


def read_files(paths: Iterable[Path], frameworks: Mapping[str, Framework], unit_codes: set[str],
               locale: str = "en", group_codes: Iterable[str] = ()) -> Bundle:
    """Reads files in dependency order: frameworks, org units, their groups, then values and evaluations.

    ``group_codes`` are the stored groups' (a new unit may not take one).
    """
    paths = list(paths)
    bundle = Bundle(files=[str(p) for p in paths])
    for path in paths:
        if path.suffix.lower() in (".yaml", ".yml"):
            bundle.frameworks.append(load_framework(read_text(path), file=str(path)))
    catalogue = Catalogue({**frameworks, **{f.code: f for f in bundle.frameworks}}, set(unit_codes), locale,
                          set(group_codes))
    tables = [(path, _read_tables(path)) for path in paths if path.suffix.lower() not in (".yaml", ".yml")]
    for path, found in tables:
        for kind, rows in found:
            if kind == "org_units":
                _add_org_units(bundle, catalogue, rows, rows[0].file if rows else str(path))
    for _path, found in tables:
        for kind, rows in found:
            if kind == "org_unit_groups":
                bundle.groups.extend(read_groups(rows, catalogue.unit_codes))
    for _path, found in tables:
        for kind, rows in found:
            _add_data(bundle, catalogue, kind, rows)
    return bundle


def _read_tables(path: Path) -> list[tuple[str, list[Row]]]:
    """The tables of a file: a JSON bundle's, or each sheet of a registered format (CSV, XLSX, a plug-in's)."""
    if path.suffix.lower() == ".json":
        return list(_json_tables(str(path), read_text(path)))
    fmt = formats.input_format(path)
    # An empty sheet of a workbook is left aside (a new workbook has one); an empty CSV file is refused.
    return [_sheet_table(sheet.place(str(path)), sheet) for sheet in fmt.sheets(path)
            if sheet.rows or sheet.name is None]


def _sheet_table(file: str, sheet: formats.Sheet) -> tuple[str, list[Row]]:
    """The table of a sheet whose first row is one of chiso's headers; ``file`` names the sheet too."""
    header = sheet.rows[0] if sheet.rows else formats.SheetRow(1, ())
    columns = [c.strip() for c in header.cells]
    kind = table_kind(columns)
    if kind is None:
        raise InputError("không nhận dạng được bảng từ dòng tiêu đề", file=file, line=header.line,
                         expected="tiêu đề " + " hoặc ".join(",".join(c) for c in TABLE_COLUMNS.values()))
    check_header(file, kind, columns)
    return kind, [_row(file, columns, row) for row in sheet.rows[1:]]


def _row(file: str, columns: list[str], row: formats.SheetRow) -> Row:
    if len(row.cells) > len(columns):
        raise InputError("dòng có nhiều ô hơn tiêu đề", file=file, line=row.line,
                         expected=f"{len(columns)} ô, mỗi ô dưới một cột của dòng tiêu đề")
    cells = dict(zip(columns, row.cells, strict=False))
    typed = frozenset(columns[index] for index in row.typed if index < len(columns))
    return Row(file, row.line, {column: cells.get(column, "") for column in columns}, typed)


def csv_rows(file: str, reader: csv.DictReader[str], columns: list[str]) -> list[Row]:
    """The rows under a header already checked (``columns``, stripped); a row longer than it is refused."""
    reader.fieldnames = columns
    rows = []
    for cells in reader:
        if None in cells:
            raise InputError("dòng có nhiều ô hơn tiêu đề", file=file, line=reader.line_num,
                             expected=f"{len(columns)} ô, ngăn cách bằng dấu phẩy")
        rows.append(Row(file, reader.line_num, {k: v or "" for k, v in cells.items()}))
    return rows


def _json_tables(file: str, text: str) -> Iterator[tuple[str, list[Row]]]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON không hợp lệ: {exc.msg}", file=file, line=exc.lineno,
                         column=f"ký tự {exc.colno}") from exc
    if isinstance(data, list):
        data = {"values": data}
    if not isinstance(data, dict) or not set(data) <= set(TABLE_COLUMNS):
        raise InputError("cấu trúc JSON không đúng", file=file,
                         expected='{"org_units": [...], "values": [...], "evaluations": [...]}')
    for kind in ("org_units", "org_unit_groups", "values", "evaluations"):
        if kind in data:
            yield kind, _json_rows(file, kind, data[kind])


def _json_rows(file: str, kind: str, items: Any) -> list[Row]:
    if not isinstance(items, list):
        raise InputError(f"«{kind}» phải là một danh sách", file=file, column=kind)
    rows = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError("phần tử phải là một đối tượng", file=file, column=f"{kind}[{index}]")
        check_header(file, kind, list(item))
        # JSON items have no useful line; their position in the list is the coordinate.
        rows.append(Row(f"{file} ({kind}[{index}])", None, {k: cell_text(v) for k, v in item.items()}))
    return rows


def _add_org_units(bundle: Bundle, catalogue: Catalogue, rows: list[Row], file: str) -> None:
    # A code may be listed once per version: 66 until 30/6/2025 and 66 from 1/7/2025.
    units = read_rows(rows, org_unit_reader, key=lambda u: (u.code, u.valid_from),
                      unique="mỗi đơn vị một dòng cho mỗi ngày bắt đầu hiệu lực (code, valid_from)")
    check_versions(units, file)
    check_parents(units, catalogue.unit_codes, file, catalogue.group_codes)
    bundle.org_units.extend(units)
    catalogue.unit_codes.update(u.code for u in units)


def _add_data(bundle: Bundle, catalogue: Catalogue, kind: str, rows: list[Row]) -> None:
    if kind == "values":
        bundle.values.extend(read_rows(rows, value_reader(catalogue), key=lambda v: v.key, unique=VALUE_UNIQUE))
    elif kind == "evaluations":
        bundle.evaluations.extend(read_rows(rows, evaluation_reader(catalogue), key=lambda e: e.key))


def write_csv(items: Iterable[Any], table: str, out: io.TextIOBase | Any) -> None:
    columns = TABLE_COLUMNS[table]
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow(to_cells(item, columns))


def write_json(out: io.TextIOBase | Any, **tables: Iterable[Any]) -> None:
    data = {name: [to_cells(item, TABLE_COLUMNS[name]) for item in items] for name, items in tables.items()}
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
