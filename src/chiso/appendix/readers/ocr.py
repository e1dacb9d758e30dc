"""Scanned pages and images: each page's ruled tables, their cells' words recognised by Tesseract (``vie``).

The table is found from its rules (:mod:`~chiso.appendix.readers.ocr_grid`), not from the recognised text:
a scan's words are the uncertain part, its rules are not. Each cell with ink is then recognised on its own,
its rules left out, all of a page's cells in one Tesseract run (a multi-page TIFF, one page a cell; TSV
out: each word with its box and confidence). Recognising the whole page instead and placing each word by
its centre lost the lone «-» and «0» of a figure column and read the «5.» of a row's number as «9.»;
alone, a cell is read as the block of text it is. Debian's Vietnamese model still misreads short figures
(«5.5.1.» as «5.0.1.», a lone «-» as nothing), so a cell read as a figure (a digit, no blank, hardly a
letter) or as nothing is read once more as one line of figures only (``tessedit_char_whitelist``), by the
English model when it is there (``tesseract-ocr`` installs it), which reads digits better; a figure's
last comma is read as the full stop it was, and a cell whose ink is one short flat stroke is a «-». The page is
scaled first so that a line of text is about :data:`LINE_HEIGHT` pixels tall, the size the Vietnamese
model reads best, whatever the scan's resolution.

A cell's words are read line by line (a word whose middle is above the bottom of the line so far is on it),
a word broken after its hyphen joined again ("2741/QĐ-" and "UBND" are "2741/QĐ-UBND"). Merged cells have
the span the missing rule gives them, as the PDF reader's have. A page without a grid of rules gives no
table. Each cell keeps the lowest confidence of its words (:func:`scanned_tables`, :class:`ScannedTable`),
for a caller to name the cells worth a second look.

Tesseract is Debian's (``tesseract-ocr`` and ``tesseract-ocr-vie``), run as a command: the one named by
``CHISO_TESSERACT``, else ``tesseract`` on the PATH. Without it or its Vietnamese data a scan is refused,
saying what to install. Hostile files are bounded: pages (:data:`MAX_PAGES`), pixels per page
(:data:`MAX_PIXELS`, checked before a pixel is decoded) and the time of each Tesseract run (:data:`TIMEOUT`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray

from chiso.appendix.model import SourceCell, SourceTable
from chiso.appendix.readers.ocr_grid import Box, Grid, binarised, find_grids, interior, line_heights, without_rules
from chiso.appendix.readers.registry import register_table_reader
from chiso.appendix.readers.source import SourceFile, TableBuilder
from chiso.errors import InputError
from chiso.values.numbers import format_decimal

__all__ = ["DPI", "MAX_PAGES", "MAX_PIXELS", "TIMEOUT", "ScannedTable", "Scanner", "Word", "check_pixels",
           "read_image", "scanned_tables", "tesseract_command"]

DPI = 300  # a PDF's scanned page is rendered at the resolution scans are made at
MAX_PAGES = 2_000  # an appendix has tens of pages
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17 million; a decompression bomb is billions
TIMEOUT = 120  # seconds per Tesseract run (a page): one takes a few
LANGUAGE = "vie"
LINE_HEIGHT = 23  # pixels: a line of 13-point text at 200 dpi, where Debian's Vietnamese model errs least
INK = 20  # dark pixels: fewer in a cell are a rule's remains or dust, not a character
PAD = 20  # white pixels around a cell: Tesseract misses text touching the image's edge
BLOCK, LINE = "6", "7"  # Tesseract's page segmentation: a uniform block of text; a single line
FIGURES_LANGUAGE = "eng"  # its digits are better than the Vietnamese model's
FIGURE_CHARACTERS = "0123456789.,%-/"
FIGURE_LIKE = re.compile(r"\S*\d\S*|[^\w\s]+")  # a digit and no blank, or marks alone («-» read as «.»)
TRAILING_COMMA = re.compile(r"(?<=\d),$")  # no figure ends in a comma: a scanned full stop read as one
ETH = re.compile("Đ?Ð")  # Icelandic «Ð», no Vietnamese letter: the Vietnamese model's «Đ» read twice or amiss
EXPECTED_IMAGE = "một ảnh PNG, JPEG hay TIFF của trang phụ lục"
EXPECTED_SCAN = "một trang phụ lục quét rõ"
INSTALL = "cài tesseract-ocr và tesseract-ocr-vie (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"

Mask = NDArray[np.bool_]
Cell = tuple[int, Box]  # a page's grid (from 0) and a box of it


@dataclass(frozen=True)
class Word:
    """A recognised word: its text, where its box starts and ends across (pixels) and its confidence (0–100)."""

    text: str
    left: int
    top: int
    bottom: int
    confidence: float


@dataclass(frozen=True)
class ScannedTable:
    """A table read from a scan, and the lowest confidence of each cell's words (a cell without words has none)."""

    table: SourceTable
    confidence: Mapping[SourceCell, float] = field(default_factory=dict)

    def doubtful(self, below: float) -> list[SourceCell]:
        """The cells a word of which Tesseract was less than ``below`` sure of, in the table's order."""
        return [cell for row in self.table.rows for cell in row if cell in self.confidence
                and self.confidence[cell] < below]


