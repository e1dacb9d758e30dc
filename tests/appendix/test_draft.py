"""A draft framework from an appendix chiso does not know: chiso's own Phụ lục VIII, rendered as Word from the
shipped data, drafted as a framework «pl8» that loads, has cqs's codes and names, guesses the types and the
rates' formulas its figures bear out, and re-imports every figure of the table."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.appendix.draft import draft_framework
from chiso.appendix.importer import preview
from chiso.appendix.model import Place, SourceCell, SourceTable
from chiso.appendix.readers import read_tables
from chiso.appendix.text import tables_of
from chiso.catalog.loader import load_framework, shipped_frameworks
from chiso.catalog.model import Framework, ValueType
from chiso.cli.main import app
from chiso.data import shipped_report_data
from chiso.errors import InputError
from chiso.periods import period_range
from chiso.reports.build import build_report, render
from chiso.reports.options import ReportOptions


def table(rows: list[list[str]]) -> SourceTable:
    """A table as a reader gives it, one cell a column, as tests/appendix/test_importer.py builds them."""
    built = tuple(tuple(SourceCell(text, Place("phuluc.docx", "ab" * 32, 1, r, c)) for c, text in enumerate(row, 1))
                  for r, row in enumerate(rows, 1))
    return SourceTable("phuluc.docx", "ab" * 32, 1, built)


def formula(framework: Framework, code: str) -> str:
    found = framework.indicator(code).formula
    return found.text if found is not None else ""


@pytest.fixture(scope="module")
def appendix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("phuluc8") / "phuluc8.docx"
    report = build_report(shipped_frameworks()["cqs"], shipped_report_data(),
                          ReportOptions(unit="66", periods=tuple(period_range("2021:2025"))))
    path.write_bytes(render(report, "docx"))
    return path


@pytest.fixture(scope="module")
def tables(appendix: Path) -> list[SourceTable]:
    return read_tables(appendix)


@pytest.fixture(scope="module")
def drafted(tables: list[SourceTable]) -> str:
    return draft_framework(tables, "pl8", "Phụ lục VIII")


@pytest.fixture(scope="module")
def pl8(drafted: str) -> Framework:
    return load_framework(drafted)


def test_the_draft_loads_with_cqs_codes_and_names(pl8: Framework) -> None:
    cqs = shipped_frameworks()["cqs"]
    assert pl8.code == "pl8" and pl8.title == "Phụ lục VIII"
    printed = [i for i in cqs.indicators if i.code != "6.4"]  # 6.4 is printed only when it has figures
    assert [(i.code, i.name) for i in pl8.indicators] == [(i.code, i.name) for i in printed]


def test_types_and_formulas_are_guessed_from_the_figures(pl8: Framework, drafted: str) -> None:
    rate = pl8.indicator("5.1")
    assert rate.value_type is ValueType.PERCENT and formula(pl8, "5.1") == "{5.1.2} / {5.1.1} * 100"
    assert pl8.indicator("5.1.1").value_type is ValueType.COUNT
    assert pl8.indicator("1").value_type is ValueType.TEXT
    assert {pl8.indicator(code).value_type for code in ("4", "5")} == {ValueType.HEADING}
    assert pl8.indicator("2").value_type is ValueType.PERCENT
    assert not formula(pl8, "5.5")  # 19,3 printed for 2022, but 48 / 251 is 19,12
    assert '"{5.1.2} / {5.1.1} * 100"  # đoán: công thức khớp mọi kỳ có số liệu (5/5)' in drafted
    assert "type: percent  # đoán: percent — các ô đều có dấu %" in drafted
    assert "#   - «Năm 2021» → 2021" in drafted and "#   - «Năm 2025» → 2025" in drafted


def test_the_draft_reimports_every_figure_of_the_table(pl8: Framework, tables: list[SourceTable]) -> None:
    found = preview(pl8, "66", tables)
    assert found.blocking() == []
    # The table's «Năm 2025» holds the first half-year, which only cqs's settings say: the draft reads it as 2025.
    shipped = {(v.indicator, v.period.replace("2025S1", "2025")): (v.value, v.note)
               for v in shipped_report_data().values if v.framework == "cqs"}
    assert {(v.indicator, v.period): (v.value, v.note) for v in found.values()} == shipped


RATES = [
    ["STT", "Chỉ tiêu", "Năm 2023", "Năm 2024", "Năm 2025"],
    ["1.", "Tỷ lệ hồ sơ nộp trực tuyến", "50,00", "52,5", "40"],
    ["1.1.", "Tổng số hồ sơ tiếp nhận", "1.200", "1.000", "1.000"],
    ["1.2.", "Số hồ sơ nộp trực tuyến", "600", "525", "400"],
    ["2.", "Tỷ lệ hồ sơ giải quyết đúng hạn", "50,00", "52,5", "41"],
    ["2.1.", "Tổng số hồ sơ đã giải quyết", "1.200", "1.000", "1.000"],
    ["2.2.", "Số hồ sơ giải quyết đúng hạn", "600", "525", "400"],
    ["3.", "Tỷ lệ hồ sơ bổ sung", "50", "-", "-"],
    ["3.1.", "Tổng số hồ sơ", "1.200", "-", "-"],
    ["3.2.", "Số hồ sơ phải bổ sung", "600", "-", "-"],
]


def test_a_rate_off_its_ratio_in_one_period_or_seen_in_one_period_gets_no_formula() -> None:
    framework = load_framework(draft_framework([table(RATES)], "tn"))
    assert formula(framework, "1") == "{1.2} / {1.1} * 100"
    assert not formula(framework, "2")  # 41 in 2025 where 400 / 1.000 is 40
    assert not formula(framework, "3")  # one period proves nothing
    assert framework.title == "tn"


def test_a_sum_is_only_proposed_and_sections_keep_their_rows() -> None:
    rows = [["Phụ lục II"], ["Chỉ tiêu dịch vụ công"], ["STT", "Chỉ tiêu", "Năm 2023", "Năm 2024"],
            ["I", "Hồ sơ"], ["1", "Tổng số hồ sơ", "1.200", "1.000"], ["1.1", "Hồ sơ trực tiếp", "700", "600"],
            ["1.2", "Hồ sơ trực tuyến", "500", "400"], ["II", "Kinh phí"], ["1", "Kinh phí (tỷ đồng)", "1,5", "2,25"]]
    text = draft_framework([table(rows)], "tn")
    framework = load_framework(text)
    assert framework.title == "Chỉ tiêu dịch vụ công" and framework.appendix == "Phụ lục II"
    assert [(i.code, i.section) for i in framework.indicators] == [
        ("I.1", "I"), ("I.1.1", "I"), ("I.1.2", "I"), ("II.1", "II")]
    assert framework.indicator("II.1").value_type is ValueType.NUMBER and framework.indicator("II.1").decimals == 2
    assert '#   - {kind: sum, total: "I.1", parts: ["I.1.1", "I.1.2"]}' in text and not framework.relations
    assert preview(framework, "91", [table(rows)]).blocking() == []


def test_a_table_with_no_numbered_rows_is_refused() -> None:
    with pytest.raises(InputError, match="không có dòng chỉ tiêu nào"):
        draft_framework([table([["STT", "Chỉ tiêu", "Năm 2024"]])], "tn")


@pytest.mark.django_db
def test_the_cli_writes_the_draft_instead_of_a_preview(appendix: Path, tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "250"})
    target = tmp_path / "moi.yaml"
    result = runner.invoke(app, ["import", "appendix", str(appendix), "--new-framework", "pl8", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Đã ghi bản nháp bộ chỉ tiêu pl8 vào" in result.output and "moi.yaml" in result.output
    assert formula(load_framework(target.read_text(encoding="utf-8")), "5.1") == "{5.1.2} / {5.1.1} * 100"
    result = runner.invoke(app, ["import", "appendix", str(appendix)])
    assert result.exit_code != 0 and "--new-framework" in " ".join(result.output.split())


SEED = Path(__file__).parent / "data" / "phuluc8-seed.txt"


@pytest.mark.django_db
def test_the_first_seeds_text_drafts_a_framework_that_reads_it_back_whole(tmp_path: Path) -> None:
    """Text extracted from a PDF, no framework known: a skeleton from its numbered rows tells each name from
    its cells (also a name a page break split, a text cell starting above its figures, a name with «100%»
    in it), and the draft made from it, loaded, reads back every figure and note of the seed."""
    runner = CliRunner(env={"COLUMNS": "250"})
    target = tmp_path / "pl8.yaml"
    result = runner.invoke(app, ["import", "appendix", str(SEED), "--new-framework", "pl8", "-o", str(target)])
    assert result.exit_code == 0, result.output
    drafted = load_framework(target.read_text(encoding="utf-8"))
    cqs = shipped_frameworks()["cqs"]
    assert [(i.code, i.name) for i in drafted.indicators] == [(i.code, i.name) for i in cqs.indicators
                                                             if i.code != "6.4"]
    assert formula(drafted, "5.4") == "{5.4.2} / {5.4.1} * 100"
    found = preview(drafted, "66", tables_of(SEED, drafted))
    assert found.blocking() == []
    shipped = {(v.indicator, v.period.replace("2025S1", "2025")): (v.value, v.note)
               for v in shipped_report_data().values if v.framework == "cqs"}
    assert {(v.indicator, v.period): (v.value, v.note) for v in found.values()} == shipped
