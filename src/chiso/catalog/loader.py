"""Loading a framework YAML file: schema validation, then the meaning of what it says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

import jsonschema

from chiso.catalog.model import (
    Aggregation,
    Direction,
    FilterValue,
    Framework,
    Indicator,
    LegalBasis,
    PeriodRollup,
    RateMeasure,
    RecordRule,
    Relation,
    RelationKind,
    ReportingRate,
    Rule,
    Section,
    Source,
    ValueType,
)
from chiso.catalog.targets import build_target
from chiso.catalog.yamlsource import Path, YamlDocument, dotted, read_yaml
from chiso.errors import InputError
from chiso.formulas import Formula, check_formulas, parse_formula
from chiso.indices.declare import read_indices
from chiso.periods.period import EXPECTED_CODE

FRAMEWORKS_PACKAGE = "chiso.data.frameworks"


@cache
def framework_schema() -> dict[str, Any]:
    text = resources.files("chiso.catalog").joinpath("schema/framework.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_framework_file(path: str | FsPath) -> Framework:
    path = FsPath(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("không tìm thấy tệp", file=str(path), expected="đường dẫn tới một tệp YAML có sẵn") from exc
    except IsADirectoryError as exc:
        raise InputError("đây là một thư mục, không phải một tệp", file=str(path),
                         expected="đường dẫn tới một tệp YAML") from exc
    except PermissionError as exc:
        raise InputError("không có quyền đọc tệp", file=str(path)) from exc
    except OSError as exc:
        raise InputError(f"không đọc được tệp ({exc.strerror or exc})", file=str(path)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(f"tệp không phải văn bản UTF-8 (byte 0x{raw[exc.start]:02x} không đọc được)",
                         file=str(path), line=line, expected="lưu tệp với bảng mã UTF-8") from exc
    return load_framework(text, file=str(path))


def shipped_frameworks() -> dict[str, Framework]:
    """The frameworks shipped with chiso, by code."""
    folder = resources.files(FRAMEWORKS_PACKAGE)
    found = (load_framework(f.read_text("utf-8"), file=f.name) for f in folder.iterdir()
             if f.name.endswith(".yaml"))
    return {fw.code: fw for fw in found}


def load_framework(text: str, file: str = "<framework>") -> Framework:
    return _Builder(_checked(text, file)).build(text)


_CHECKED: dict[tuple[str, str], YamlDocument] = {}
_CHECKED_LIMIT = 32  # frameworks are few; the bound keeps many different texts from growing it


def _checked(text: str, file: str) -> YamlDocument:
    """The text read and checked against the schema, once per process: the two take most of a load.

    The build that follows is not kept: it depends on the target and record kinds registered at the time.
    """
    doc = _CHECKED.get((text, file))
    if doc is None:
        doc = read_yaml(text, file)
        _validate_schema(doc)
        if len(_CHECKED) < _CHECKED_LIMIT:
            _CHECKED[text, file] = doc
    return doc


def _validate_schema(doc: YamlDocument) -> None:
    validator = jsonschema.Draft202012Validator(framework_schema())
    errors = list(validator.iter_errors(doc.data))
    # A concrete fault (kind: subset is not one of sum, part_of, equal) says more than the anyOf/oneOf it
    # also breaks ("not valid under any of the given schemas"), which best_match would choose as shallower.
    concrete = [e for e in errors if e.validator not in ("anyOf", "oneOf")]
    error = jsonschema.exceptions.best_match(concrete or errors)
    if error is None:
        return
    error = _meant(error)
    path: Path = tuple(error.absolute_path)
    raise doc.error(path, f"không hợp lệ theo lược đồ bộ chỉ tiêu: {_schema_message(error)}",
                    expected=_expected(error))


# The JSON types as a Vietnamese official would say them.
_TYPE_NAMES = {
    "object": "một nhóm các cặp «khoá: giá trị»",
    "array": "một danh sách",
    "string": "một chuỗi văn bản",
    "integer": "một số nguyên",
    "number": "một số",
    "boolean": "true hoặc false",
    "null": "để trống",
}

# The schema's patterns ($defs) described in words, so an official never has to read a regular expression.
_PATTERN_WORDS = {
    "^[a-z][a-z0-9_-]*$": "chữ thường không dấu, chữ số, «_» hoặc «-», bắt đầu bằng chữ, ví dụ cds2025",
    "^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$": "mã gồm chữ không dấu hoặc chữ số, ngăn cách bằng một dấu chấm, "
                                         "ví dụ 5.1.2 hoặc III.5",
    "^-?[0-9]+(\\.[0-9]+)?$": "một số thập phân viết bằng dấu chấm, ví dụ 46.14",
    "^[0-9]{4}([SsQq][0-9]|-[0-9]{2}|[Mm]0?1-[0-9]{1,2})?$": EXPECTED_CODE,
    "^[0-9]{4}([SsQq][0-9]|-[0-9]{2}|[Mm]0?1-[0-9]{1,2})?(:[0-9]{4}([SsQq][0-9]|-[0-9]{2}|[Mm]0?1-[0-9]{1,2})?)?$":
        f"{EXPECTED_CODE}, hoặc một giai đoạn «đầu:cuối» (2025:2027)",
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "ngày dạng năm-tháng-ngày, ví dụ 2022-06-23, 2023-08 hoặc 2023",
    "^[a-z][a-z0-9_]*$": "chữ thường không dấu, chữ số hoặc «_», bắt đầu bằng chữ, ví dụ tong_khong_vuot",
}


def _schema_message(error: jsonschema.ValidationError) -> str:
    """What the schema found wrong, in Vietnamese (jsonschema's own messages are English)."""
    kind, value, instance = error.validator, _value(error), _instance(error)
    if kind == "required":
        missing = [key for key in value if isinstance(instance, dict) and key not in instance]
        return f"thiếu khoá {_quoted(missing or value)}"
    if kind == "additionalProperties":
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return f"khoá không được phép: {_quoted([k for k in instance if k not in allowed])}"
    if kind in ("enum", "const"):
        return f"giá trị «{_shown(instance)}» không được chấp nhận"
    if kind == "type":
        return f"{_described(instance)} không phải là {_type_words(value)}"
    if kind == "pattern":
        return f"«{_shown(instance)}» không đúng dạng"
    if kind == "minItems":
        return f"danh sách cần ít nhất {value} phần tử, ở đây có {len(instance)}"
    if kind == "minLength":
        return "không được để trống"
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"giá trị «{_shown(instance)}» phải {_BOUND_WORDS[str(kind)]} {value}"
    if kind in ("anyOf", "oneOf"):
        keys = _alternative_keys(error)
        return ("cần có khoá " + " hoặc ".join(f"«{key}»" for key in keys) if keys
                else "không khớp với dạng nào được phép")
    return error.message


_BOUND_WORDS = {"minimum": "từ", "exclusiveMinimum": "lớn hơn", "maximum": "không quá",
                "exclusiveMaximum": "nhỏ hơn"}


def _meant(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf/oneOf, the fault within the one alternative the data meant (a relation of kind part_of
    lacking «whole»), found as the only alternative whose const/enum matched; else the error itself."""
    if error.validator not in ("anyOf", "oneOf"):
        return error
    meant = [errs for errs in _branches(error).values() if not any(e.validator in ("const", "enum") for e in errs)]
    return _meant(meant[0][0]) if len(meant) == 1 else error


def _branches(error: jsonschema.ValidationError) -> dict[int, list[jsonschema.ValidationError]]:
    branches: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(int(sub.schema_path[0]), []).append(sub)
    return branches


def _alternative_keys(error: jsonschema.ValidationError) -> list[str]:
    """The keys of which one is needed, when every alternative only requires keys; else []."""
    faults = [e for errs in _branches(error).values() for e in errs]
    if not faults or any(e.validator != "required" for e in faults):
        return []
    return list(dict.fromkeys(str(key) for e in faults for key in _value(e)))


def _value(error: jsonschema.ValidationError) -> Any:
    """The schema's value for the failed keyword (the list of required keys, the pattern…)."""
    value: Any = error.validator_value
    return value


def _instance(error: jsonschema.ValidationError) -> Any:
    instance: Any = error.instance
    return instance


def _expected(error: jsonschema.ValidationError) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind, value = error.validator, _value(error)
    if kind == "required":
        return f"các khoá bắt buộc: {', '.join(value)}"
    if kind == "additionalProperties":
        return f"các khoá được phép: {', '.join(schema.get('properties', {}))}"
    if kind == "enum":
        return "một trong: " + ", ".join(map(str, value))
    if kind == "type":
        return _type_words(value)
    if kind == "pattern":
        return _PATTERN_WORDS.get(str(value), f"khớp mẫu {value}")
    if kind == "minItems":
        return f"ít nhất {value} phần tử"
    if kind in ("anyOf", "oneOf") and _alternative_keys(error):
        return "ít nhất một trong các khoá: " + ", ".join(_alternative_keys(error))
    return None


def _type_words(types: object) -> str:
    names = types if isinstance(types, list) else [types]
    return " hoặc ".join(_TYPE_NAMES.get(str(name), str(name)) for name in names)


def _described(instance: object) -> str:
    if isinstance(instance, dict):
        return "một nhóm các cặp «khoá: giá trị»"
    if isinstance(instance, list):
        return "một danh sách"
    return f"giá trị «{_shown(instance)}»"


def _shown(instance: object) -> str:
    if isinstance(instance, bool):
        return "true" if instance else "false"
    return "" if instance is None else str(instance)


def _quoted(keys: list[str]) -> str:
    return ", ".join(f"«{key}»" for key in keys)


class _Builder:
    """Turns validated YAML data into a Framework, reporting meaning errors with their line."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data

    def build(self, text: str) -> Framework:
        indicators = tuple(self._indicators())
        self._check_unique(indicators)
        framework = Framework(
            code=self.data["code"],
            title=self.data["title"],
            title_en=self.data.get("title_en", ""),
            appendix=self.data.get("appendix", ""),
            layout=self.data.get("layout", ""),
            legal_basis=tuple(LegalBasis(**lb) for lb in self.data.get("legal_basis", [])),
            attached_to=LegalBasis(**self.data["attached_to"]) if "attached_to" in self.data else None,
            sections=tuple(self._sections()),
            indicators=indicators,
            relations=tuple(self._relations()),
            rules=tuple(self._rules()),
            settings=self.data.get("settings", {}),
            source_text=text,
            sources=tuple(self._sources()),
        )
        self._check_references(framework)
        return replace(framework, indices=read_indices(self.doc, {i.code: i for i in indicators}))

    def _sources(self) -> Iterator[Source]:
        seen: set[str] = set()
        official = ""
        for index, raw in enumerate(self.data.get("sources", [])):
            code = raw["code"]
            if code in seen:
                raise self.doc.error(("sources", index, "code"), f"mã nguồn {code} bị trùng",
                                     expected="mỗi nguồn một mã")
            if raw.get("official") and official:
                raise self.doc.error(("sources", index, "official"), f"nguồn {official} đã là nguồn chính thức",
                                     expected="official: true ở nhiều nhất một nguồn")
            seen.add(code)
            official = code if raw.get("official") else official
            yield Source(code, raw["name"].strip(), bool(raw.get("official", False)))

    def _sections(self) -> Iterator[Section]:
        for raw in self.data.get("sections", []):
            yield Section(str(raw["code"]), raw["title"], raw.get("title_en", ""))

    def _indicator_paths(self) -> Iterator[tuple[Path, dict[str, Any], str]]:
        for index, raw in enumerate(self.data.get("indicators", [])):
            yield ("indicators", index), raw, ""
        for s_index, section in enumerate(self.data.get("sections", [])):
            for index, raw in enumerate(section.get("indicators", [])):
                yield ("sections", s_index, "indicators", index), raw, str(section["code"])

    def _indicators(self) -> Iterator[Indicator]:
        known: set[str] = set()
        for path, raw, section in self._indicator_paths():
            indicator = self._indicator(path, raw, section, known)
            known.add(indicator.code)
            yield indicator

    def _indicator(self, path: Path, raw: dict[str, Any], section: str, known: set[str]) -> Indicator:
        code = str(raw["code"])
        value_type = ValueType(raw["type"])
        indicator = Indicator(
            code=code,
            name=raw["name"].strip(),
            name_en=raw.get("name_en", ""),
            value_type=value_type,
            section=section,
            unit=raw.get("unit", "%" if value_type is ValueType.PERCENT else ""),
            decimals=raw.get("decimals"),
            direction=Direction(raw["direction"]) if "direction" in raw else None,
            may_exceed_100=bool(raw.get("may_exceed_100", False)),
            formula=self._formula(path, raw.get("formula")),
            aggregation=self._aggregation(path, raw, value_type),
            period_rollup=self._period_rollup(path, raw, value_type),
            levels=tuple(raw.get("levels", ())),
            notes=raw.get("notes", ""),
            parent=str(raw.get("parent") or _implied_parent(code, known)),
            report=raw.get("report", {}),
        )
        if "records" in raw:
            indicator = replace(indicator, records=self._records((*path, "records"), raw["records"], indicator))
        if "reporting_rate" in raw:
            indicator = replace(indicator, reporting_rate=self._reporting_rate((*path, "reporting_rate"), raw))
        if value_type is ValueType.ORDINAL and not indicator.levels:
            raise self.doc.error((*path, "levels"), f"chỉ tiêu {code} kiểu ordinal cần danh sách mức",
                                 expected="levels: [Loại A, Loại B, Loại C, Loại D]")
        return self._with_targets(path, raw, indicator)

    def _with_targets(self, path: Path, raw: dict[str, Any], indicator: Indicator) -> Indicator:
        targets = []
        for index, raw_target in enumerate(raw.get("targets", [])):
            try:
                targets.append(build_target(raw_target, indicator))
            except InputError as exc:
                raise exc.located(file=self.doc.file, line=self.doc.line((*path, "targets", index)),
                                  column=dotted((*path, "targets", index))) from exc
        return replace(indicator, targets=tuple(targets))

    def _formula(self, path: Path, text: str | None) -> Formula | None:
        if text is None:
            return None
        try:
            return parse_formula(text)
        except InputError as exc:
            raise exc.located(file=self.doc.file, line=self.doc.line((*path, "formula")),
                              column=dotted((*path, "formula"))) from exc

    def _records(self, path: Path, raw: dict[str, Any], indicator: Indicator) -> RecordRule:
        # Imported here: chiso.dossiers (the engine) imports the catalogue.
        from chiso.dossiers.declarations import check_rule

        rule = RecordRule(kind=raw["kind"], event=raw.get("event", ""), where=_terms(raw.get("where", {})),
                          among=_terms(raw.get("among", {})))
        try:
            check_rule(indicator, rule)
        except InputError as exc:
            key = (exc.column or "").split(".")
            at = (*path, *key) if key[0] in raw else path
            raise self.doc.error(at, exc.message, expected=exc.expected) from exc
        return rule

    def _reporting_rate(self, path: Path, raw: dict[str, Any]) -> ReportingRate:
        """A rate the rounds give is a figure of its own: never typed, derived, counted from records or summed."""
        code = raw["code"]
        if raw["type"] != ValueType.PERCENT.value:
            raise self.doc.error(path, f"chỉ tiêu {code} lấy tỷ lệ báo cáo nhưng có kiểu {raw['type']}",
                                 expected="type: percent")
        clash = next((key for key in ("formula", "records", "aggregation", "period_rollup") if key in raw), None)
        if clash is not None:
            raise self.doc.error(path, f"chỉ tiêu {code} lấy tỷ lệ báo cáo của bộ biểu, không dùng được cùng {clash}",
                                 expected=f"bỏ {clash}: tỷ lệ được tính cho từng đơn vị trên các đơn vị cấp dưới")
        rate = raw["reporting_rate"]
        return ReportingRate(str(rate["data_set"]), RateMeasure(rate.get("measure", RateMeasure.SUBMITTED.value)))

    def _aggregation(self, path: Path, raw: dict[str, Any], value_type: ValueType) -> Aggregation:
        if "aggregation" not in raw:
            if "formula" in raw:
                return Aggregation.RATIO
            return Aggregation.SUM if value_type in (ValueType.COUNT, ValueType.NUMBER) else Aggregation.NONE
        aggregation = Aggregation(raw["aggregation"])
        if aggregation is Aggregation.RATIO and "formula" not in raw:
            raise self.doc.error((*path, "aggregation"), f"chỉ tiêu {raw['code']}: aggregation ratio tính lại theo "
                                 "công thức nhưng chỉ tiêu không có công thức",
                                 expected="thêm formula, hoặc aggregation: sum, min, max, none")
        if aggregation.combines and not value_type.is_numeric:
            raise self.doc.error((*path, "aggregation"), f"chỉ tiêu {raw['code']} kiểu {value_type.value} không "
                                 f"cộng hay so sánh được giữa các đơn vị", expected="aggregation: none")
        if aggregation is Aggregation.SUM and value_type is ValueType.PERCENT:
            raise self.doc.error((*path, "aggregation"), f"chỉ tiêu {raw['code']} là tỷ lệ: cộng các tỷ lệ không "
                                 "ra tỷ lệ của đơn vị cấp trên",
                                 expected="formula với aggregation: ratio (tính lại từ tử số và mẫu số), min, max "
                                          "hoặc none")
        return aggregation

    def _period_rollup(self, path: Path, raw: dict[str, Any], value_type: ValueType) -> PeriodRollup:
        rollup = PeriodRollup(raw.get("period_rollup", "none"))
        if rollup is PeriodRollup.SUM and value_type not in (ValueType.COUNT, ValueType.NUMBER):
            raise self.doc.error((*path, "period_rollup"), f"chỉ tiêu {raw['code']} kiểu {value_type.value} không "
                                 "cộng được qua các kỳ", expected="period_rollup: last hoặc none; tỷ lệ có công thức "
                                                                  "được tính lại từ các chỉ tiêu thành phần")
        return rollup

    def _check_unique(self, indicators: tuple[Indicator, ...]) -> None:
        seen: set[str] = set()
        for (path, _raw, _section), indicator in zip(self._indicator_paths(), indicators, strict=True):
            if indicator.code in seen:
                raise self.doc.error((*path, "code"), f"mã chỉ tiêu {indicator.code} bị trùng",
                                     expected="mỗi mã chỉ tiêu chỉ xuất hiện một lần")
            seen.add(indicator.code)

    def _relations(self) -> Iterator[Relation]:
        for raw in self.data.get("relations", []):
            kind = RelationKind(raw["kind"])
            left, right = {
                RelationKind.SUM: (raw.get("total"), raw.get("parts", [])),
                RelationKind.PART_OF: (raw.get("part"), [raw.get("whole")]),
                RelationKind.EQUAL: (raw.get("left"), [raw.get("right")]),
            }[kind]
            yield Relation(kind, str(left), tuple(str(r) for r in right), raw.get("note", ""))

    def _rules(self) -> Iterator[Rule]:
        for index, raw in enumerate(self.data.get("rules", [])):
            formula = self._formula(("rules", index, "check"), raw["check"])
            assert formula is not None
            if not formula.is_comparison or not formula.references:
                raise self.doc.error(("rules", index, "check"),
                                     "quy tắc kiểm tra phải là một phép so sánh giữa các chỉ tiêu",
                                     expected="ví dụ {5.1.2} + {5.2.2} <= {5.1.1}")
            indicator = str(raw.get("indicator") or formula.references[0])
            yield Rule(raw["id"], formula, raw.get("severity", "error"), raw["message"], indicator)

    def _check_references(self, framework: Framework) -> None:
        codes = {i.code for i in framework.indicators}
        self._check_formulas(framework.indicators, codes)
        for index, rule in enumerate(framework.rules):
            self._known(codes, rule.expression.references, ("rules", index, "check"))
            self._known(codes, [rule.indicator], ("rules", index, "indicator"))
        for index, relation in enumerate(framework.relations):
            self._known(codes, (relation.left, *relation.right), ("relations", index))
        for path, raw, _section in self._indicator_paths():
            if "parent" in raw:
                self._known(codes, [str(raw["parent"])], (*path, "parent"))
            for t_index, target in enumerate(raw.get("targets", [])):
                refs = [str(p["indicator"]) for p in target.get("parts", [])]
                self._known(codes, refs, (*path, "targets", t_index))

    def _check_formulas(self, indicators: tuple[Indicator, ...], codes: set[str]) -> None:
        """Unknown references and cycles, reported at the formula that brings them in: formulas are added in
        file order, so the first set that fails fails because of the formula just added."""
        formulas: dict[str, Formula] = {}
        for (path, _raw, _section), indicator in zip(self._indicator_paths(), indicators, strict=True):
            if indicator.formula is None:
                continue
            formulas[indicator.code] = indicator.formula
            try:
                check_formulas(formulas, codes)
            except InputError as exc:
                raise exc.located(file=self.doc.file, line=self.doc.line((*path, "formula")),
                                  column=dotted((*path, "formula"))) from exc

    def _known(self, codes: set[str], referenced: Any, path: Path) -> None:
        for code in referenced:
            if code not in codes:
                raise self.doc.error(path, f"tham chiếu chỉ tiêu không tồn tại: {code}",
                                     expected="mã một chỉ tiêu có trong bộ chỉ tiêu")


def _terms(raw: dict[str, Any]) -> tuple[tuple[str, FilterValue], ...]:
    """A filter as (name, value) pairs; a list of values becomes a tuple."""
    return tuple((str(k), tuple(str(x) for x in v) if isinstance(v, list) else v) for k, v in raw.items())


def _implied_parent(code: str, known: set[str]) -> str:
    """5.1.2 sits under 5.1 when 5.1 was declared before it."""
    head = code.rsplit(".", 1)[0] if "." in code else ""
    while head and head not in known:
        head = head.rsplit(".", 1)[0] if "." in head else ""
    return head