def tesseract_command() -> str:
    """The Tesseract to run: ``CHISO_TESSERACT`` when set, else ``tesseract`` on the PATH."""
    return os.environ.get("CHISO_TESSERACT") or "tesseract"


@register_table_reader("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"))
def read_image(source: SourceFile) -> Iterator[SourceTable]:
    for scanned in scanned_tables(source, _frames(source)):
        yield scanned.table


def scanned_tables(source: SourceFile, pages: Iterable[tuple[int, Any]]) -> list[ScannedTable]:
    """The tables of the scanned ``pages`` (page number, Pillow image), numbered through the file."""
    scanner: Scanner | None = None  # checked at the first page: a file refused for its size needs no Tesseract
    found: list[ScannedTable] = []
    for number, image in pages:
        scanner = scanner or Scanner(source)
        found += scanner.tables(number, image, len(found))
    return found


class Scanner:
    """Reads the scanned pages of one file; refuses it at once when Tesseract or its Vietnamese is missing."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        languages = _check_tesseract(source)
        self.figures = FIGURES_LANGUAGE if FIGURES_LANGUAGE in languages else LANGUAGE

    def tables(self, page: int, image: Any, before: int) -> list[ScannedTable]:
        """The page's tables (``image`` a Pillow image), numbered after the file's ``before`` tables."""
        gray = np.asarray(image.convert("L"), dtype=np.uint8)
        dark = binarised(gray)
        grids = find_grids(dark)
        if not grids:
            return []
        ink = without_rules(dark)
        cells = [((n, box), ink[interior(grid, box)]) for n, grid in enumerate(grids) for box in grid.boxes]
        words = self._recognised(page, [(key, crop) for key, crop in cells if int(crop.sum()) >= INK])
        return [_table(self.source, before + n + 1, page, grid, {b: w for (g, b), w in words.items() if g == n})
                for n, grid in enumerate(grids)]

    def _recognised(self, page: int, cells: list[tuple[Cell, Mask]]) -> dict[Cell, list[Word]]:
        """Each inked cell's words: read as a block of text, then those read as a figure or as nothing once
        more as a line of figures (kept when it finds any)."""
        scale = _scale([crop for _, crop in cells])
        found = dict(zip((key for key, _ in cells), self._run(page, [c for _, c in cells], scale), strict=True))
        figures = [(key, crop) for key, crop in cells if _figure_like(found[key])]
        again = self._run(page, [crop for _, crop in figures], scale, figures=True)
        found |= {key: _figure(words) for (key, _), words in zip(figures, again, strict=True) if words}
        height = LINE_HEIGHT / scale
        found |= {key: [_dash(crop)] for key, crop in cells if not _text(found[key]).strip("-.,")
                  and _dash_like(crop, height)}
        return found

    def _run(self, page: int, crops: Sequence[Mask], scale: float, figures: bool = False) -> list[list[Word]]:
        """Tesseract over the crops as one multi-page TIFF: each crop's words, in pixels of the crop."""
        if not crops:
            return []
        command = [tesseract_command(), "stdin", "stdout", "-l", LANGUAGE, "--psm", BLOCK, "tsv"]
        if figures:
            command[4:7] = [self.figures, "--psm", LINE, "-c", f"tessedit_char_whitelist={FIGURE_CHARACTERS}"]
        try:
            done = subprocess.run(command, input=_tiff(crops, scale), capture_output=True, timeout=TIMEOUT,
                                  check=False, env=_environment())
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"nhận dạng chữ trang {page} quá {TIMEOUT} giây", file=self.source.where,
                             expected=EXPECTED_SCAN) from exc
        except OSError as exc:
            raise InputError(f"không chạy được Tesseract: {exc.strerror or exc}", file=self.source.where,
                             expected=INSTALL) from exc
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip()[-200:]
            raise InputError(f"Tesseract không nhận dạng được trang {page}: {reason}", file=self.source.where,
                             expected=EXPECTED_SCAN)
        return _words(done.stdout.decode(errors="replace"), len(crops))


