"""The framework YAML loader: a valid file comes out exactly as written, a broken one says where and why.

``data/framework.yaml`` uses every feature of the format; ``data/framework-with-problems.yaml`` is its twin
with one deliberate problem. The broken inputs further down are inline, each with the line and the column
(a dotted path such as ``indicators[2].formula``) its error must name.
"""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from chiso.catalog.loader import load_framework, load_framework_file, shipped_frameworks
from chiso.catalog.model import (
    Aggregation,
    Baseline,
    Direction,
    Framework,
    Indicator,
    LegalBasis,
    Relation,
    RelationKind,
    Section,
    TargetKind,
    TargetPart,
    ValueType,
)
from chiso.errors import InputError

DATA = Path(__file__).parent / "data"
VALID = DATA / "framework.yaml"
WITH_PROBLEMS = DATA / "framework-with-problems.yaml"

# Words of PyYAML's and jsonschema's English messages; none may reach a Vietnamese official.
ENGLISH = re.compile(
    r"\b(is not|does not|not allowed|unexpected|expected|found|while|should|valid under|too short|"
    r"No such file|codec|Errno|[Aa]dditional [Pp]roperties|schemas?|the|of|or|to|must)\b"
)


def assert_vietnamese(error: InputError) -> None:
    """Message and expectation (not the file path, which may hold any word) carry no English."""
    said = f"{error.message} (cần: {error.expected})"
    assert not ENGLISH.search(said), said


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework_file(VALID)


def indicator(framework: Framework, code: str) -> Indicator:
    return framework.indicator(code)


# --- The valid file ---------------------------------------------------------------------------------------


def test_metadata_comes_out_as_written(framework: Framework) -> None:
    assert framework.code == "thu_nghiem"
    assert framework.title == "Bộ chỉ tiêu thử nghiệm"
    assert framework.title_en == "Test framework"
    assert framework.appendix == "Phụ lục I"
    assert framework.layout == "target_evaluation"
    assert framework.legal_basis == (
        LegalBasis(document="766/QĐ-TTg", date="2022-06-23", issuer="Thủ tướng Chính phủ",
                   title="Bộ chỉ số chuyển đổi số"),
    )
    assert framework.sections == (Section("III", "Phát triển xã hội số", "Digital society"),)
    assert framework.source_text == VALID.read_text(encoding="utf-8")


def test_settings_keep_exact_decimals(framework: Framework) -> None:
    assert framework.settings == {
        "checks": {"jump_relative": Decimal("0.5"), "jump_points": 30, "jump_min_base": 100},
        "evaluation": {"exceeded_margin": 0, "on_track": Decimal("0.95"), "moderate": Decimal("0.60")},
    }
    evaluation = framework.settings["evaluation"]
    assert isinstance(evaluation, dict)
    assert isinstance(evaluation["on_track"], Decimal)  # never a binary float
    assert str(evaluation["moderate"]) == "0.60"  # the written digits are kept


def test_indicators_keep_file_order_and_codes_are_text(framework: Framework) -> None:
    codes = [i.code for i in framework.indicators]
    # Top-level indicators first, then those of each section; 5 and 5.1 are unquoted in the file.
    assert codes == ["5", "5.1", "5.1.1", "5.1.2", "5.2", "5.3", "6", "7", "8", "III.1", "III.1.1", "III.1.2"]
    assert all(type(code) is str for code in codes)


def test_parents_are_implied_by_codes_unless_given(framework: Framework) -> None:
    parents = {i.code: i.parent for i in framework.indicators}
    assert parents == {
        "5": "", "5.1": "5", "5.1.1": "5.1", "5.1.2": "5.1", "5.2": "5", "5.3": "5",
        "6": "5",  # given: parent: 5 (unquoted)
        "7": "", "8": "",
        "III.1": "",  # III is a section, not an indicator
        "III.1.1": "III.1", "III.1.2": "III.1",
    }


def test_sections_are_recorded_on_their_indicators(framework: Framework) -> None:
    sections = {i.code: i.section for i in framework.indicators}
    assert {code for code, section in sections.items() if section == "III"} == {"III.1", "III.1.1", "III.1.2"}
    assert {section for code, section in sections.items() if not code.startswith("III")} == {""}


