"""The ``indices:`` of a framework file read into :class:`Index` values, each fault named with its line.

The schema (``framework.schema.json``) has checked the shape already; this checks the meaning: the
indicators named exist and are rates, the points add up to what a group or the index declares, a
threshold can be reached.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from chiso.catalog.model import Direction, Indicator, ValueType
from chiso.catalog.yamlsource import Path, YamlDocument
from chiso.errors import InputError
from chiso.indices.model import HUNDRED, Component, Index, ZeroDenominator
from chiso.values.numbers import format_decimal

_RATE = re.compile(r"\{(?P<num>[^{}]+)\}\s*/\s*\{(?P<den>[^{}]+)\}\s*\*\s*100")


def read_indices(doc: YamlDocument, indicators: Mapping[str, Indicator]) -> tuple[Index, ...]:
    """The framework's indices, or the InputError of the first fault in file order."""
    reader = _Reader(doc, indicators)
    found: list[Index] = []
    for position, raw in enumerate(doc.data.get("indices", [])):
        index = reader.index(("indices", position), raw)
        if any(i.code == index.code for i in found):
            raise doc.error(("indices", position, "code"), f"mã chỉ số {index.code} bị trùng",
                            expected="mỗi chỉ số một mã")
        found.append(index)
    return tuple(found)