def _figure_like(words: list[Word]) -> bool:
    """Whether a cell's reading is nothing or a figure: a digit (or marks alone), no blank, at most two letters."""
    text = " ".join(w.text for w in words)
    return not text or (FIGURE_LIKE.fullmatch(text) is not None and sum(c.isalpha() for c in text) <= 2)


def _figure(words: list[Word]) -> list[Word]:
    last = words[-1]
    return [*words[:-1], Word(TRAILING_COMMA.sub(".", last.text), last.left, last.top, last.bottom,
                              last.confidence)]


def _dash_like(ink: Mask, height: float) -> bool:
    """Whether a cell's ink is one short flat stroke: a lone «-», which Tesseract, finding no line of text
    in it, reads as nothing or as «.»."""
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    tall, wide = rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1
    return bool(tall < height / 4 and 2 * tall <= wide < height and ink.sum() >= 0.8 * tall * wide)


def _dash(ink: Mask) -> Word:
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return Word("-", int(columns[0]), int(rows[0]), int(rows[-1]) + 1, 100.0)


def _environment() -> dict[str, str]:
    # one thread: Tesseract's own threads slow down a machine serving other requests more than they help
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _scale(crops: Sequence[Mask]) -> float:
    """How much to scale the page for a line of text to be :data:`LINE_HEIGHT` pixels tall."""
    heights = [h for crop in crops for h in line_heights(crop) if h > 2]
    return 1.0 if not heights else min(2.0, max(0.25, LINE_HEIGHT / float(np.median(heights))))


def _tiff(crops: Sequence[Mask], scale: float) -> bytes:
    """The crops, black on white, each framed in white and scaled, as the pages of one TIFF (a scan's grey
    noise and a JPEG's ringing left behind by the binarisation)."""
    from PIL import Image

    pages = []
    for crop in crops:
        height, width = crop.shape
        framed = Image.new("L", (width + 2 * PAD, height + 2 * PAD), 255)
        framed.paste(Image.fromarray(np.where(crop, 0, 255).astype(np.uint8)), (PAD, PAD))
        size = (max(1, round(framed.width * scale)), max(1, round(framed.height * scale)))
        pages.append(framed.resize(size, Image.Resampling.LANCZOS))
    data = io.BytesIO()
    pages[0].save(data, format="TIFF", save_all=True, append_images=pages[1:])
    return data.getvalue()


def _words(tsv: str, pages: int) -> list[list[Word]]:
    found: list[list[Word]] = [[] for _ in range(pages)]
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            top = int(row["top"])
            found[int(row["page_num"]) - 1].append(
                Word(row["text"].strip(), int(row["left"]), top, top + int(row["height"]), float(row["conf"])))
    return found


