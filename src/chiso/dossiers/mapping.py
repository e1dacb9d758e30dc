"""Mapping files: a vendor's column names and codes onto chiso's canonical procedure and dossier columns.

```yaml
name: Cổng Dịch vụ công quốc gia
date_formats: ["%Y%m%d%H%M%S"]      # besides ISO (2024-03-05[ 10:00]) and 05/03/2024
dossiers:
  columns: {dossier_id: MaHoSo, received_at: NgayTiepNhan, channel: KenhThucHien}
  values:
    channel: {"1": direct, "2": online, "3": postal}
  present: [e_result]               # yes when the vendor's cell holds anything (a result-file link)
procedures:
  columns: {procedure_code: MaTTHC}
```

Columns not named keep their canonical name. Every name and code is checked against the canonical schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from chiso.catalog.yamlsource import YamlDocument, read_yaml
from chiso.dossiers.declarations import COLUMNS, ColumnKind, Table, column
from chiso.errors import InputError, os_reason
from chiso.values.model import NO, YES

MAPPINGS_PACKAGE = "chiso.data.mappings"
_FORMAT = re.compile(r"(%[YmdHMSfyb]|[-/.:T _])+")


@dataclass(frozen=True)
class TableMapping:
    columns: dict[str, str] = field(default_factory=dict)  # canonical → vendor column
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # canonical column → vendor code → canonical
    present: frozenset[str] = frozenset()  # flags that are yes when the vendor's cell is not empty

    def source(self, canonical: str) -> str:
        return self.columns.get(canonical, canonical)


@dataclass(frozen=True)
class Mapping:
    name: str = ""
    file: str = ""
    date_formats: tuple[str, ...] = ()
    procedures: TableMapping = TableMapping()
    dossiers: TableMapping = TableMapping()

    def table(self, table: Table) -> TableMapping:
        return self.procedures if table is Table.PROCEDURES else self.dossiers

    @property
    def label(self) -> str:
        return f"tệp ánh xạ {self.file}" if self.file else "không có tệp ánh xạ (tên cột chuẩn)"


IDENTITY = Mapping()


def shipped_mapping(name: str) -> Path:
    """The path of a mapping shipped with chiso (``dvcqg``)."""
    return Path(str(resources.files(MAPPINGS_PACKAGE).joinpath(f"{name}.yaml")))


def load_mapping(path: Path | None) -> Mapping:
    if path is None:
        return IDENTITY
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "không phải UTF-8"
        raise InputError(f"không đọc được tệp ánh xạ: {reason}", file=str(path)) from exc
    doc = read_yaml(text, str(path))
    if not isinstance(doc.data, dict):
        raise doc.error((), "tệp ánh xạ phải là một nhóm các cặp «khoá: giá trị»",
                        expected="các khoá name, date_formats, procedures, dossiers")
    return _Reader(doc, str(path)).mapping()


class _Reader:
    def __init__(self, doc: YamlDocument, file: str) -> None:
        self.doc = doc
        self.file = file
        self.data: dict[str, Any] = doc.data

    def mapping(self) -> Mapping:
        self._keys((), self.data, {"name", "date_formats", "procedures", "dossiers"})
        return Mapping(name=str(self.data.get("name", "")), file=self.file, date_formats=self._formats(),
                       procedures=self._table(Table.PROCEDURES), dossiers=self._table(Table.DOSSIERS))

    def _keys(self, path: tuple[str | int, ...], data: object, allowed: set[str]) -> None:
        if not isinstance(data, dict):
            raise self.doc.error(path, "cần một nhóm các cặp «khoá: giá trị»")
        for key in data:
            if str(key) not in allowed:
                raise self.doc.error((*path, key), f"khoá không được phép: «{key}»",
                                     expected=", ".join(sorted(allowed)))

    def _formats(self) -> tuple[str, ...]:
        formats = self.data.get("date_formats", [])
        if not isinstance(formats, list) or not all(isinstance(f, str) and _FORMAT.fullmatch(f) for f in formats):
            raise self.doc.error(("date_formats",), "định dạng ngày không hợp lệ",
                                 expected="danh sách định dạng strptime như \"%Y%m%d%H%M%S\" hoặc \"%d-%m-%Y\"")
        return tuple(formats)

    def _table(self, table: Table) -> TableMapping:
        raw = self.data.get(table.value, {})
        self._keys((table.value,), raw, {"columns", "values", "present"})
        names = {c.name for c in COLUMNS[table]}
        columns = raw.get("columns", {})
        self._keys((table.value, "columns"), columns, names)
        for key, vendor in columns.items():
            if not isinstance(vendor, str) or not vendor.strip():
                raise self.doc.error((table.value, "columns", key), "tên cột của nhà cung cấp phải là chuỗi văn bản")
        values = {str(k): self._codes(table, str(k), v) for k, v in raw.get("values", {}).items()}
        present = raw.get("present", [])
        flags = {c.name for c in COLUMNS[table] if c.kind is ColumnKind.FLAG}
        if not isinstance(present, list) or not set(map(str, present)) <= flags:
            raise self.doc.error((table.value, "present"), "«present» chỉ dùng cho các cột có/không",
                                 expected="danh sách trong: " + ", ".join(sorted(flags)))
        return TableMapping({str(k): str(v).strip() for k, v in columns.items()}, values, frozenset(map(str, present)))

    def _codes(self, table: Table, name: str, raw: object) -> dict[str, str]:
        path: tuple[str | int, ...] = (table.value, "values", name)
        kinds = {c.name: c.kind for c in COLUMNS[table]}
        if kinds.get(name) not in (ColumnKind.FLAG, ColumnKind.CHOICE):
            raise self.doc.error(path, f"«{name}» không phải là cột có/không hoặc cột mã của bảng {table.value}")
        if not isinstance(raw, dict):
            raise self.doc.error(path, "cần một nhóm «mã của nhà cung cấp: mã chuẩn»")
        allowed = column(table, name).choices or ("yes", "no")
        codes = {}
        for vendor, canonical in raw.items():
            text = ("yes" if canonical else "no") if isinstance(canonical, bool) else str(canonical)
            if text not in allowed and text.casefold() not in YES | NO:
                raise self.doc.error((*path, vendor), f"mã chuẩn «{text}» không hợp lệ cho cột «{name}»",
                                     expected=", ".join(allowed))
            codes[_vendor_code(vendor)] = text
        return codes


def _vendor_code(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)
