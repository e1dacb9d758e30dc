"""Both shipped appendices as chiso writes them, in every format, read back: every value, note and recorded
evaluation as they were.

Phụ lục VIII of the shipped Đắk Lắk data (2021–2025, the 2025 column holding 2025S1) and the Steering
Committee's target table are rendered as Word, Excel, HTML and PDF; each file's preview proposes exactly the
shipped values (and the target table's recorded evaluations, not chiso's own marked statuses, nor the parts
and inputs its cells print only inside another row), and `chiso import appendix`
writes them into an empty store of the same framework, all at once after --confirm, and a second import
of the same file writes nothing. A file with a cell changed by hand shows the change with the stored value;
a file with an unreadable cell writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from chiso.appendix.importer import preview
from chiso.appendix.proposals import Change
from chiso.appendix.readers import read_tables
from chiso.catalog.loader import shipped_frameworks
from chiso.cli.main import app
from chiso.data import shipped_files, shipped_report_data
from chiso.periods import period_range
from chiso.reports.build import build_report, render
from chiso.reports.exporters.pdf import libreoffice_path
from chiso.reports.options import ReportOptions

runner = CliRunner(env={"COLUMNS": "250"})
FORMATS = ["docx", "xlsx", "html", pytest.param("pdf", marks=pytest.mark.skipif(
    libreoffice_path() is None, reason="LibreOffice (soffice) is not installed: no PDF can be made"))]


def _written(folder: Path, framework: str, options: ReportOptions, name: str) -> dict[str, Path]:
    report = build_report(shipped_frameworks()[framework], shipped_report_data(), options)
    found = {}
    for kind in ("docx", "xlsx", "html", "pdf"):
        if kind == "pdf" and libreoffice_path() is None:
            continue
        found[kind] = folder / f"{name}.{kind}"
        found[kind].write_bytes(render(report, kind))
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _written(tmp_path_factory.mktemp("phuluc8"), "cqs",
                    ReportOptions(unit="66", periods=tuple(period_range("2021:2025"))), "phuluc8")


@pytest.fixture(scope="module")
def targets_written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _written(tmp_path_factory.mktemp("cds2025"), "cds2025", ReportOptions(unit="66"), "cds2025")


def shipped(framework: str = "cqs") -> dict[tuple[str, str], tuple[str, str]]:
    return {(v.indicator, v.period): (v.value, v.note) for v in shipped_report_data().values
            if v.framework == framework}


def shipped_evaluations() -> dict[tuple[str, str, str], tuple[str, str]]:
    return {(e.indicator, e.target, e.period): (e.status.value if e.status else "", e.note)
            for e in shipped_report_data().recorded if e.framework == "cds2025"}


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_reads_back_every_value_and_note(written: dict[str, Path], kind: str) -> None:
    found = preview(shipped_frameworks()["cqs"], "66", read_tables(written[kind]))
    assert found.blocking() == []
    assert {(v.indicator, v.period): (v.value, v.note) for v in found.values()} == shipped()
    assert {row.match.confidence for row in found.rows if row.match.indicator} == {100.0}


@pytest.mark.parametrize("kind", FORMATS)
def test_the_target_table_reads_back_every_value_note_and_recorded_evaluation(
        targets_written: dict[str, Path], kind: str) -> None:
    cds2025 = shipped_frameworks()["cds2025"]
    found = preview(cds2025, "66", read_tables(targets_written[kind]))
    assert found.blocking() == []
    assert {(v.indicator, v.period): (v.value, v.note) for v in found.values()} == shipped("cds2025")
    assert {(e.indicator, e.target, e.period): (e.status.value if e.status else "", e.note)
            for e in found.evaluations()} == shipped_evaluations()
    # every target printed is the framework's
    assert {row.match.indicator: row.target for row in found.rows if row.target} == {
        indicator.code: target.text for indicator, target in cds2025.targets()}


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


@pytest.fixture
def empty_store(db: None) -> None:
    """The shipped frameworks and units, no values: a province starting with chiso."""
    code, output = run("load", *(str(p) for p in shipped_files() if p.name != "values.csv"
                                 and p.name != "evaluations.csv"))
    assert code == 0, output


@pytest.mark.django_db
def test_the_import_writes_nothing_until_confirmed_then_everything_once(
        empty_store: None, written: dict[str, Path]) -> None:
    from chiso.store import services

    code, output = run("import", "appendix", str(written["docx"]), "-f", "cqs", "-u", "66")
    assert code == 0 and "120 giá trị mới, 0 thay đổi, 0 như đã có" in output and "Chưa ghi gì" in output
    assert services.values("cqs", "66") == []
    code, output = run("import", "appendix", str(written["docx"]), "-f", "cqs", "-u", "66", "--confirm")
    assert code == 0, output
    stored = {(v.indicator, v.period): (v.value, v.note) for v in services.values("cqs", "66")}
    assert stored == shipped()
    source = next(v.source for v in services.values("cqs", "66") if (v.indicator, v.period) == ("5.1.1", "2021"))
    assert source.startswith("tệp phuluc8.docx (sha256 ") and source.endswith(", bảng 1, dòng 11, cột 3")
    code, output = run("import", "appendix", str(written["xlsx"]), "-f", "cqs", "-u", "66")
    assert code == 0 and "0 giá trị mới, 0 thay đổi, 120 như đã có" in output


@pytest.mark.django_db
def test_a_changed_cell_is_shown_with_the_stored_value_and_a_broken_one_stops_everything(
        empty_store: None, written: dict[str, Path], tmp_path: Path) -> None:
    from chiso.store import services

    assert run("import", "appendix", str(written["xlsx"]), "-f", "cqs", "-u", "66", "--confirm")[0] == 0
    book = load_workbook(written["xlsx"])
    sheet = book.active
    assert sheet is not None
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "5.1.1.")
    sheet.cell(row, 3).value = 1600
    changed = tmp_path / "phuluc8-sua.xlsx"
    book.save(changed)
    found = preview(shipped_frameworks()["cqs"], "66", read_tables(changed),
                    {(v.indicator, v.period): v.value for v in services.values("cqs", "66")})
    assert [(p.indicator, p.period, p.text, p.stored) for p in found.proposals if p.change is Change.CHANGED] == [
        ("5.1.1", "2021", "1600", "1543")]
    sheet.cell(row, 4).value = "một nghìn"
    broken = tmp_path / "phuluc8-with-problems.xlsx"
    book.save(broken)
    code, output = run("import", "appendix", str(broken), "-f", "cqs", "-u", "66", "--confirm")
    assert code == 2 and "Chưa ghi gì" in output and "«một nghìn»" in output and "cột 4" in output
    assert {v.value for v in services.values("cqs", "66") if (v.indicator, v.period) == ("5.1.1", "2021")} == {
        "1543"}  # the changed cell of the same file was not written either
