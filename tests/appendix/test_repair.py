"""Texts whose letters a PDF's font lost: the second seed's (the Steering Committee's target table, printed on
the left, its text layer on the right, one blank a lost letter) fit their printed texts and their near misses do
not; they are restored from a word list and the shipped frameworks, every restored word marked; and a damaged
Word appendix of a framework of our own is drafted with its names restored and marked, and loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from chiso.appendix.draft import draft_framework
from chiso.appendix.readers import read_tables
from chiso.appendix.repair import (
    Vocabulary,
    damaged_texts,
    fits,
    is_damaged,
    letters_lost,
    restore,
    restored_by,
    vocabulary,
)
from chiso.appendix.vocabulary import framework_texts, syllables
from chiso.catalog.loader import load_framework, shipped_frameworks

SECTIONS = [  # the seed's section titles: printed, and as its text layer has them
    ("Phát triển chính quyền số, nâng cao hiệu quả, hiệu lực hoạt động",
     "  át tr ể    í    u ề  số,  â          u  uả,    u        t đ    "),
    ("Phát triển kinh tế số, nâng cao năng lực cạnh tranh của nền kinh tế",
     "  át tr ể  k    t  số,  â        ă            tr     ủ   ề  k    t  "),
    ("Phát triển xã hội số, thu hẹp khoảng cách số", "  át tr ể  xã     số, t u  ẹp k  ả    á   số"),
]
TITLE = ("CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH", "CỦA BA  C Ấ       ĐẢ   BỘ       ")
HEADER = ["C   t  u ", "đượ       ", "t        ", " u  t đ   ", "2025"]  # one cell's lines
PRINTED_HEADER = "Chỉ tiêu được giao theo Nghị quyết đến 2025"
PAIRS = [*SECTIONS, TITLE]
DOCUMENT = frozenset(c for _, damaged in PAIRS for c in damaged if c.isalpha())  # the letters the font keeps


def collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("printed", "damaged"), PAIRS)
def test_each_printed_text_fits_its_damaged_one_blanks_counted_or_collapsed(printed: str, damaged: str) -> None:
    assert fits(damaged, printed) and fits(damaged, printed, kept=DOCUMENT)
    assert fits(collapsed(damaged), printed, kept=DOCUMENT)


@pytest.mark.parametrize(("damaged", "near_miss"), [
    (SECTIONS[0][1], "Phát triển chính quyền số, nâng cao hiệu quả hoạt động"),  # a word fewer
    (SECTIONS[0][1], "Phát triển chính quyền số, nâng cao hiệu quả, hiệu lực hoạt đống"),  # ố would show
    (SECTIONS[2][1], "Phát triển xã hội số, thu hẹp khoảng cách  số"),  # a blank more
    (SECTIONS[2][1], "Phát triển xã hội số thu hẹp khoảng cách số"),  # a comma less
    (TITLE[1], "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH ĐẮK LẮK"),  # Ắ, K and L would show
])
def test_near_misses_do_not_fit(damaged: str, near_miss: str) -> None:
    assert not fits(damaged, near_miss)


def test_a_letter_shown_anywhere_in_the_document_is_shown_everywhere() -> None:
    # «  át» fits «phát» on its own; section III shows «p» («hẹp»), so the font keeps p: it is «Phát».
    assert fits("  át", "phát") and not fits("  át", "phát", kept=DOCUMENT) and fits("  át", "Phát", kept=DOCUMENT)
    assert not fits("  át", "Phát", lost={"á"})


def test_the_header_lines_fit_without_nam_once_the_font_is_known() -> None:
    """The header's lines are separate lines of one cell: each fits a piece of the reading ending at a blank.
    cds2025 reconstructed it as «… đến năm 2025»; the lines fit that only if blanks trailing «đến» were trimmed
    and ă were lost, but the font keeps ă («năng» in section II shows it): the print has no «năm»."""
    with_nam = "Chỉ tiêu được giao theo Nghị quyết đến năm 2025"
    assert fits(HEADER, PRINTED_HEADER) and fits(HEADER, PRINTED_HEADER, kept=DOCUMENT)
    assert fits(HEADER, with_nam) and not fits(HEADER, with_nam, kept=DOCUMENT)
    assert not fits(HEADER, "Chỉ tiêu được giao theo Nghị quyết đến 2030")
    # Joined by a blank, the lines' own trailing blanks make two where the print has one: no reading fits.
    assert not fits(" ".join(HEADER), PRINTED_HEADER)
    assert fits(collapsed(" ".join(HEADER)), PRINTED_HEADER, kept=DOCUMENT)
    assert not fits(collapsed(" ".join(HEADER)), with_nam, kept=DOCUMENT)


def test_the_letters_lost_are_learnt_from_known_pairs() -> None:
    font = letters_lost([*((damaged, printed) for printed, damaged in PAIRS), ("tr ể", "a reading that does not fit")])
    assert {"P", "h", "n", "g", "c", "i", "N", "H", "T", "a", "o"} <= font.lost
    assert {"t", "r", "ể", "í", "u", "ề", "s", "ố", "â", "ả", "đ", "á", "ă", "x", "ã", "k", "ẹ", "p", "ủ"} <= font.kept
    assert not font.lost & font.kept


def test_restored_by_gives_the_one_known_text_that_fits() -> None:
    known = [printed for printed, _ in SECTIONS] + ["Phát triển kinh tế số"]
    assert restored_by(SECTIONS[1][1], known) == SECTIONS[1][0]
    assert restored_by(collapsed(SECTIONS[2][1]), known, kept=DOCUMENT) == SECTIONS[2][0]
    assert restored_by("  át tr ể  k    t  số", ["Phát triển kinh tế số", "Phát triển kinh tế sổ"]) is not None
    assert restored_by("  át tr ể", ["Phát triển", "Phát triển"]) == "Phát triển"
    assert restored_by("  á", ["Phá", "Chá"]) is None  # two fit: not one


@pytest.fixture(scope="module")
def without_cds2025() -> Vocabulary:
    frameworks = shipped_frameworks()
    return vocabulary([frameworks["cqs"], frameworks["quocgia"]])


@pytest.fixture(scope="module")
def shipped() -> Vocabulary:
    return vocabulary(shipped_frameworks().values())


def test_restore_without_the_framework_gets_the_unambiguous_words_and_marks_every_restored_one(
        without_cds2025: Vocabulary) -> None:
    """Without cds2025, section III comes back whole; sections I and II keep readings the other frameworks
    make likelier («nâng lên» is in quocgia; «nâng cao» nowhere): what the blanks leave open stays open."""
    readings = [restore(damaged, without_cds2025, kept=DOCUMENT) for _, damaged in SECTIONS]
    assert readings[2].text == SECTIONS[2][0]
    assert readings[0].text.startswith("Phát triển chính quyền số, nâng ")
    assert readings[1].text.startswith("Phát triển kinh tế số, nâng ")
    assert readings[1].text.endswith("năng lực cạnh tranh của nền kinh tế")
    for reading, (_, damaged) in zip(readings, SECTIONS, strict=True):
        assert fits(damaged, reading.text, kept=DOCUMENT)
        for word in reading.words:
            assert word.restored == (word.damaged != word.text)  # blanks counted: an intact word is certain
            assert not word.restored or 0 < word.confidence < 1
    assert [w.text for w in readings[2].words if not w.restored] == ["xã", "số", ",", "số"]


def test_restore_with_the_framework_gives_the_titles_back_exactly(shipped: Vocabulary) -> None:
    for printed, damaged in [*SECTIONS, TITLE]:
        reading = restore(damaged, shipped, kept=DOCUMENT)
        assert reading.text == printed and reading.complete
        assert reading.review and all(w.confidence < 1 for w in reading.review)
        assert {w.text for w in reading.review} >= {"Phát"} or printed.isupper()


def test_a_text_no_word_fits_is_kept_as_damaged_and_said_so(shipped: Vocabulary) -> None:
    reading = restore("zzq  wwk", shipped)  # a blank too many for a space: a lost letter no word fits
    assert reading.text == "zzq …wwk" and not reading.complete
    assert [(w.text, w.known, w.restored) for w in reading.words] == [
        ("zzq", True, False), ("…", False, True), ("wwk", True, False)]


def test_no_name_of_the_shipped_frameworks_looks_damaged() -> None:
    texts = [t for f in shipped_frameworks().values() for t in framework_texts(f) if t]
    assert len(texts) > 100 and not [t for t in texts if is_damaged(t)]
    assert "tr" not in syllables() and "phát" in syllables() and "hòa" in syllables() and "hoà" in syllables()


@pytest.mark.parametrize("damaged", [d for _, d in PAIRS] + [collapsed(d) for _, d in PAIRS]
                         + [" ".join(HEADER), "Tỷ lệ ồ sơ đượ ả quyết trự tuyế"])
def test_the_damaged_examples_look_damaged(damaged: str) -> None:
    assert is_damaged(damaged)


def test_in_a_damaged_document_a_text_with_one_fragment_is_damaged_too() -> None:
    texts = ["Tỷ lệ ồ sơ đượ ả quyết trự tuyế", "Tỷ lệ xã ó áp qua", "Tỷ lệ xã có cáp quang"]
    assert not is_damaged(texts[1])
    assert damaged_texts(texts) == texts[:2] and damaged_texts(texts[1:]) == []


# A damaged Word appendix of a framework of our own

LOST = frozenset("hngci")  # the letters the font of our appendix loses, one blank each
PROVINCE = "Kết quả chuyển đổi số của tỉnh Hồ Sen"
NAMES = ["Tỷ lệ hồ sơ được giải quyết trực tuyến", "Số dịch vụ công trực tuyến toàn trình", "Tỷ lệ xã có cáp quang",
         "Số người dân có tài khoản định danh điện tử", "Tỷ lệ văn bản đi được ký số"]


def damage(text: str) -> str:
    return "".join(" " if c in LOST else c for c in text)


@pytest.fixture(scope="module")
def appendix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = Document()
    table = document.add_table(rows=0, cols=4)
    rows = [[damage("Phụ lục II")], [damage(PROVINCE)], ["STT", "Chỉ tiêu", "Năm 2023", "Năm 2024"],
            *[[f"{n}.", damage(name), f"{10 * n}", f"{20 * n}"] for n, name in enumerate(NAMES, 1)]]
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip([cells[0].merge(cells[3])] if len(row) == 1 else cells, row, strict=False):
            cell.text = text
    path = tmp_path_factory.mktemp("hongchu") / "phuluc-hong.docx"
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def drafted(appendix: Path, shipped: Vocabulary) -> str:
    return draft_framework(read_tables(appendix), "hs", vocabulary=shipped)


def test_the_damaged_docx_is_drafted_with_its_names_restored_and_loads(drafted: str) -> None:
    framework = load_framework(drafted)
    names = [i.name for i in framework.indicators]
    assert names[:3] == NAMES[:3]
    assert names[3] == "Số người dân có tài khoản định da điện tử"  # «danh» is a reading, «da» likelier
    assert names[4] == "Tỷ lệ văn bản đọc được ký số"  # «đi» and «đọc» both leave «đ»
    assert framework.title == "Kết quả chuyển đổi số của tỉnh Hồ Se"  # a province no vocabulary knows


def test_every_restored_word_of_the_draft_is_marked_for_review(drafted: str) -> None:
    lines = [line for line in drafted.splitlines() if "name:" in line]
    assert len(lines) == len(NAMES) and all("# khôi phục: «" in line for line in lines)
    assert ('name: "Tỷ lệ xã có cáp quang"  # khôi phục: «Tỷ lệ xã ó áp qua» → «Tỷ lệ xã có cáp quang»; '
            "chưa chắc: từ «lệ» (") in drafted
    assert "từ «da» (" in drafted and "từ «đọc» (" in drafted and "từ «Se» (" in drafted and "«Sen»" in drafted
    assert "«P ụ lụ II» → «Phụ lục" in drafted and "«II»" in drafted


def test_an_undamaged_appendix_gets_no_restoration(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=0, cols=3)
    for row in [["STT", "Chỉ tiêu", "Năm 2024"], *[[f"{n}.", name, "1"] for n, name in enumerate(NAMES, 1)]]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.save(str(tmp_path / "lanh.docx"))
    drafted = draft_framework(read_tables(tmp_path / "lanh.docx"), "lanh")
    assert "khôi phục" not in drafted and [i.name for i in load_framework(drafted).indicators] == NAMES


def test_the_title_without_the_framework_offers_the_printed_words_as_alternatives(
        without_cds2025: Vocabulary) -> None:
    reading = restore(TITLE[1], without_cds2025, kept=DOCUMENT)
    words = {w.damaged: w for w in reading.review}
    assert reading.text.startswith("CỦA ") and " ĐẢNG BỘ " in reading.text  # ĐẢNG: no other word fits
    assert "BAN" in (words["BA"].text, *words["BA"].alternatives)
    assert "CHẤP" in (words["C Ấ"].text, *words["C Ấ"].alternatives)
    assert all(w.confidence < 1 for w in reading.review)
