"""Scanned appendices read by OCR: Phụ lục VIII as chiso writes it, printed to images and back.

The appendix of the shipped Đắk Lắk data is rendered to PDF (LibreOffice), its three pages rasterised at
300 dpi (pypdfium2) into PNG files and into an image-only PDF, as a scanner makes one (Pillow; its pages
JPEG-compressed). Read back through Tesseract, every figure and note is the shipped one and every row is
matched to the indicator it was written from. What OCR still gets wrong, asserted as it is: the bold «4.»
of the heading row 4 is read «A.», so that row is matched by its name alone and must be accepted
(«p1.png:1:6», «scan.pdf:1:6»); its row has no figures. Names come back with «...» where the file has «…»
(matched all the same, by their words).

Without Tesseract (``CHISO_TESSERACT`` naming no program) a scan is refused, saying what to install, and
`chiso import appendix --confirm` writes nothing. An image larger than the pixel bound is refused before
it is decoded.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.appendix.importer import Preview, preview
from chiso.appendix.readers import read_tables
from chiso.appendix.readers.ocr import INSTALL, MAX_PIXELS, scanned_tables, tesseract_command
from chiso.appendix.readers.source import load
from chiso.catalog.loader import shipped_frameworks
from chiso.cli.main import app
from chiso.data import shipped_files, shipped_report_data
from chiso.errors import InputError
from chiso.periods import period_range
from chiso.reports.build import build_report, render
from chiso.reports.exporters.pdf import libreoffice_path
from chiso.reports.options import ReportOptions

runner = CliRunner(env={"COLUMNS": "250"})
MISSING = "là bản quét (không có lớp chữ); cần Tesseract để nhận dạng chữ"


def tesseract_reads_vietnamese() -> bool:
    try:
        listed = subprocess.run([tesseract_command(), "--list-langs"], capture_output=True, text=True,
                                timeout=60, check=False).stdout
    except OSError:
        return False
    return "vie" in listed.split()


needs_libreoffice = pytest.mark.skipif(libreoffice_path() is None,
                                       reason="LibreOffice (soffice) is not installed: no PDF to scan")
needs_tesseract = pytest.mark.skipif(not tesseract_reads_vietnamese(),
                                     reason="Tesseract with Vietnamese (tesseract-ocr-vie) is not installed")


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Phụ lục VIII's pages as PNG files at 300 dpi, and the same pages as an image-only PDF."""
    if libreoffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to scan")
    import pypdfium2

    folder = tmp_path_factory.mktemp("scans")
    report = build_report(shipped_frameworks()["cqs"], shipped_report_data(),
                          ReportOptions(unit="66", periods=tuple(period_range("2021:2025"))))
    document = pypdfium2.PdfDocument(render(report, "pdf"))  # a printed page, as the scanner sees it
    images = [page.render(scale=300 / 72, grayscale=True).to_pil() for page in document]
    document.close()
    pngs = [folder / f"p{number}.png" for number in range(1, len(images) + 1)]
    for image, png in zip(images, pngs, strict=True):
        image.save(png, dpi=(300, 300))
    scan = folder / "scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=300)
    text = folder / "phuluc8.pdf"
    text.write_bytes(render(report, "pdf"))
    return {"png": pngs, "pdf": [scan], "text": [text]}


def shipped() -> dict[tuple[str, str], tuple[str, str]]:
    return {(v.indicator, v.period): (v.value, v.note) for v in shipped_report_data().values if v.framework == "cqs"}


def read(files: list[Path]) -> Preview:
    return preview(shipped_frameworks()["cqs"], "66", [t for path in files for t in read_tables(path)])


