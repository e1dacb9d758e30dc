"""The shipped frameworks (cqs, cds2025) and the Đắk Lắk data agree with the seed documents' tables.

The seed tables are typed in ``tests/seed_tables.py``; these tests check that the framework YAML files and
``src/chiso/data/daklak/*.csv`` transcribe them faithfully, and that the documents' own arithmetic holds
where it should and fails exactly where the printed figures disagree with each other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

import pytest
import yaml

import seed_tables as seeds  # noqa: E402  (tests/ is on pythonpath)
from chiso.catalog.loader import load_framework_file, shipped_frameworks
from chiso.catalog.model import (
    Aggregation,
    Direction,
    Framework,
    Indicator,
    RelationKind,
    TargetKind,
    ValueType,
)
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType, parse_unit_type
from chiso.periods import Period
from chiso.values.model import Bound, parse_status, read_value
from chiso.values.numbers import decimals_of, format_decimal, format_percent

DATA = "chiso.data.daklak"
FRAMEWORKS = "chiso.data.frameworks"

Rows = list[dict[str, str]]  # CSV rows by column name
Stored = dict[tuple[str, str, str], dict[str, str]]  # (indicator, unit, period) → CSV row


# --- Loading --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> dict[str, Framework]:
    return shipped_frameworks()


@pytest.fixture(scope="module")
def cqs(shipped: dict[str, Framework]) -> Framework:
    return shipped["cqs"]


@pytest.fixture(scope="module")
def cds(shipped: dict[str, Framework]) -> Framework:
    return shipped["cds2025"]


def _csv(name: str) -> Rows:
    text = resources.files(DATA).joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _header(name: str) -> list[str]:
    text = resources.files(DATA).joinpath(name).read_text("utf-8")
    return next(csv.reader(io.StringIO(text)))


@pytest.fixture(params=["shipped file", "store round trip"])
def source(request: pytest.FixtureRequest) -> str:
    """Each data test runs on the shipped CSV and on what the store exports after load → export → load."""
    return str(request.param)


def _rows_from(request: pytest.FixtureRequest, source: str, table: str) -> Rows:
    if source == "shipped file":
        return _csv(f"{table}.csv")
    texts: dict[str, str] = request.getfixturevalue("store_round_trip")
    return list(csv.DictReader(io.StringIO(texts[table])))


@pytest.fixture
def values(request: pytest.FixtureRequest, source: str) -> Rows:
    return _rows_from(request, source, "values")


@pytest.fixture
def evaluations(request: pytest.FixtureRequest, source: str) -> Rows:
    return _rows_from(request, source, "evaluations")


def _values_of(rows: Rows, framework: str) -> Stored:
    """(indicator, unit, period) → row, for one framework."""
    found: Stored = {}
    for row in rows:
        if row["framework"] == framework:
            key = (row["indicator"], row["unit"], row["period"])
            assert key not in found, f"duplicate value {framework} {key}"
            found[key] = row
    return found


def test_both_frameworks_are_shipped(shipped: dict[str, Framework]) -> None:
    assert {"cqs", "cds2025"} <= set(shipped)


@pytest.mark.parametrize("code", ["cqs", "cds2025"])
def test_framework_file_loads_the_same_as_the_shipped_one(code: str, shipped: dict[str, Framework]) -> None:
    with resources.as_file(resources.files(FRAMEWORKS).joinpath(f"{code}.yaml")) as path:
        loaded = load_framework_file(path)
    assert loaded.code == code
    assert loaded == shipped[code]
    assert [i.code for i in loaded.indicators] == [i.code for i in shipped[code].indicators]


def test_cqs_metadata(cqs: Framework) -> None:
    assert cqs.title == ("Thống kê các chỉ tiêu tại lĩnh vực xây dựng và phát triển chính quyền điện tử, "
                         "chính quyền số")
    assert cqs.appendix == "Phụ lục VIII"
    assert cqs.layout == "statistics_table"
    assert cqs.sections == ()
    (basis,) = cqs.legal_basis
    assert (basis.document, basis.date, basis.issuer) == (
        "…/BC-UBND", "2025-06", "Ủy ban nhân dân tỉnh Đắk Lắk")
    assert cqs.settings["checks"] == {"jump_relative": Decimal("0.5"), "jump_points": 30, "jump_min_base": 100}


def test_cds2025_metadata(cds: Framework) -> None:
    assert cds.title == ("Kết quả thực hiện các chỉ tiêu chuyển đổi số đến năm 2025 "
                         "của Ban Chấp hành Đảng bộ tỉnh")
    assert cds.layout == "target_evaluation"
    (basis,) = cds.legal_basis
    assert (basis.document, basis.date, basis.issuer) == (
        "…/BC-BCĐCĐS", "2023-08", "Ban Chỉ đạo về Chuyển đổi số tỉnh Đắk Lắk")
    assert [(s.code, s.title) for s in cds.sections] == seeds.CDS2025_SECTIONS
    assert cds.settings["evaluation"] == {"exceeded_margin": 0, "on_track": Decimal("0.95"), "moderate": Decimal("0.6")}


def test_cds2025_transcription_notes_record_every_reconstruction_and_correction() -> None:
    text = resources.files(FRAMEWORKS).joinpath("cds2025.yaml").read_text("utf-8")
    notes = "\n".join(yaml.safe_load(text)["transcription_notes"])
    assert "CỦA BAN CHẤP HÀNH ĐẢNG BỘ" in notes
    assert " | ".join(seeds.CDS2025_COLUMNS) in notes
    for code, corrections in seeds.CDS2025_CORRECTIONS.items():
        for printed, corrected in corrections:
            assert f"«{printed}» thành «{corrected}»" in notes, (code, printed)
    for _code, title in seeds.CDS2025_SECTIONS:
        assert title in notes


# --- Codes, names, types ----------------------------------------------------------------------------------


def test_cqs_codes_and_names_are_the_seed_rows_in_order(cqs: Framework) -> None:
    # Rows added after the appendix (6.4, the on-time rate counted from dossiers) are printed only when they
    # have data, so the seed's rows are exactly the others.
    added = [(i.code, i.name) for i in cqs.indicators if i.report.get("omit_when_empty")]
    assert added == [("6.4", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn")]
    assert [(i.code, i.name) for i in cqs.indicators if not i.report.get("omit_when_empty")] == \
        [(code, name) for code, name, _ in seeds.CQS_ROWS]


def test_cqs_every_indicator_has_an_english_name(cqs: Framework) -> None:
    assert all(i.name_en for i in cqs.indicators)


CDS_SUB_INDICATORS = {"III.1.1": "III.1", "III.1.2": "III.1", "III.3.1": "III.3", "III.3.2": "III.3"}


def test_cds2025_codes_and_names_are_the_seed_rows_in_order(cds: Framework) -> None:
    printed = [(i.code, i.name) for i in cds.indicators if i.code not in CDS_SUB_INDICATORS]
    assert printed == [(row[0], row[1]) for row in seeds.CDS2025_ROWS]
    assert {i.code: i.parent for i in cds.indicators if i.code in CDS_SUB_INDICATORS} == CDS_SUB_INDICATORS
    for indicator in cds.indicators:
        assert indicator.section == indicator.code.split(".")[0]
        assert indicator.name_en


def test_cds2025_names_carry_the_typo_corrections(cds: Framework) -> None:
    for code, corrections in seeds.CDS2025_CORRECTIONS.items():
        name = cds.indicator(code).name
        for printed, corrected in corrections:
            assert corrected in name
            assert printed not in name


CQS_COUNTS_TTHC = {"5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.2.3", "5.3.1", "5.3.2", "5.5.1", "5.5.2"}
CQS_RATES = {"5.1": ("5.1.2", "5.1.1"), "5.2": ("5.2.2", "5.2.1"), "5.3": ("5.3.2", "5.3.1"),
             "5.4": ("5.4.2", "5.4.1"), "5.5": ("5.5.2", "5.5.1")}


def test_cqs_types_units_and_aggregation(cqs: Framework) -> None:
    types = {i.code: i.value_type for i in cqs.indicators}
    assert {c for c, t in types.items() if t is ValueType.HEADING} == {"4", "5", "6"}
    assert {c for c, t in types.items() if t is ValueType.TEXT} == {"1", "4.1"}
    assert {c for c, t in types.items() if t is ValueType.COUNT} == CQS_COUNTS_TTHC | {"5.4.1", "5.4.2"}
    for code in CQS_COUNTS_TTHC:
        assert cqs.indicator(code).unit == "TTHC"
        assert cqs.indicator(code).aggregation is Aggregation.SUM
    assert cqs.indicator("5.4.1").unit == cqs.indicator("5.4.2").unit == "hồ sơ"
    for rate, (numerator, denominator) in CQS_RATES.items():
        indicator = cqs.indicator(rate)
        assert indicator.value_type is ValueType.PERCENT
        assert indicator.formula is not None
        assert indicator.formula.text.replace(" ", "") == f"{{{numerator}}}/{{{denominator}}}*100"
        assert (indicator.decimals, indicator.direction, indicator.aggregation) == (
            2, Direction.HIGHER, Aggregation.RATIO)
    for code in ("2", "3", "4.2", "6.1", "6.2", "6.3"):
        indicator = cqs.indicator(code)
        assert indicator.value_type is ValueType.PERCENT
        assert indicator.formula is None
        assert indicator.aggregation is Aggregation.NONE
    assert cqs.indicator("4.1").report == {"merge_periods": True}


def test_cqs_relations_and_rule(cqs: Framework) -> None:
    shapes = {(r.kind, r.left, r.right) for r in cqs.relations}
    assert shapes == {
        (RelationKind.PART_OF, "5.1.2", ("5.1.1",)),
        (RelationKind.PART_OF, "5.1.3", ("5.1.2",)),
        (RelationKind.PART_OF, "5.2.2", ("5.2.1",)),
        (RelationKind.PART_OF, "5.2.3", ("5.2.2",)),
        (RelationKind.PART_OF, "5.3.2", ("5.3.1",)),
        (RelationKind.PART_OF, "5.4.2", ("5.4.1",)),
        (RelationKind.PART_OF, "5.5.2", ("5.5.1",)),
        (RelationKind.PART_OF, "5.3.1", ("5.1.1",)),
        (RelationKind.EQUAL, "5.2.1", ("5.1.1",)),
        (RelationKind.SUM, "5.3.1", ("5.1.2", "5.2.2")),
    }
    (rule,) = cqs.rules
    assert rule.id == "full_plus_partial_within_total"
    assert rule.expression.is_comparison
    assert set(rule.expression.references) == {"5.1.2", "5.2.2", "5.1.1"}


def test_cds2025_types_and_targets(cds: Framework) -> None:
    by_code = {row[0]: row for row in seeds.CDS2025_ROWS}
    for code, row in by_code.items():
        (target,) = cds.indicator(code).targets
        assert target.period == seeds.CDS2025_TARGET_PERIOD
        assert target.text == row[2]
        assert target.legal_basis is None
    for code, value in [("I.1", 100), ("I.2", 90), ("I.3", 80), ("I.4", 60), ("I.5", 100), ("I.6", 50),
                        ("II.1", 20), ("II.2", 7), ("II.3", 7), ("II.4", 20)]:
        indicator = cds.indicator(code)
        (target,) = indicator.targets
        assert indicator.direction is Direction.HIGHER
        assert target.kind is TargetKind.NUMBER
        assert [(p.indicator, p.comparator, p.value) for p in target.parts] == [(code, ">=", Decimal(value))]
    assert cds.indicator("II.4").value_type is ValueType.COUNT
    assert cds.indicator("II.4").unit == "doanh nghiệp"

    (compound,) = cds.indicator("III.1").targets
    assert compound.kind is TargetKind.COMPOUND
    assert [(p.indicator, p.comparator, p.value, p.label) for p in compound.parts] == [
        ("III.1.1", ">=", Decimal(90), "hộ gia đình"), ("III.1.2", ">=", Decimal(100), "xã")]
    for code in ("III.1.1", "III.1.2"):
        assert cds.indicator(code).report == {"part_of_parent": True}
        assert cds.indicator(code).direction is Direction.HIGHER

    for code in ("III.2", "III.4"):
        assert cds.indicator(code).value_type is ValueType.TEXT
        assert cds.indicator(code).targets[0].kind is TargetKind.QUALITATIVE

    accounts = cds.indicator("III.3")
    assert accounts.may_exceed_100 and accounts.decimals == 1
    assert [(p.comparator, p.value) for p in accounts.targets[0].parts] == [(">", Decimal(50))]
    assert accounts.formula is not None
    assert accounts.formula.references == ("III.3.1", "III.3.2")

    rating = cds.indicator("III.5")
    assert rating.value_type is ValueType.ORDINAL
    assert rating.levels == ("Loại A", "Loại B", "Loại C", "Loại D")
    assert (rating.targets[0].kind, rating.targets[0].level) == (TargetKind.LEVEL, "Loại A")


# --- Org units ------------------------------------------------------------------------------------------


DISTRICTS = {
    "643": "Thành phố Buôn Ma Thuột", "644": "Thị xã Buôn Hồ", "645": "Huyện Ea H'leo",
    "646": "Huyện Ea Súp", "647": "Huyện Buôn Đôn", "648": "Huyện Cư M'gar", "649": "Huyện Krông Búk",
    "650": "Huyện Krông Năng", "651": "Huyện Ea Kar", "652": "Huyện M'Đrắk", "653": "Huyện Krông Bông",
    "654": "Huyện Krông Pắc", "655": "Huyện Krông A Na", "656": "Huyện Lắk", "657": "Huyện Cư Kuin",
}


def _org_units() -> Iterator[OrgUnit]:
    for row in _csv("org_units.csv"):
        yield OrgUnit(
            code=row["code"], name=row["name"], type=parse_unit_type(row["type"]), parent=row["parent"],
            valid_from=date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
            valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        )


def test_org_units() -> None:
    assert _header("org_units.csv") == ["code", "name", "type", "parent", "valid_from", "valid_to"]
    hierarchy = Hierarchy(_org_units())
    assert len(hierarchy.units) == 17
    province = hierarchy["66"]
    assert (province.name, province.type, province.parent, province.valid_to) == (
        "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE, "", None)
    phu_yen = hierarchy["54"]
    assert (phu_yen.name, phu_yen.type, phu_yen.valid_to) == ("Tỉnh Phú Yên", OrgUnitType.PROVINCE,
                                                               date(2025, 6, 30))
    assert {u.code: u.name for u in hierarchy.children("66")} == DISTRICTS
    for unit in hierarchy.children("66"):
        assert unit.type is OrgUnitType.DISTRICT
        assert unit.active_on(date(2025, 6, 30)) and not unit.active_on(date(2025, 7, 1))
    assert {u.code for u in hierarchy.roots()} == {"66", "54"}


# --- Values ---------------------------------------------------------------------------------------------


def test_values_csv_shape(values: Rows, shipped: dict[str, Framework]) -> None:
    assert _header("values.csv") == ["framework", "indicator", "unit", "period", "value", "note", "source"]
    units = {u.code for u in _org_units()}
    for row in values:
        framework = shipped[row["framework"]]
        assert framework.has(row["indicator"]), row
        assert row["unit"] in units
        Period.parse(row["period"])
        assert row["source"]
        assert row["value"] == row["value"].strip() and row["value"]


def test_every_value_parses_by_its_indicator(values: Rows, shipped: dict[str, Framework]) -> None:
    for row in values:
        indicator = shipped[row["framework"]].indicator(row["indicator"])
        read_value(indicator, row["value"])  # raises InputError when the value does not fit the type


def _vi(indicator: Indicator, text: str, percent_sign: bool) -> str:
    """A stored value written as the seed documents write it."""
    reading = read_value(indicator, text)
    if isinstance(reading, Bound):
        written = reading.comparator + format_decimal(reading.limit, "vi")
    elif isinstance(reading, Decimal):
        written = format_decimal(reading, "vi")
    else:
        return str(reading)
    return written + "%" if percent_sign else written


def test_cqs_values_reproduce_the_seed_table_cell_by_cell(cqs: Framework, values: Rows) -> None:
    stored = _values_of(values, "cqs")
    expected_keys = set()
    compared = 0
    for code, _name, cells in seeds.CQS_ROWS:
        indicator = cqs.indicator(code)
        for period, cell in zip(seeds.CQS_PERIODS, cells, strict=True):
            key = (code, seeds.CQS_UNIT, period)
            if cell in ("", "-"):
                assert key not in stored, f"{key}: the seed has no data here"
                continue
            expected_keys.add(key)
            row = stored[key]
            percent_sign = cell.endswith("%")
            if percent_sign:
                assert indicator.value_type is ValueType.PERCENT
            written = _vi(indicator, row["value"], percent_sign)
            if row["note"]:
                written += " " + row["note"]
            assert written == cell, key
            compared += 1
    assert set(stored) == expected_keys
    assert compared == 5 * 25 - 5  # 25 rows with values; 5.1.3, 5.2.3, 5.5, 5.5.1, 5.5.2 print "-" in 2021


def test_cqs_value_notes_and_decimals_are_kept(values: Rows) -> None:
    stored = _values_of(values, "cqs")
    assert stored[("5.5.1", "66", "2024")]["note"] == "theo QĐ 2741/QĐ-UBND ngày 22/12/2023"
    assert stored[("5.5.2", "66", "2025S1")]["note"] == "theo QĐ 2989/QĐ-UBND ngày 28/11/2024"
    assert stored[("6.1", "66", "2025S1")]["value"] == "99.20"
    assert stored[("5.1", "66", "2023")]["value"] == "41.5"
    assert stored[("5.4.1", "66", "2022")]["value"] == "1247855"


def _numbers(cqs: Framework, values: Rows) -> dict[str, dict[str, Decimal]]:
    """period → indicator → number, for org unit 66 in cqs."""
    found: dict[str, dict[str, Decimal]] = {}
    for (code, _unit, period), row in _values_of(values, "cqs").items():
        reading = read_value(cqs.indicator(code), row["value"])
        if isinstance(reading, Decimal):
            found.setdefault(period, {})[code] = reading
    return found


def test_cqs_rates_follow_from_their_counts_except_5_5_in_2022(cqs: Framework,
                                                                values: Rows) -> None:
    mismatches = set()
    checked = 0
    for period, numbers in _numbers(cqs, values).items():
        for indicator in cqs.derived():
            assert indicator.formula is not None
            if indicator.code not in numbers:
                continue
            reported = numbers[indicator.code]
            computed = indicator.formula.evaluate(numbers)
            assert isinstance(computed, Decimal)
            rounded = computed.quantize(Decimal(1).scaleb(-decimals_of(reported)), rounding=ROUND_HALF_UP)
            checked += 1
            if rounded != reported:
                mismatches.add((indicator.code, period))
    assert checked == 24  # five rates in five periods, less 5.5 in 2021 ("-")
    assert mismatches == seeds.CQS_RATE_MISMATCHES == {("5.5", "2022")}
    computed_2022 = Decimal(48) / Decimal(251) * 100
    assert format_decimal(computed_2022, "vi", 2) == "19,12"


def test_cqs_sum_relation_fails_exactly_for_5_3_1_in_2021(cqs: Framework, values: Rows) -> None:
    failures = set()
    for period, numbers in _numbers(cqs, values).items():
        for relation in cqs.relations:
            if relation.kind is not RelationKind.SUM:
                continue
            total = numbers[relation.left]
            parts = sum((numbers[p] for p in relation.right), Decimal(0))
            if total != parts:
                failures.add((relation.left, period))
    assert failures == seeds.CQS_SUM_MISMATCHES == {("5.3.1", "2021")}
    assert _numbers(cqs, values)["2021"]["5.1.2"] + _numbers(cqs, values)["2021"]["5.2.2"] == 1168


def test_cqs_part_of_equal_and_rule_hold_in_every_period(cqs: Framework, values: Rows) -> None:
    checked = 0
    for period, numbers in _numbers(cqs, values).items():
        for relation in cqs.relations:
            if relation.kind is RelationKind.SUM or any(c not in numbers for c in (relation.left,
                                                                                   *relation.right)):
                continue
            left, (right,) = numbers[relation.left], [numbers[c] for c in relation.right]
            holds = left <= right if relation.kind is RelationKind.PART_OF else left == right
            assert holds, (relation, period)
            checked += 1
        for rule in cqs.rules:
            assert rule.expression.evaluate(numbers) is True, (rule.id, period)
    assert checked > 30


# --- cds2025 results and evaluations ------------------------------------------------------------------


def _latest(stored: Stored, code: str, as_of: str) -> dict[str, str] | None:
    """The latest value of ``code`` for unit 66 at or before ``as_of``."""
    limit = Period.parse(as_of)
    candidates = [(Period.parse(p), row) for (c, u, p), row in stored.items()
                  if c == code and u == seeds.CDS2025_UNIT and Period.parse(p) <= limit]
    return max(candidates, key=lambda pair: pair[0])[1] if candidates else None


def _printed_result(cds: Framework, stored: Stored, code: str) -> str:
    """The "Kết quả" cell as the document prints it, rebuilt from the stored values."""
    indicator = cds.indicator(code)
    (target,) = indicator.targets
    if target.kind is TargetKind.COMPOUND:
        pieces = []
        for part in target.parts:
            row = _latest(stored, part.indicator, seeds.CDS2025_RESULT_PERIOD)
            if row is not None:
                pieces.append(f"{_vi(cds.indicator(part.indicator), row['value'], True)} {part.label}")
        return ", ".join(pieces)
    row = _latest(stored, code, seeds.CDS2025_RESULT_PERIOD)
    if row is None:
        return ""
    return _vi(indicator, row["value"], indicator.value_type is ValueType.PERCENT)


def test_cds2025_values_reproduce_the_printed_results(cds: Framework, values: Rows) -> None:
    stored = _values_of(values, "cds2025")
    for code, _name, _target, result, _evaluation, _note in seeds.CDS2025_ROWS:
        assert _printed_result(cds, stored, code) == result, code
    for code, written in seeds.CDS2025_NOTE_FIGURES.items():
        row = stored[(code, seeds.CDS2025_UNIT, seeds.CDS2025_RESULT_PERIOD)]
        assert _vi(cds.indicator(code), row["value"], False) == written
    assert set(stored) == {(c, "66", "2023S1") for c in (
        "I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "II.3", "III.1.2", "III.2", "III.3", "III.3.1", "III.3.2",
        "III.4")} | {("III.5", "66", "2021")}


def test_cds2025_account_rate_follows_from_the_note_figures(cds: Framework, values: Rows) -> None:
    stored = _values_of(values, "cds2025")
    numbers = {code: Decimal(stored[(code, "66", "2023S1")]["value"])
               for code in ("III.3", "III.3.1", "III.3.2")}
    indicator = cds.indicator("III.3")
    assert indicator.formula is not None and indicator.decimals is not None
    computed = indicator.formula.evaluate(numbers)
    assert isinstance(computed, Decimal)
    assert format_percent(computed, "vi", indicator.decimals) == "101,9%"
    assert computed.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == numbers["III.3"]


def test_evaluations_are_the_seed_evaluation_column(cds: Framework, evaluations: Rows) -> None:
    assert _header("evaluations.csv") == ["framework", "indicator", "target", "unit", "period", "status",
                                          "note", "source"]
    recorded = {}
    for row in evaluations:
        assert row["framework"] == "cds2025"
        assert (row["unit"], row["period"]) == (seeds.CDS2025_UNIT, seeds.CDS2025_RESULT_PERIOD)
        assert row["target"] in {t.id for t in cds.indicator(row["indicator"]).targets}
        assert row["source"]
        parse_status(row["status"])  # a known label or blank
        assert row["indicator"] not in recorded
        recorded[row["indicator"]] = (row["status"], row["note"])
    expected = {code: (evaluation, note) for code, _n, _t, _r, evaluation, note in seeds.CDS2025_ROWS
                if evaluation or note}
    assert recorded == expected
    for merged in seeds.CDS2025_MERGED_NOTES:
        assert len({recorded[code][1] for code in merged}) == 1
