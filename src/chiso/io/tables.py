"""Reading tidy tables (CSV rows or JSON objects) of values, recorded evaluations and org units.

Every row is checked against the catalogue before anything is kept: one bad row rejects the whole
file, and the error names the file, line, column and what was expected.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from chiso.catalog.model import Framework, Indicator
from chiso.errors import InputError, InputErrors
from chiso.orgunits.groups import MEMBER_SEPARATOR
from chiso.orgunits.model import OrgUnit, parse_unit_type
from chiso.orgunits.versions import by_code, overlaps
from chiso.periods import Period
from chiso.periods.days import EXPECTED_DAY, day_text, parse_day
from chiso.values.model import EvaluationStatus, RecordedEvaluation, Value, canonical_value, parse_status

VALUE_COLUMNS = ("framework", "indicator", "unit", "period", "value", "note", "source", "origin")
EVALUATION_COLUMNS = ("framework", "indicator", "target", "unit", "period", "status", "note", "source")
ORG_UNIT_COLUMNS = ("code", "name", "type", "parent", "valid_from", "valid_to")
GROUP_COLUMNS = ("code", "name", "members", "name_en", "kind")  # members: unit codes separated by ";"
REQUIRED = {
    "values": ("framework", "indicator", "unit", "period", "value"),
    "evaluations": ("framework", "indicator", "target", "unit", "period", "status"),
    "org_units": ("code", "name", "type"),
    "org_unit_groups": ("code", "name", "members"),
}
MAX_ERRORS = 20

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One input row and where it came from; ``typed`` are the columns whose cell held a number typed as one
    (an Excel number cell), written canonically whatever the locale of the text typed in the others."""

    file: str
    line: int | None
    cells: Mapping[str, str]
    typed: frozenset[str] = frozenset()

    def get(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def error(self, column: str, message: str, expected: str | None = None) -> InputError:
        return InputError(message, file=self.file, line=self.line, column=column, expected=expected)


@dataclass
class Catalogue:
    """What rows are checked against: known frameworks and org units."""

    frameworks: Mapping[str, Framework]
    unit_codes: set[str] = field(default_factory=set)
    locale: str = "en"
    group_codes: set[str] = field(default_factory=set)  # stored groups: a unit may not take one's code


def table_kind(columns: Iterable[str]) -> str | None:
    """Which table a header describes, by its required columns."""
    present = set(columns)
    for kind in ("evaluations", "values", "org_units", "org_unit_groups"):
        if set(REQUIRED[kind]) <= present:
            return kind
    return None


def check_header(file: str, kind: str, columns: list[str]) -> None:
    allowed = {"values": VALUE_COLUMNS, "evaluations": EVALUATION_COLUMNS, "org_units": ORG_UNIT_COLUMNS,
               "org_unit_groups": GROUP_COLUMNS}[kind]
    for column in REQUIRED[kind]:
        if column not in columns:
            raise InputError(f"thiếu cột «{column}»", file=file, line=1, column=column,
                             expected="các cột " + ",".join(allowed))
    for column in columns:
        if column not in allowed:
            raise InputError(f"cột không được hỗ trợ «{column}»", file=file, line=1, column=column,
                             expected="các cột " + ",".join(allowed))


def read_rows(rows: Iterable[Row], reader: Callable[[Row], T], key: Callable[[T], object],
              unique: str = "mỗi khoá chỉ một dòng") -> list[T]:
    """Reads every row, collecting errors (duplicates too, ``unique`` saying what is unique), and raises them all."""
    items: list[T] = []
    errors: list[InputError] = []
    seen: dict[object, Row] = {}
    for row in rows:
        try:
            item = reader(row)
        except InputError as exc:
            errors.append(exc.located(file=row.file, line=row.line))
        else:
            _note_duplicate(row, key(item), seen, errors, unique)
            items.append(item)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise InputErrors(errors) if len(errors) > 1 else errors[0]
    return items


def _note_duplicate(row: Row, key: object, seen: dict[object, Row], errors: list[InputError], unique: str) -> None:
    if key in seen:
        first = seen[key]
        where = f"dòng {first.line}" if first.line is not None else first.file
        errors.append(row.error("", f"trùng khoá với {where}", expected=unique))
    seen[key] = row


def value_reader(catalogue: Catalogue) -> Callable[[Row], Value]:
    def read(row: Row) -> Value:
        framework, indicator = _indicator(row, catalogue)
        if indicator.reporting_rate is not None:  # counted from the rounds whenever it is read: never a value
            raise row.error("indicator", f"chỉ tiêu {indicator.code} là tỷ lệ báo cáo của bộ biểu "
                            f"{indicator.reporting_rate.data_set}: chiso tính từ các kỳ báo cáo, không nhận số nạp",
                            expected="bỏ dòng này, hoặc một chỉ tiêu khác của bộ")
        unit = _unit(row, catalogue, "unit")
        period = _period(row)
        try:
            locale = "en" if "value" in row.typed else catalogue.locale
            text = canonical_value(indicator, row.get("value"), locale)
        except InputError as exc:
            raise exc.located(column="value") from exc
        return Value(framework.code, indicator.code, unit, period, text, row.get("note"), row.get("source"),
                     origin=_origin(row, framework))

    return read


VALUE_UNIQUE = "mỗi bộ chỉ tiêu × chỉ tiêu × đơn vị × kỳ × nguồn (origin) chỉ một dòng"


def _origin(row: Row, framework: Framework) -> str:
    """Where the value came from: blank for the unit's own report, else a source the framework declares."""
    code = row.get("origin")
    if not framework.knows_origin(code):
        declared = ", ".join(s.code for s in framework.sources)
        raise row.error("origin", f"bộ chỉ tiêu {framework.code} không khai báo nguồn «{code}»",
                        expected=f"để trống (báo cáo của đơn vị) hoặc một trong: {declared}" if declared
                        else "để trống (báo cáo của đơn vị); khai báo nguồn trong «sources» của bộ chỉ tiêu")
    return code


def evaluation_reader(catalogue: Catalogue) -> Callable[[Row], RecordedEvaluation]:
    def read(row: Row) -> RecordedEvaluation:
        framework, indicator = _indicator(row, catalogue)
        target = row.get("target")
        if target not in {t.id for t in indicator.targets}:
            raise row.error("target", f"chỉ tiêu {indicator.code} không có mục tiêu «{target}»",
                            expected=", ".join(t.id for t in indicator.targets) or "một mục tiêu đã khai báo")
        try:
            status = parse_status(row.get("status"))
        except InputError as exc:
            raise exc.located(column="status") from exc
        return RecordedEvaluation(framework.code, indicator.code, target, _unit(row, catalogue, "unit"),
                                  _period(row), status, row.get("note"), row.get("source"))

    return read


def check_versions(units: Iterable[OrgUnit], file: str) -> None:
    """The versions of each code must follow one another: two of them in force on one day is an error."""
    errors = []
    for code, chain in by_code(units).items():
        for first, second in zip(chain, chain[1:], strict=False):
            if overlaps(first, second):
                errors.append(InputError(
                    f"đơn vị {code} có hai phiên bản cùng hiệu lực ({_validity(first)} và {_validity(second)})",
                    file=file, column="valid_from", expected="phiên bản sau bắt đầu sau ngày phiên bản trước kết thúc"))
    if errors:
        raise InputErrors(errors[:MAX_ERRORS])


def _validity(unit: OrgUnit) -> str:
    start = day_text(unit.valid_from) if unit.valid_from else "…"
    return f"{start}–{day_text(unit.valid_to) if unit.valid_to else '…'}"


def org_unit_reader(row: Row) -> OrgUnit:
    code = row.get("code")
    if not code:
        raise row.error("code", "thiếu mã đơn vị", expected="mã đơn vị hành chính, ví dụ 66")
    try:
        unit_type = parse_unit_type(row.get("type"))
    except InputError as exc:
        raise exc.located(column="type") from exc
    name = row.get("name")
    if not name:
        raise row.error("name", "thiếu tên đơn vị", expected="tên đầy đủ, ví dụ Tỉnh Đắk Lắk")
    valid_from, valid_to = _date(row, "valid_from"), _date(row, "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise row.error("valid_to", "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
    return OrgUnit(code, name, unit_type, row.get("parent"), valid_from, valid_to)


def check_parents(units: list[OrgUnit], known: set[str], file: str, groups: Collection[str] = ()) -> None:
    codes = known | {u.code for u in units}
    for unit in units:
        if unit.code in groups:
            raise InputError(f"mã đơn vị {unit.code} đã là mã một nhóm đơn vị", file=file, column="code",
                             expected="mã đơn vị khác mọi mã nhóm")
        if unit.parent and unit.parent not in codes:
            raise InputError(f"đơn vị {unit.code}: đơn vị cấp trên «{unit.parent}» không tồn tại", file=file,
                             column="parent", expected="mã một đơn vị có trong tệp hoặc trong kho")


def _indicator(row: Row, catalogue: Catalogue) -> tuple[Framework, Indicator]:
    code = row.get("framework")
    framework = catalogue.frameworks.get(code)
    if framework is None:
        raise row.error("framework", f"bộ chỉ tiêu «{code}» chưa được nạp",
                        expected=", ".join(sorted(catalogue.frameworks)) or "nạp tệp YAML bộ chỉ tiêu trước")
    indicator = row.get("indicator")
    if not framework.has(indicator):
        raise row.error("indicator", f"bộ chỉ tiêu {code} không có chỉ tiêu «{indicator}»",
                        expected="một mã chỉ tiêu của bộ, ví dụ " + framework.indicators[-1].code)
    return framework, framework.indicator(indicator)


def _unit(row: Row, catalogue: Catalogue, column: str) -> str:
    code = row.get(column)
    if code not in catalogue.unit_codes:
        raise row.error(column, f"đơn vị «{code}» không có trong danh mục đơn vị",
                        expected="mã một đơn vị đã nạp (tệp code,name,type,parent,valid_from,valid_to)")
    return code


def _period(row: Row) -> str:
    try:
        return Period.parse(row.get("period")).code
    except InputError as exc:
        raise exc.located(column="period") from exc


def _date(row: Row, column: str) -> date | None:
    text = row.get(column)
    try:
        return parse_day(text)
    except InputError:
        raise row.error(column, f"ngày «{text}» không hợp lệ", expected=EXPECTED_DAY) from None


def to_cells(item: Any, columns: tuple[str, ...]) -> dict[str, str]:
    """The row a Value, RecordedEvaluation or OrgUnit is written as."""
    return {column: _text(getattr(item, column, "")) for column in columns}


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, tuple):  # a group's members
        return MEMBER_SEPARATOR.join(str(part) for part in raw)
    # Evaluations are written as the official column reads ("Đạt chỉ tiêu"); loading accepts both.
    return raw.label if isinstance(raw, EvaluationStatus) else str(raw)
