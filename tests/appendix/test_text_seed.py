"""The first seed as its PDF's text layer gives it (typed into the repo as data/phuluc8-seed.txt): each cell's
words broken over lines, the header repeated at each page break, a name split by one. Read against cqs, it
gives every figure of the seed, and a copy with a figure missing from a row writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.appendix.importer import preview
from chiso.appendix.text import tables_of, text_table
from chiso.catalog.loader import shipped_frameworks
from chiso.cli.main import app
from chiso.data import shipped_files, shipped_report_data

SEED = Path(__file__).parent / "data" / "phuluc8-seed.txt"
runner = CliRunner(env={"COLUMNS": "250"})


def shipped() -> dict[tuple[str, str], tuple[str, str]]:
    return {(v.indicator, v.period): (v.value, v.note) for v in shipped_report_data().values if v.framework == "cqs"}


def test_the_seed_text_gives_every_figure_of_the_seed() -> None:
    cqs = shipped_frameworks()["cqs"]
    table = text_table(SEED.read_text(encoding="utf-8"), SEED.name, cqs)
    assert [c.text for c in table.rows[0]] == ["STT", "Chỉ tiêu", "Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024",
                                               "Năm 2025"]
    rows = {row[0].text: row for row in table.rows[1:]}
    # a name split by a page break, its figures between its two halves
    assert rows["5.3.2."][1].text == ("Số TTHC cung cấp trực tuyến toàn trình, một phần đã tích hợp, công khai "
                                      "trên Cổng DVC quốc gia")
    assert [c.text for c in rows["5.5.1."][2:]] == ["-", "251", "489", "374 theo QĐ 2741/QĐ-UBND ngày 22/12/2023",
                                                   "588 theo QĐ 2989/QĐ-UBND ngày 28/11/2024"]
    found = preview(cqs, "66", [table])
    assert found.blocking() == []
    assert {(v.indicator, v.period): (v.value, v.note) for v in found.values()} == shipped()
    assert {row.match.confidence for row in found.rows} == {100.0}


def test_a_row_missing_a_figure_names_its_cells_and_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "phuluc8-with-problems.txt"
    broken.write_text(SEED.read_text(encoding="utf-8").replace("817.352 1.247.855 910.858 861.058 190.031",
                                                              "817.352 1.247.855 910.858 861.058"),
                      encoding="utf-8")
    found = preview(shipped_frameworks()["cqs"], "66", tables_of(broken, shipped_frameworks()["cqs"]))
    problems = [reason for reason in found.blocking() if "5.4.1" in reason]
    assert problems and all("«817.352 1.247.855 910.858 861.058»" in reason for reason in problems)
    assert "phuluc8-with-problems.txt" in problems[0]


@pytest.mark.django_db
def test_the_seed_text_imports_into_an_empty_store(db: None) -> None:
    from chiso.store import services

    result = runner.invoke(app, ["load", *(str(p) for p in shipped_files() if p.suffix == ".yaml"
                                           or p.name == "org_units.csv")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", "appendix", str(SEED), "-f", "cqs", "-u", "66", "--confirm"])
    assert result.exit_code == 0, result.output
    assert {(v.indicator, v.period): (v.value, v.note) for v in services.values("cqs", "66")} == shipped()