class _Reader:
    def __init__(self, doc: YamlDocument, indicators: Mapping[str, Indicator]) -> None:
        self.doc = doc
        self.indicators = indicators
        self.seen: set[str] = set()

    def index(self, path: Path, raw: dict[str, Any]) -> Index:
        self.seen = set()
        groups = tuple(self.component((*path, "groups", n), part) for n, part in enumerate(raw["groups"]))
        index = Index(str(raw["code"]), raw["name"].strip(), groups, bool(raw.get("normalise", False)),
                      int(raw.get("decimals", 4)), raw.get("notes", ""))
        if "total" in raw and Decimal(str(raw["total"])) != index.max:
            raise self.doc.error((*path, "total"), f"chỉ số {index.code} ghi tổng {_n(raw['total'])} điểm nhưng "
                                 f"các nhóm cộng lại được {_n(index.max)} điểm",
                                 expected="total bằng tổng điểm tối đa của các nhóm (nhân trọng số)")
        return index

    def component(self, path: Path, raw: dict[str, Any]) -> Component:
        code = str(raw["code"])
        if code in self.seen:
            raise self.doc.error((*path, "code"), f"mã thành phần {code} bị trùng trong chỉ số",
                                 expected="mỗi nhóm, mỗi tiêu chí một mã")
        self.seen.add(code)
        weight = self._decimal(path, raw, "weight", Decimal(1))
        if weight <= 0:
            raise self.doc.error((*path, "weight"), f"trọng số của {code} phải lớn hơn 0", expected="ví dụ 0.25")
        if "items" in raw:
            return self._composite(path, raw, code, weight)
        return self._scored(path, raw, code, weight)

    def _composite(self, path: Path, raw: dict[str, Any], code: str, weight: Decimal) -> Component:
        if "indicator" in raw:
            raise self.doc.error((*path, "indicator"), f"{code} có cả chỉ tiêu và các thành phần con",
                                 expected="indicator (một tiêu chí được chấm điểm) hoặc items (một nhóm), không cả hai")
        for key in ("numerator", "denominator", "threshold", "direction", "zero_denominator", "need"):
            if key in raw:
                raise self.doc.error((*path, key), f"nhóm {code} không có khoá «{key}»",
                                     expected="khoá này đặt ở từng tiêu chí trong items")
        parts = tuple(self.component((*path, "items", n), part) for n, part in enumerate(raw["items"]))
        total = sum((p.weight * p.max for p in parts), Decimal(0))
        if "max" in raw and self._decimal(path, raw, "max", total) != total:
            raise self.doc.error((*path, "max"), f"nhóm {code} ghi {_n(raw['max'])} điểm nhưng các tiêu chí cộng "
                                 f"lại được {_n(total)} điểm", expected="max bằng tổng điểm tối đa của các tiêu chí")
        return Component(code, raw["name"].strip(), total, weight, notes=raw.get("notes", ""), parts=parts)

    def _scored(self, path: Path, raw: dict[str, Any], code: str, weight: Decimal) -> Component:
        if "max" not in raw:
            raise self.doc.error(path, f"tiêu chí {code} chưa ghi số điểm tối đa «max»",
                                 expected="max: 6 (hoặc 0 cho một tỷ lệ chỉ theo dõi, không tính điểm)")
        indicator = self._indicator((*path, "indicator"), str(raw["indicator"]), rate=True)
        numerator, denominator = self._counts(path, raw, indicator)
        direction = Direction(raw.get("direction") or indicator.direction or Direction.HIGHER)
        maximum, threshold = self._decimal(path, raw, "max", Decimal(0)), self._decimal(path, raw, "threshold", HUNDRED)
        if maximum < 0:
            raise self.doc.error((*path, "max"), f"điểm tối đa của {code} không được âm", expected="max: 0 trở lên")
        lower = direction is Direction.LOWER
        if not (0 <= threshold < HUNDRED if lower else 0 < threshold <= HUNDRED):
            raise self.doc.error((*path, "threshold"), f"ngưỡng {_n(threshold)}% của {code} không đạt được",
                                 expected="từ 0 đến dưới 100 (càng thấp càng tốt)" if lower
                                 else "lớn hơn 0, tối đa 100")
        return Component(code, raw["name"].strip(), maximum, weight, indicator.code, numerator, denominator,
                         threshold, lower, ZeroDenominator(raw.get("zero_denominator", "na")),
                         raw.get("need", ""), raw.get("notes", ""))

    def _counts(self, path: Path, raw: dict[str, Any], indicator: Indicator) -> tuple[str, str]:
        """The numerator and denominator: as declared, else those of a formula {a} / {b} * 100."""
        if ("numerator" in raw) != ("denominator" in raw):
            missing = "denominator" if "numerator" in raw else "numerator"
            raise self.doc.error(path, f"có tử số hoặc mẫu số mà thiếu «{missing}»",
                                 expected="cả numerator và denominator, hoặc không khoá nào")
        if "numerator" in raw:
            return (self._indicator((*path, "numerator"), str(raw["numerator"])).code,
                    self._indicator((*path, "denominator"), str(raw["denominator"])).code)
        match = _RATE.fullmatch(indicator.formula.text.strip()) if indicator.formula else None
        return (match["num"].strip(), match["den"].strip()) if match else ("", "")

    def _indicator(self, path: Path, code: str, *, rate: bool = False) -> Indicator:
        if code not in self.indicators:
            raise self.doc.error(path, f"tham chiếu chỉ tiêu không tồn tại: {code}",
                                 expected="mã một chỉ tiêu có trong bộ chỉ tiêu")
        indicator = self.indicators[code]
        wanted = (ValueType.PERCENT,) if rate else (ValueType.COUNT, ValueType.NUMBER)
        if indicator.value_type not in wanted:
            kind = indicator.value_type.value
            if rate:
                raise self.doc.error(path, f"chỉ tiêu {code} kiểu {kind} không chấm điểm được",
                                     expected="một chỉ tiêu kiểu percent (tỷ lệ phần trăm)")
            raise self.doc.error(path, f"chỉ tiêu {code} kiểu {kind} không phải một số đếm",
                                 expected="một chỉ tiêu kiểu count hoặc number")
        return indicator

    def _decimal(self, path: Path, raw: dict[str, Any], key: str, default: Decimal) -> Decimal:
        if key not in raw:
            return default
        try:
            return Decimal(str(raw[key]))
        except ArithmeticError as exc:  # the schema's pattern lets only plain decimals through
            raise InputError(f"«{raw[key]}» không phải là số", file=self.doc.file,
                             line=self.doc.line((*path, key))) from exc


def _n(value: object) -> str:
    return format_decimal(Decimal(str(value)))
