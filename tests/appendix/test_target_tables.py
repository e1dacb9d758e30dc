"""Target tables read back: the second seed's damaged text (typed into the repo as data/cds2025-seed.txt) into
cds2025, a new province's own target table with a compound target, a rate whose note gives its counts and a
result its note dates, and broken tables (a changed target, a shifted row, an unknown row, a header whose
periods cannot be read), each saying what is wrong and writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_importer import table  # tests/appendix is on the path, as the suite runs it
from typer.testing import CliRunner

from chiso.appendix.importer import preview
from chiso.appendix.text import tables_of
from chiso.appendix.text_targets import target_text_table
from chiso.catalog.loader import load_framework, shipped_frameworks
from chiso.catalog.model import Framework
from chiso.cli.main import app
from chiso.data import shipped_files, shipped_report_data
from chiso.errors import InputError
from chiso.values.model import EvaluationStatus

SEED = Path(__file__).parent / "data" / "cds2025-seed.txt"
runner = CliRunner(env={"COLUMNS": "250"})
# In the original the note of II.1 is one cell merged over the rows of II.1 and II.2; a text layer has no
# cells, so the text gives it to II.1 only.
MERGED_OVER = ("II.2", "2025", "2023S1")


def shipped_values() -> dict[tuple[str, str], tuple[str, str]]:
    return {(v.indicator, v.period): (v.value, v.note) for v in shipped_report_data().values
            if v.framework == "cds2025"}


def shipped_evaluations() -> dict[tuple[str, str, str], tuple[EvaluationStatus | None, str]]:
    return {(e.indicator, e.target, e.period): (e.status, e.note) for e in shipped_report_data().recorded
            if e.framework == "cds2025"}


@pytest.fixture(scope="module")
def cds2025() -> Framework:
    return shipped_frameworks()["cds2025"]


def test_the_seed_text_is_read_into_the_tables_columns(cds2025: Framework) -> None:
    rows = target_text_table(SEED.read_text(encoding="utf-8"), SEED.name, cds2025).rows
    assert [" ".join(c.text.split()) for c in rows[0]] == [
        "TT", "u t u", "C t u đượ t u t đ 2025", "t uả t đượ đ tháng 6/2023", ""]
    cells = {(rows[n - 1][0].text if len(rows[n]) == 2 else "") + row[0].text: [c.text for c in row[2:]]
             for n, row in enumerate(rows) if n}
    assert [r[0].text for r in rows[1:]] == ["I", "1", "2", "3", "4", "5", "6", "II", "1", "2", "3", "4",
                                            "III", "1", "2", "3", "4", "5"]  # the page's number «2» left out
    by_line = {row[0].place.row: [c.text for c in row[1:]] for row in rows[1:]}
    assert by_line[144] == ["Kinh tế số chiếm 20% GRDP", "20%", "", "Năm 2022 chưa tính được tỷ trọng kinh tế số "
                            "trong từng ngành, lĩnh vực do chưa có hướng dẫn từ các Bộ, ngành liên quan"]
    assert cells  # every row has its cells
    last = [c.text for c in rows[-1]]
    assert last[2:] == ["Loại A", "Loại B", "Năm 2021 tỉnh xếp loại B. Năm 2022 Bộ Thông tin và Truyền thông "
                                            "chưa công bố"]


def test_the_seed_text_gives_every_result_target_and_recorded_evaluation(cds2025: Framework) -> None:
    found = preview(cds2025, "66", tables_of(SEED, cds2025))
    assert found.blocking() == []
    assert {(v.indicator, v.period): (v.value, v.note) for v in found.values()} == shipped_values()
    evaluations = {(e.indicator, e.target, e.period): (e.status, e.note) for e in found.evaluations()}
    expected = shipped_evaluations()
    del expected[MERGED_OVER]
    assert evaluations == expected
    assert {row.match.indicator: row.target for row in found.rows if row.target} == {
        indicator.code: target.text for indicator, target in cds2025.targets()}
    # the damaged headers are read, and said to be restored
    assert [m for m in found.restored if "cột 5" in m] == [
        "tệp cds2025-seed.txt, bảng 1, cột 5: tiêu đề không còn chữ nào; cột cuối, sau cột kết quả, của bảng chỉ tiêu "
        "được đọc là «Đánh giá/Ghi chú»"]
    assert any("cột 3: tiêu đề «C t u đượ t u t đ 2025» đã mất chữ, đọc là «Chỉ tiêu được giao theo Nghị quyết đến "
               "2025»" in m for m in found.restored)
    # the sections' damaged titles are restored from the framework, each letter left in its place
    assert [m.split(": ", 1)[1] for m in found.restored if "tên in" in m] == [
        f"tên in «{damaged}» đã mất chữ, khôi phục theo bộ chỉ tiêu cds2025: «{title}» (khớp từng chữ còn lại)"
        for damaged, title in [
            ("át tr ể í u ề số, â u uả, u t đ", "Phát triển chính quyền số, nâng cao hiệu quả, hiệu lực hoạt động"),
            ("át tr ể k t số, â ă tr ủ ề k t", "Phát triển kinh tế số, nâng cao năng lực cạnh tranh của nền kinh tế"),
            ("át tr ể xã số, t u ẹp k ả á số", "Phát triển xã hội số, thu hẹp khoảng cách số")]]


@pytest.mark.django_db
def test_the_seed_text_imports_into_an_empty_store(db: None) -> None:
    from chiso.store import services

    result = runner.invoke(app, ["load", *(str(p) for p in shipped_files() if p.suffix == ".yaml"
                                           or p.name == "org_units.csv")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", "appendix", str(SEED), "-f", "cds2025", "-u", "66", "--confirm"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "Đã ghi 14 giá trị và 8 đánh giá" in output and "đã mất chữ" in output
    assert {(v.indicator, v.period): (v.value, v.note) for v in services.values("cds2025", "66")} == shipped_values()
    stored = {(e.indicator, e.target, e.period): (e.status, e.note)
              for e in services.recorded_evaluations("cds2025", "66")}
    assert stored == {key: value for key, value in shipped_evaluations().items() if key != MERGED_OVER}


# A new province's own target table: a compound target, a rate with its counts in the note, a dated level.
FRAMEWORK = """
code: sx
title: "Chỉ tiêu chuyển đổi số tỉnh Sông Xanh đến năm 2026"
layout: target_evaluation
sections:
  - code: "I"
    title: "Hạ tầng số"
    indicators:
      - {code: "I.1", name: "Phủ sóng di động 4G thôn, bản và trường học", type: percent, direction: higher,
         targets: [{period: "2026", kind: compound, text: "100% thôn, 95% trường học",
                    parts: [{indicator: "I.1.1", value: "100", label: "thôn"},
                            {indicator: "I.1.2", value: "95", label: "trường học"}]}]}
      - {code: "I.1.1", name: "Tỷ lệ thôn có sóng 4G", type: percent, direction: higher,
         report: {part_of_parent: true}}
      - {code: "I.1.2", name: "Tỷ lệ trường học có sóng 4G", type: percent, direction: higher,
         report: {part_of_parent: true}}
      - {code: "I.2", name: "Tỷ lệ hộ dùng cáp quang", type: percent, decimals: 2, formula: "{I.2.1} / {I.2.2} * 100",
         aggregation: ratio, direction: higher, targets: [{period: "2026", value: "80%", text: "80%"}]}
      - {code: "I.2.1", name: "Số hộ dùng cáp quang", type: count, report: {part_of_parent: true}}
      - {code: "I.2.2", name: "Tổng số hộ", type: count, report: {part_of_parent: true}}
      - {code: "I.3", name: "Xếp hạng an toàn thông tin", type: ordinal, levels: ["Loại A", "Loại B", "Loại C"],
         direction: higher, targets: [{period: "2026", value: "Loại A", text: "Loại A"}]}