@needs_tesseract
@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_a_scan_reads_back_every_figure_and_note_on_the_right_rows(scans: dict[str, list[Path]], kind: str,
                                                                     tmp_path: Path) -> None:
    found = read(scans[kind])
    assert {(v.indicator, v.period): (v.value, v.note) for v in found.values()} == shipped()
    first = scans[kind][0].name
    assert found.blocking() == [f"{first}:1:6: cần xác nhận (theo tên, giống 100%; số thứ tự «A» không có)"]
    assert found.blocking([f"{first}:1:6"]) == []
    written = [row.match.indicator for row in read(scans["text"]).rows]  # the text layer's rows
    assert len(written) == 28 and None not in written
    assert [row.match.indicator for row in found.rows] == written


@needs_tesseract
def test_a_scanned_pdf_keeps_each_cell_s_page_and_place(scans: dict[str, list[Path]]) -> None:
    found = read(scans["pdf"])
    place = next(p.place for p in found.proposals if (p.indicator, p.period) == ("5.5.1", "2024"))
    assert (place.page, place.table, place.row, place.column) == (3, 3, 3, 6)
    assert place.text.startswith("tệp scan.pdf (sha256 ") and place.text.endswith(", trang 3, bảng 3, dòng 3, cột 6")


@needs_tesseract
def test_each_cell_keeps_its_words_lowest_confidence(scans: dict[str, list[Path]]) -> None:
    from PIL import Image

    page = scans["png"][2]
    with Image.open(page) as image:
        (table,) = scanned_tables(load(page), [(1, image.convert("L"))])
    written = [cell for row in table.table.rows for cell in row if cell.text]
    assert set(table.confidence) == set(written)
    assert all(0 <= c <= 100 for c in table.confidence.values())
    assert table.doubtful(below=0) == [] and table.doubtful(below=101) == written


@needs_tesseract
def test_a_page_without_a_ruled_table_gives_no_table(scans: dict[str, list[Path]], tmp_path: Path) -> None:
    from PIL import Image

    title = tmp_path / "tieude.png"
    with Image.open(scans["png"][0]) as image:
        image.crop((0, 0, image.width, 500)).save(title)  # «Phụ lục VIII» and its title, above the table
    assert read_tables(title) == []


@needs_libreoffice
def test_without_tesseract_a_scan_is_refused_saying_what_to_install(
        scans: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHISO_TESSERACT", "/nonexistent")
    for path in (scans["pdf"][0], scans["png"][0]):
        with pytest.raises(InputError) as raised:
            read_tables(path)
        assert raised.value.message == f"tệp {path.name} {MISSING}"
        assert raised.value.expected == INSTALL
        assert raised.value.file == str(path)
    assert INSTALL == ("cài tesseract-ocr và tesseract-ocr-vie "
                       "(Debian: apt-get install tesseract-ocr tesseract-ocr-vie)")


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


@pytest.fixture
def empty_store(db: None) -> None:
    """The shipped frameworks and units, no values: a province starting with chiso."""
    code, output = run("load", *(str(p) for p in shipped_files() if p.name != "values.csv"
                                 and p.name != "evaluations.csv"))
    assert code == 0, output


@needs_libreoffice
@pytest.mark.django_db
def test_the_import_of_a_scan_without_tesseract_stops_and_writes_nothing(
        empty_store: None, scans: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch) -> None:
    from chiso.store import services

    monkeypatch.setenv("CHISO_TESSERACT", "/nonexistent")
    code, output = run("import", "appendix", str(scans["pdf"][0]), "-f", "cqs", "-u", "66", "--confirm")
    assert code != 0
    assert f"tệp scan.pdf {MISSING}" in output and "apt-get install tesseract-ocr tesseract-ocr-vie" in output
    assert services.values("cqs", "66") == []


def test_an_image_beyond_the_pixel_bound_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    from PIL import Image

    huge = tmp_path / "khonglo.png"
    Image.new("1", (8_000, MAX_PIXELS // 8_000 + 1), 1).save(huge)  # white: a few kilobytes on disk
    assert huge.stat().st_size < 1_000_000
    with pytest.raises(InputError) as raised:
        read_tables(huge)
    assert raised.value.message == "trang 1 quá lớn để nhận dạng chữ (hơn 40.000.000 điểm ảnh)"
    assert raised.value.file == str(huge)