@pytest.mark.parametrize(
    ("code", "value_type", "aggregation"),
    [
        ("5", ValueType.HEADING, Aggregation.NONE),
        ("5.1", ValueType.PERCENT, Aggregation.RATIO),  # a formula: recompute the ratio
        ("5.1.1", ValueType.COUNT, Aggregation.SUM),  # a count: sum
        ("5.1.2", ValueType.COUNT, Aggregation.SUM),
        ("5.2", ValueType.PERCENT, Aggregation.NONE),  # a percent without formula: never averaged
        ("5.3", ValueType.PERCENT, Aggregation.NONE),  # written out
        ("6", ValueType.YES_NO, Aggregation.NONE),
        ("7", ValueType.ORDINAL, Aggregation.NONE),
        ("8", ValueType.TEXT, Aggregation.NONE),
    ],
)
def test_types_and_aggregation_defaults(
    framework: Framework, code: str, value_type: ValueType, aggregation: Aggregation
) -> None:
    found = indicator(framework, code)
    assert found.value_type is value_type
    assert found.aggregation is aggregation


def test_percent_with_formula(framework: Framework) -> None:
    rate = indicator(framework, "5.1")
    assert rate.name == "Tỷ lệ TTHC cung cấp trực tuyến toàn trình"
    assert rate.name_en == "Share of procedures offered fully online"
    assert rate.unit == "%"  # percent's default unit
    assert rate.decimals == 2
    assert rate.direction is Direction.HIGHER
    assert rate.formula is not None
    assert rate.formula.text == "{5.1.2} / {5.1.1} * 100"
    assert rate.formula.references == ("5.1.2", "5.1.1")
    assert rate.is_derived
    assert [i.code for i in framework.derived()] == ["5.1"]


def test_counts_and_other_types(framework: Framework) -> None:
    total = indicator(framework, "5.1.1")
    assert (total.unit, total.direction, total.decimals, total.formula) == ("TTHC", None, None, None)
    poverty = indicator(framework, "5.3")
    assert poverty.direction is Direction.LOWER
    assert poverty.may_exceed_100 is False
    rating = indicator(framework, "7")
    assert rating.levels == ("Loại A", "Loại B", "Loại C")
    assert rating.notes == "Xếp loại cao nhất đứng đầu."
    assert rating.unit == ""
    assert indicator(framework, "8").report == {"merge_periods": True}


def test_number_target_with_baseline_and_legal_basis(framework: Framework) -> None:
    (target,) = indicator(framework, "5.1").targets
    assert target.kind is TargetKind.NUMBER
    assert (target.id, target.period, target.text, target.note) == ("2025", "2025", "90%", "Theo Nghị quyết")
    assert target.parts == (TargetPart("5.1", ">=", Decimal("90")),)  # direction higher: at least 90
    assert target.baseline == Baseline("2021", Decimal("46.14"))
    assert str(target.baseline.value) == "46.14"  # an unquoted 46.14, read exactly
    assert target.legal_basis == LegalBasis(document="01-NQ/TU", date="2021-10", issuer="Tỉnh ủy")


def test_bound_target_keeps_its_comparator_and_id(framework: Framework) -> None:
    (target,) = indicator(framework, "5.2").targets
    assert target.kind is TargetKind.BOUND  # its comparator is written: a bound, not a plain number
    assert (target.id, target.period, target.text) == ("giua_ky", "2023S2", ">50%")
    assert target.parts == (TargetPart("5.2", ">", Decimal("50")),)
    assert target.baseline is None and target.legal_basis is None


def test_range_target(framework: Framework) -> None:
    (target,) = indicator(framework, "5.3").targets
    assert target.kind is TargetKind.RANGE
    assert (target.period, target.text) == ("2025-06", "từ 1,5% đến 3,25%")
    assert target.parts == (TargetPart("5.3", ">=", Decimal("1.5")), TargetPart("5.3", "<=", Decimal("3.25")))


def test_compound_target(framework: Framework) -> None:
    (target,) = indicator(framework, "III.1").targets
    assert target.kind is TargetKind.COMPOUND
    assert (target.period, target.text) == ("2025Q4", "90% hộ gia đình, 100% xã")
    assert target.parts == (
        TargetPart("III.1.1", ">=", Decimal("90"), "hộ gia đình"),  # comparator from the direction
        TargetPart("III.1.2", ">=", Decimal("100"), "xã"),  # "≥" as written, normalised
    )