def _table(source: SourceFile, index: int, page: int, grid: Grid, words: Mapping[Box, list[Word]]) -> ScannedTable:
    builder = TableBuilder(source, index, page)
    confidence: dict[SourceCell, float] = {}
    for row in range(len(grid.ys) - 1):
        boxes = list(dict.fromkeys(grid.boxes[i] for i in grid.owner[row]))  # each merged cell once
        texts = [_text(words.get(box, [])) if box.row == row else "" for box in boxes]
        builder.add(row + 1, [(text, box.column + 1, box.columns) for box, text in zip(boxes, texts, strict=True)])
        for box, cell in zip(boxes, builder.rows[-1], strict=True):
            if box.row == row and (found := words.get(box)):
                confidence[cell] = min(w.confidence for w in found)
    return ScannedTable(builder.table(), confidence)


def _text(words: list[Word]) -> str:
    """A cell's words in reading order, a line ending in a word's hyphen running on into the next."""
    text = ""
    for line in _lines(words):
        joined = ETH.sub("Đ", " ".join(w.text for w in sorted(line, key=lambda w: w.left)))
        runs_on = not text or (text.endswith("-") and len(text.rsplit(" ", 1)[-1]) > 1)
        text += joined if runs_on else " " + joined
    return text


def _lines(words: list[Word]) -> list[list[Word]]:
    """The words by line, top to bottom: a word whose middle is above the bottom of the line so far is on it."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.top):
        if lines and (word.top + word.bottom) / 2 < max(w.bottom for w in lines[-1]):
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _check_tesseract(source: SourceFile) -> list[str]:
    """The languages Tesseract reads; refuses the scan, saying what to install, when Tesseract or its
    Vietnamese data is missing."""
    try:
        listed = subprocess.run([tesseract_command(), "--list-langs"], capture_output=True, text=True,
                                timeout=TIMEOUT, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        listed = ""
    if LANGUAGE not in listed.split():
        raise InputError(f"tệp {source.name} là bản quét (không có lớp chữ); cần Tesseract để nhận dạng chữ",
                         file=source.where, expected=INSTALL)
    return listed.split()


def _frames(source: SourceFile) -> Iterator[tuple[int, Any]]:
    """An image file's pages (a TIFF may hold several), each refused beyond :data:`MAX_PIXELS`."""
    from PIL import ImageSequence

    image = _open_image(source)
    with image:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number > MAX_PAGES:
                raise InputError(f"ảnh có hơn {_count(MAX_PAGES)} trang", file=source.where,
                                 expected=f"một phụ lục không quá {_count(MAX_PAGES)} trang")
            check_pixels(source, frame.width, frame.height, number)
            yield number, _decoded(source, frame)


def _open_image(source: SourceFile) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(source.data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(source, 1) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError("tệp không phải là ảnh hoặc bị hỏng", file=source.where, expected=EXPECTED_IMAGE) from exc


def _decoded(source: SourceFile, frame: Any) -> Any:
    try:
        return frame.convert("L")
    except (OSError, ValueError) as exc:  # a truncated image fails only when its pixels are decoded
        raise InputError("ảnh bị hỏng, không đọc được các điểm ảnh", file=source.where,
                         expected=EXPECTED_IMAGE) from exc


def check_pixels(source: SourceFile, width: float, height: float, page: int) -> None:
    """Refuses a page of more than :data:`MAX_PIXELS` pixels, before a pixel of it is decoded."""
    if width * height > MAX_PIXELS:
        raise _too_large(source, page)


def _too_large(source: SourceFile, page: int) -> InputError:
    return InputError(f"trang {page} quá lớn để nhận dạng chữ (hơn {_count(MAX_PIXELS)} điểm ảnh)",
                      file=source.where, expected=f"trang quét ở {DPI} dpi, khổ không quá A3")


def _count(number: int) -> str:
    return format_decimal(Decimal(number), "vi")
