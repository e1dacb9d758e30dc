"""Files in and out: framework YAML, tidy CSV and JSON bundles of org units, values and evaluations.

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
from chiso.errors import InputError, os_reason
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
    texts = {path: read_text(path) for path in paths}
    for path in paths:
        if path.suffix.lower() in (".yaml", ".yml"):
            bundle.frameworks.append(load_framework(texts[path], file=str(path)))
    catalogue = Catalogue({**frameworks, **{f.code: f for f in bundle.frameworks}}, set(unit_codes), locale,
                          set(group_codes))
    tables = [(path, list(_tables(path, texts[path]))) for path in paths
              if path.suffix.lower() not in (".yaml", ".yml")]
    for path, found in tables:
        for kind, rows in found:
            if kind == "org_units":
                _add_org_units(bundle, catalogue, rows, str(path))
    for _path, found in tables:
        for kind, rows in found:
            if kind == "org_unit_groups":
                bundle.groups.extend(read_groups(rows, catalogue.unit_codes))
    for _path, found in tables:
        for kind, rows in found:
            _add_data(bundle, catalogue, kind, rows)
    return bundle


def read_text(path: Path) -> str:
    """A text file's content (UTF-8, a byte-order mark allowed), or an InputError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("không tìm thấy tệp", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"tệp không phải UTF-8 (byte {exc.start})", file=str(path),
                         expected="tệp văn bản mã hoá UTF-8") from exc
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {os_reason(exc)}", file=str(path)) from exc


def _tables(path: Path, text: str) -> Iterator[tuple[str, list[Row]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield _csv_table(str(path), text)
    elif suffix == ".json":
        yield from _json_tables(str(path), text)
    else:
        raise InputError(f"không nhận dạng được loại tệp «{suffix}»", file=str(path),
                         expected="tệp .yaml (bộ chỉ tiêu), .csv hoặc .json (đơn vị, giá trị, đánh giá)")


def _csv_table(file: str, text: str) -> tuple[str, list[Row]]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    kind = table_kind(columns)
    if kind is None:
        raise InputError("không nhận dạng được bảng từ dòng tiêu đề", file=file, line=1,
                         expected="tiêu đề " + " hoặc ".join(",".join(c) for c in TABLE_COLUMNS.values()))
    check_header(file, kind, columns)
    return kind, csv_rows(file, reader, columns)


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
        rows.append(Row(f"{file} ({kind}[{index}])", None, {k: _cell(v) for k, v in item.items()}))
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


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