def test_level_and_qualitative_targets(framework: Framework) -> None:
    (level,) = indicator(framework, "7").targets
    assert (level.kind, level.level, level.text, level.parts) == (TargetKind.LEVEL, "Loại A", "Loại A", ())
    (done,) = indicator(framework, "6").targets
    assert (done.kind, done.period, done.text, done.parts) == (TargetKind.QUALITATIVE, "2025", "Thành công", ())


def test_relations(framework: Framework) -> None:
    assert framework.relations == (
        Relation(RelationKind.SUM, "5.1.1", ("5.1.2", "5.2"), "Tổng bằng tổng các phần."),
        Relation(RelationKind.PART_OF, "5.1.2", ("5.1.1",)),
        Relation(RelationKind.EQUAL, "III.1.1", ("III.1.2",)),
    )


def test_rules(framework: Framework) -> None:
    first, second = framework.rules
    assert (first.id, first.expression.text, first.severity) == ("online_within_total", "{5.1.2} <= {5.1.1}", "warning")
    assert first.message == "Số TTHC trực tuyến không vượt quá tổng số TTHC."
    assert first.indicator == "5.1.2"  # the first reference by default
    assert first.expression.is_comparison
    assert (second.severity, second.indicator) == ("error", "5.1.1")  # default severity; indicator given


def test_framework_with_one_problem_names_its_line_and_column() -> None:
    valid, broken = VALID.read_text(encoding="utf-8"), WITH_PROBLEMS.read_text(encoding="utf-8")
    changed = [n for n, (a, b) in enumerate(zip(valid.splitlines(), broken.splitlines(), strict=True), 1)
               if a != b and not a.startswith("#")]
    assert changed == [38]  # the twins differ only in the formula of 5.1 (and the comment on top)
    with pytest.raises(InputError) as caught:
        load_framework_file(WITH_PROBLEMS)
    error = caught.value
    assert error.file == str(WITH_PROBLEMS)
    assert (error.line, error.column) == (38, "indicators[1].formula")
    assert "{5.1.9}" in error.message and "không tồn tại" in error.message
    assert str(error).startswith(f"tệp {WITH_PROBLEMS}, dòng 38, cột «indicators[1].formula»: chỉ tiêu 5.1:")


# --- Broken inputs ----------------------------------------------------------------------------------------


class Broken(NamedTuple):
    id: str
    text: str
    message: str  # a fragment of the error message
    line: int | None
    column: str | None
    expected: str | None = None  # a fragment of what the error says was expected