"""
HEADER = ["TT", "Nội dung chỉ tiêu", "Chỉ tiêu đến năm 2026", "Kết quả thực hiện năm 2025", "Đánh giá/Ghi chú"]
ROWS = [
    HEADER,
    ["I", ("Hạ tầng số", 4)],
    ["1", "Phủ sóng di động 4G thôn, bản và trường học", "100% thôn, 95% trường học", "97,5% thôn, 90% trường học",
     "Đang thực hiện (*)"],
    ["2", "Tỷ lệ hộ dùng cáp quang", "80%", "62,50%", "Chưa đạt Còn thiếu (12.500/20.000) hộ theo điều tra"],
    ["3", "Xếp hạng an toàn thông tin", "Loại A", "Loại B", "Năm 2024 tỉnh được xếp Loại B; năm 2025 chưa công bố"],
]


@pytest.fixture(scope="module")
def sx() -> Framework:
    return load_framework(FRAMEWORK)


def test_a_new_provinces_target_table_gives_parts_counts_and_dated_results(sx: Framework) -> None:
    found = preview(sx, "91", [table(ROWS)])
    assert found.blocking() == []
    assert sorted((v.indicator, v.period, v.value, v.note) for v in found.values()) == [
        ("I.1.1", "2025", "97.5", "Kết quả in «97,5% thôn, 90% trường học»"),
        ("I.1.2", "2025", "90", "Kết quả in «97,5% thôn, 90% trường học»"),
        ("I.2", "2025", "62.50", ""),
        ("I.2.1", "2025", "12500", "Số liệu trong ghi chú của chỉ tiêu I.2 «(12.500/20.000)»"),
        ("I.2.2", "2025", "20000", "Số liệu trong ghi chú của chỉ tiêu I.2 «(12.500/20.000)»"),
        ("I.3", "2024", "Loại B", "Theo ghi chú: «Năm 2024 tỉnh được xếp Loại B»"),
    ]
    # chiso's own marked status is not recorded; the official's is, with its note
    assert [(e.indicator, e.period, e.status, e.note) for e in found.evaluations()] == [
        ("I.2", "2025", EvaluationStatus.NOT_MET, "Còn thiếu (12.500/20.000) hộ theo điều tra"),
        ("I.3", "2025", None, "Năm 2024 tỉnh được xếp Loại B; năm 2025 chưa công bố")]


def test_figures_in_a_note_that_do_not_give_the_result_are_left_in_the_note(sx: Framework) -> None:
    rows = [*ROWS[:3], ["2", "Tỷ lệ hộ dùng cáp quang", "80%", "62,50%", "Chưa đạt (12.000/20.000) theo điều tra"]]
    found = preview(sx, "91", [table(rows)])
    assert {v.indicator for v in found.values()} == {"I.1.1", "I.1.2", "I.2"}  # 12.000/20.000 is 60%, not 62,50%


BROKEN = [
    # the target printed is not the framework's
    ("muc-tieu-khac", [*ROWS[:3], ["2", "Tỷ lệ hộ dùng cáp quang", "85%", "62,50%", ""]],
     "dòng 4, cột 3: bảng ghi chỉ tiêu «85%» cho I.2, bộ chỉ tiêu sx ghi «80%»"),
    # a row whose cells moved one column right: its name is read as its target
    ("lech-cot", [*ROWS[:3], ["2", "", "Tỷ lệ hộ dùng cáp quang", "80%", "62,50%"]],
     "dòng 4, cột 3: bảng ghi chỉ tiêu «Tỷ lệ hộ dùng cáp quang» cho I.2"),
    # a compound result naming no part
    ("phan-la", [*ROWS[:2], ["1", "Phủ sóng di động 4G thôn, bản và trường học", "100% thôn, 95% trường học",
                             "97,5% xã", ""]],
     "kết quả «97,5% xã» không ghi phần nào của chỉ tiêu «100% thôn, 95% trường học» (cần: một số và một trong "
     "thôn, trường học)"),
    ("dong-la", [*ROWS, ["4", "Số điểm truy cập Internet công cộng", "50", "41", ""]],
     "không khớp chỉ tiêu nào: số thứ tự «4», tên «Số điểm truy cập Internet công cộng»"),
    ("tieu-de-ky", [[*HEADER[:3], "Kết quả thực hiện đến quý V/2025", HEADER[4]], *ROWS[1:]],
     "tiêu đề không có cột kỳ nào đọc được; không đọc được kết quả đến kỳ nào trong tiêu đề «Kết quả thực hiện "
     "đến quý V/2025»"),
]


@pytest.mark.parametrize(("name", "rows", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_target_table_says_what_is_wrong(sx: Framework, name: str, rows: list[list[str]],
                                                  message: str) -> None:
    found = preview(sx, "91", [table(rows, f"{name}-with-problems.docx")])
    assert any(message in reason for reason in found.blocking()), found.blocking()


def test_a_text_without_the_tables_columns_is_refused(cds2025: Framework, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("tháng 6/2023", "tháng sáu")
    broken = tmp_path / "cds2025-with-problems.txt"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        tables_of(broken, cds2025)
    assert raised.value.file == str(broken.name) and raised.value.line == 9
    assert "tiêu đề bảng có 4 cột, không phải 5 cột" in raised.value.message
