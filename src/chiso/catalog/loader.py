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
    Framework,
    Indicator,
    LegalBasis,
    Relation,
    RelationKind,
    Rule,
    Section,
    ValueType,
)
from chiso.catalog.targets import build_target
from chiso.catalog.yamlsource import Path, YamlDocument, dotted, read_yaml
from chiso.errors import InputError
from chiso.formulas import Formula, check_formulas, parse_formula

FRAMEWORKS_PACKAGE = "chiso.data.frameworks"


@cache
def framework_schema() -> dict[str, Any]:
    text = resources.files("chiso.catalog").joinpath("schema/framework.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_framework_file(path: str | FsPath) -> Framework:
    path = FsPath(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"không đọc được tệp: {exc}", file=str(path)) from exc
    return load_framework(text, file=str(path))


def shipped_frameworks() -> dict[str, Framework]:
    """The frameworks shipped with chiso, by code."""
    folder = resources.files(FRAMEWORKS_PACKAGE)
    found = (load_framework(f.read_text("utf-8"), file=f.name) for f in folder.iterdir()
             if f.name.endswith(".yaml"))
    return {fw.code: fw for fw in found}


def load_framework(text: str, file: str = "<framework>") -> Framework:
    doc = read_yaml(text, file)
    _validate_schema(doc)
    return _Builder(doc).build(text)


def _validate_schema(doc: YamlDocument) -> None:
    validator = jsonschema.Draft202012Validator(framework_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc.data))
    if error is None:
        return
    path: Path = tuple(error.absolute_path)
    raise doc.error(path, f"không hợp lệ theo lược đồ bộ chỉ tiêu: {_schema_message(error)}",
                    expected=_expected(error))


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return f"thiếu khoá {error.message.split(' ')[0]}"
    if error.validator == "additionalProperties":
        return f"khoá không được phép ({error.message})"
    return error.message


def _expected(error: jsonschema.ValidationError) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "enum" in schema:
        return "một trong: " + ", ".join(map(str, schema["enum"]))
    if "pattern" in schema:
        return f"khớp mẫu {schema['pattern']}"
    description = schema.get("description")
    return str(description) if description else None


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
            sections=tuple(self._sections()),
            indicators=indicators,
            relations=tuple(self._relations()),
            rules=tuple(self._rules()),
            settings=self.data.get("settings", {}),
            source_text=text,
        )
        self._check_references(framework)
        return framework

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
            aggregation=self._aggregation(raw, value_type),
            levels=tuple(raw.get("levels", ())),
            notes=raw.get("notes", ""),
            parent=str(raw.get("parent") or _implied_parent(code, known)),
            report=raw.get("report", {}),
        )
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

    @staticmethod
    def _aggregation(raw: dict[str, Any], value_type: ValueType) -> Aggregation:
        if "aggregation" in raw:
            return Aggregation(raw["aggregation"])
        if "formula" in raw:
            return Aggregation.RATIO
        return Aggregation.SUM if value_type in (ValueType.COUNT, ValueType.NUMBER) else Aggregation.NONE

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
        formulas = {i.code: i.formula for i in framework.indicators if i.formula is not None}
        try:
            check_formulas(formulas, codes)
        except InputError as exc:
            raise exc.located(file=self.doc.file) from exc
        for index, rule in enumerate(framework.rules):
            self._known(codes, rule.expression.references, ("rules", index, "check"))
        for index, relation in enumerate(framework.relations):
            self._known(codes, (relation.left, *relation.right), ("relations", index))
        for path, raw, _section in self._indicator_paths():
            for t_index, target in enumerate(raw.get("targets", [])):
                refs = [str(p["indicator"]) for p in target.get("parts", [])]
                self._known(codes, refs, (*path, "targets", t_index))

    def _known(self, codes: set[str], referenced: Any, path: Path) -> None:
        for code in referenced:
            if code not in codes:
                raise self.doc.error(path, f"tham chiếu chỉ tiêu không tồn tại: {code}",
                                     expected="mã một chỉ tiêu có trong bộ chỉ tiêu")


def _implied_parent(code: str, known: set[str]) -> str:
    """5.1.2 sits under 5.1 when 5.1 was declared before it."""
    head = code.rsplit(".", 1)[0] if "." in code else ""
    while head and head not in known:
        head = head.rsplit(".", 1)[0] if "." in head else ""
    return head