def yaml_text(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


HEAD = "code: t\ntitle: T\nindicators:\n"  # lines 1–3 of most cases below
COUNT_A = HEAD + "  - code: a\n    name: A\n    type: count\n"  # lines 4–6: one count indicator «a»

BROKEN = [
    # Malformed YAML
    Broken("bad-indentation", COUNT_A + "   unit: TTHC\n", "thụt lề không khớp", 7, "ký tự 4", "dấu cách"),
    Broken("unclosed-quote", 'code: t\ntitle: "T\nindicators: []\n', "chưa có dấu nháy đóng", 2, "ký tự 8"),
    Broken("tab", HEAD + "\t- code: a\n", "có ký tự tab", 4, "ký tự 1"),
    Broken("unclosed-bracket", HEAD + "  - code: a\n    name: A\n    type: ordinal\n    levels: [Loại A, Loại B\n",
           "chưa được đóng bằng «]»", 7, "ký tự 13"),
    Broken("missing-colon", "code: t\ntitle\nindicators: []\n", "thiếu dấu «:»", 2, "ký tự 1"),
    Broken("colon-in-value", "code: t\ntitle: Bộ chỉ tiêu: thử\nindicators: []\n", "dấu «:» không được phép", 2,
           "ký tự 19"),
    Broken("duplicate-key", "code: t\ntitle: T\ntitle: U\nindicators: []\n", "khoá «title» xuất hiện hai lần", 3,
           "title", "mỗi khoá"),
    Broken("duplicate-nested-key", COUNT_A + "    type: percent\n", "lần đầu ở dòng 6", 7, "indicators[0].type"),
    Broken("undefined-alias", "code: t\ntitle: *ten\nindicators: []\n", "bí danh «*ten»", 2, "ký tự 8"),
    Broken("unsupported-tag", "code: t\ntitle: !!python/name:os.system T\nindicators: []\n",
           "thẻ YAML «python/name:os.system» không được hỗ trợ", 2, "ký tự 8"),
    Broken("empty-file", "", "tệp YAML rỗng", None, None, "code, title, indicators"),
    Broken("comments-only", "# chưa viết gì\n", "tệp YAML rỗng", None, None),
    # The schema
    Broken("not-a-mapping", "- code: t\n", "một danh sách không phải là một nhóm các cặp «khoá: giá trị»", 1, ""),
    Broken("missing-code", "title: T\nindicators: []\n", "thiếu khoá «code»", 1, "", "các khoá bắt buộc: code, title"),
    Broken("missing-title", "code: t\nindicators: []\n", "thiếu khoá «title»", 1, ""),
    Broken("missing-indicators", "code: t\ntitle: T\n", "cần có khoá «sections» hoặc «indicators»", 1, "",
           "ít nhất một trong các khoá: sections, indicators"),
    Broken("missing-name", HEAD + "  - code: a\n    type: count\n", "thiếu khoá «name»", 4, "indicators[0]"),
    Broken("unknown-key", COUNT_A + "    colour: red\n", "khoá không được phép: «colour»", 4, "indicators[0]",
           "các khoá được phép: code, name, name_en, type"),
    Broken("unknown-top-key", "code: t\ntitle: T\nauthor: X\nindicators: []\n", "khoá không được phép: «author»", 1,
           ""),
    Broken("bad-type-name", HEAD + "  - code: a\n    name: A\n    type: percentage\n",
           "giá trị «percentage» không được chấp nhận", 6, "indicators[0].type",
           "một trong: count, number, percent, text, yes_no, ordinal, heading"),
    Broken("bad-direction", COUNT_A + "    direction: up\n", "giá trị «up» không được chấp nhận", 7,
           "indicators[0].direction", "một trong: higher, lower"),
    Broken("wrong-value-type", COUNT_A + "    decimals: hai\n", "giá trị «hai» không phải là một số nguyên", 7,
           "indicators[0].decimals", "một số nguyên"),
    Broken("indicators-not-a-list", "code: t\ntitle: T\nindicators: 5\n", "giá trị «5» không phải là một danh sách",
           3, "indicators"),
    Broken("decimals-too-large", COUNT_A + "    decimals: 9\n", "giá trị «9» phải không quá 6", 7,
           "indicators[0].decimals"),
    Broken("empty-title", 'code: t\ntitle: ""\nindicators: []\n', "không được để trống", 2, "title"),
    Broken("one-level", HEAD + "  - code: a\n    name: A\n    type: ordinal\n    levels: [Loại A]\n",
           "danh sách cần ít nhất 2 phần tử, ở đây có 1", 7, "indicators[0].levels", "ít nhất 2 phần tử"),
    Broken("bad-code-pattern", HEAD + "  - code: 5..1\n    name: A\n    type: count\n", "«5..1» không đúng dạng", 4,
           "indicators[0].code", "ví dụ 5.1.2 hoặc III.5"),
    Broken("bad-framework-code", "code: Bộ 1\ntitle: T\nindicators: []\n", "«Bộ 1» không đúng dạng", 1, "code",
           "chữ thường không dấu"),
    Broken("bad-period", HEAD + "  - code: a\n    name: A\n    type: percent\n    direction: higher\n"
           "    targets:\n      - period: 2025H1\n        value: 90%\n",
           "«2025H1» không đúng dạng", 9, "indicators[0].targets[0].period", "nửa năm (2025S1, 2025S2)"),
    Broken("bad-relation-kind", COUNT_A + "relations:\n  - kind: subset\n    part: a\n    whole: a\n",
           "giá trị «subset» không được chấp nhận", 8, "relations[0].kind", "một trong: sum, part_of, equal"),
    Broken("relation-missing-key", COUNT_A + "relations:\n  - kind: part_of\n    part: a\n", "thiếu khoá «whole»", 8,
           "relations[0]", "các khoá bắt buộc: part, whole"),
    # The meaning
    Broken("duplicate-code", COUNT_A + "  - code: a\n    name: B\n    type: count\n", "mã chỉ tiêu a bị trùng", 7,
           "indicators[1].code", "mỗi mã chỉ tiêu chỉ xuất hiện một lần"),
    Broken("duplicate-code-number-and-text", HEAD + "  - code: 5.1\n    name: A\n    type: count\n"
           '  - code: "5.1"\n    name: B\n    type: count\n', "mã chỉ tiêu 5.1 bị trùng", 7, "indicators[1].code"),
    Broken("formula-syntax", COUNT_A + "  - code: b\n    name: B\n    type: percent\n    formula: \"{a} / * 100\"\n",
           "công thức «{a} / * 100»: lỗi cú pháp ở ký tự 7", 10, "indicators[1].formula"),
    Broken("formula-unknown-reference", COUNT_A + "  - code: b\n    name: B\n    type: percent\n"
           "    formula: \"{a} / {zz} * 100\"\n",
           "chỉ tiêu b: công thức tham chiếu chỉ tiêu không tồn tại {zz}", 10, "indicators[1].formula"),
    Broken("formula-two-cycle", HEAD + "  - code: a\n    name: A\n    type: count\n    formula: \"{b} + 1\"\n"
           "  - code: b\n    name: B\n    type: count\n    formula: \"{a} + 1\"\n",
           "vòng lặp công thức: a → b → a", 11, "indicators[1].formula"),  # where the loop closes
    Broken("formula-self-cycle", COUNT_A + "    formula: \"{a} * 2\"\n", "vòng lặp công thức: a → a", 7,
           "indicators[0].formula"),
    Broken("relation-unknown-code", COUNT_A + "relations:\n  - kind: part_of\n    part: a\n    whole: zz\n",
           "tham chiếu chỉ tiêu không tồn tại: zz", 8, "relations[0]"),
    Broken("compound-part-unknown-code", HEAD + "  - code: a\n    name: A\n    type: percent\n    direction: higher\n"
           "    targets:\n      - period: \"2025\"\n        parts:\n          - {indicator: a, value: 90}\n"
           "          - {indicator: zz, value: 100}\n",
           "tham chiếu chỉ tiêu không tồn tại: zz", 9, "indicators[0].targets[0]"),
    Broken("unknown-parent", COUNT_A + "    parent: zz\n", "tham chiếu chỉ tiêu không tồn tại: zz", 7,
           "indicators[0].parent"),
    Broken("numeric-target-without-direction", HEAD + "  - code: a\n    name: A\n    type: percent\n"
           "    targets:\n      - period: \"2025\"\n        value: 90%\n",
           "chỉ tiêu a có chỉ tiêu dạng số nhưng chưa khai báo «direction»", 8, "indicators[0].targets[0]",
           "direction: higher"),
    Broken("unreadable-number-target", HEAD + "  - code: a\n    name: A\n    type: percent\n    direction: higher\n"
           "    targets:\n      - period: \"2025\"\n        kind: number\n        value: nhiều\n",
           "không đọc được chỉ tiêu «nhiều»", 9, "indicators[0].targets[0]"),
    Broken("period-out-of-range", HEAD + "  - code: a\n    name: A\n    type: percent\n    direction: higher\n"
           "    targets:\n      - period: 2025Q5\n        value: 90%\n",
           "Mã kỳ «2025Q5» không hợp lệ: quý chỉ từ Q1 đến Q4", 9, "indicators[0].targets[0]"),
    Broken("ordinal-without-levels", HEAD + "  - code: a\n    name: A\n    type: ordinal\n",
           "chỉ tiêu a kiểu ordinal cần danh sách mức", 4, "indicators[0].levels", "levels: [Loại A"),
    Broken("level-not-in-levels", HEAD + "  - code: a\n    name: A\n    type: ordinal\n    levels: [Loại A, Loại B]\n"
           "    targets:\n      - period: \"2025\"\n        value: Loại E\n",
           "mức «Loại E» không có trong các mức của chỉ tiêu a", 9, "indicators[0].targets[0]", "Loại A, Loại B"),
    Broken("rule-not-a-comparison", COUNT_A + "rules:\n  - id: r\n    check: \"{a} + 1\"\n    message: m\n",
           "quy tắc kiểm tra phải là một phép so sánh", 9, "rules[0].check"),
    Broken("rule-without-indicators", COUNT_A + "rules:\n  - id: r\n    check: \"1 < 2\"\n    message: m\n",
           "quy tắc kiểm tra phải là một phép so sánh giữa các chỉ tiêu", 9, "rules[0].check"),
    Broken("rule-unknown-code", COUNT_A + "rules:\n  - id: r\n    check: \"{a} <= {zz}\"\n    message: m\n",
           "tham chiếu chỉ tiêu không tồn tại: zz", 9, "rules[0].check"),
    Broken("rule-unknown-indicator", COUNT_A + "rules:\n  - id: r\n    check: \"{a} >= 0\"\n    message: m\n"
           "    indicator: zz\n", "tham chiếu chỉ tiêu không tồn tại: zz", 11, "rules[0].indicator"),
    Broken("rule-bad-id", COUNT_A + "rules:\n  - id: Quy tắc 1\n    check: \"{a} >= 0\"\n    message: m\n",
           "«Quy tắc 1» không đúng dạng", 8, "rules[0].id", "tong_khong_vuot"),
]


@pytest.mark.parametrize("case", BROKEN, ids=[case.id for case in BROKEN])
def test_broken_input_names_line_column_and_cause(case: Broken) -> None:
    with pytest.raises(InputError) as caught:
        load_framework(case.text, file="bo-chi-tieu.yaml")
    error = caught.value
    assert case.message in error.message
    assert (error.file, error.line, error.column) == ("bo-chi-tieu.yaml", case.line, case.column)
    if case.expected is not None:
        assert error.expected is not None and case.expected in error.expected
    assert_vietnamese(error)


def test_the_base_of_the_broken_cases_is_valid() -> None:
    """The cases above fail for what they add: the indicator «a» most of them start from loads alone."""
    framework = load_framework(COUNT_A, file="bo-chi-tieu.yaml")
    assert [i.code for i in framework.indicators] == ["a"]


def test_file_defaults_to_a_placeholder_name() -> None:
    with pytest.raises(InputError) as caught:
        load_framework("code: t\n")
    assert caught.value.file == "<framework>"


def test_target_periods_are_stored_in_canonical_form() -> None:
    text = (HEAD + "  - code: a\n    name: A\n    type: percent\n    direction: higher\n"
            "    targets:\n      - period: 2025s1\n        value: 90%\n        baseline: {period: 2023q4, value: 70}\n")
    (target,) = load_framework(text).indicator("a").targets
    assert (target.id, target.period) == ("2025S1", "2025S1")
    assert target.baseline == Baseline("2023Q4", Decimal("70"))


def test_unquoted_code_keeps_its_written_digits() -> None:
    text = HEAD + "  - code: 5.10\n    name: A\n    type: count\n  - code: 5.1\n    name: B\n    type: count\n"
    assert [i.code for i in load_framework(text).indicators] == ["5.10", "5.1"]  # not both "5.1"


# --- Files ------------------------------------------------------------------------------------------------


def test_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.yaml"
    with pytest.raises(InputError) as caught:
        load_framework_file(missing)
    error = caught.value
    assert error.file == str(missing)
    assert error.message == "không tìm thấy tệp"
    assert str(missing) in str(error)
    assert_vietnamese(error)


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="thư mục, không phải một tệp") as caught:
        load_framework_file(tmp_path)
    assert caught.value.file == str(tmp_path)


def test_non_utf8_file_names_the_file_and_line(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("code: t\ntitle: Bộ\n".encode() + "indicators: [] # café\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        load_framework_file(latin)
    error = caught.value
    assert error.file == str(latin)
    assert error.line == 3
    assert "không phải văn bản UTF-8" in error.message
    assert error.expected == "lưu tệp với bảng mã UTF-8"
    assert str(error).startswith(f"tệp {latin}, dòng 3:")
    assert_vietnamese(error)


def test_utf8_file_with_byte_order_mark_loads(tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.yaml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    assert load_framework_file(with_bom).code == "thu_nghiem"


def test_shipped_frameworks_load_by_code() -> None:
    shipped = shipped_frameworks()
    assert sorted(shipped) == ["cds2025", "cqs", "qd766", "quocgia"]
    assert shipped["cqs"].indicator("5.1").aggregation is Aggregation.RATIO
    assert shipped["cds2025"].settings["evaluation"] == {
        "exceeded_margin": 0, "on_track": Decimal("0.95"), "moderate": Decimal("0.6")}
