"""The Excel round trip as a user does it: download a template, fill it with openpyxl, upload it, confirm."""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from chiso.store import models

if TYPE_CHECKING:  # the test client's response type exists in django-stubs only
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

SUBJECT = ("cqs", "643", "2025S1")
DATA = "Nhập liệu"


def template_url(framework: str = "cqs", unit: str = "643", period: str = "2025S1") -> str:
    return reverse("transfer:template", args=[framework, unit, period])


def download(client: Client, *subject: str) -> Workbook:
    response = client.get(template_url(*(subject or SUBJECT)))
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet: Worksheet, code: str) -> int:
    """The Excel row holding an indicator, found by its code in column A."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == code:
            return row
    raise AssertionError(f"no row for {code}")


def fill(book: Workbook, values: dict[str, object], notes: dict[str, str] | None = None) -> Workbook:
    sheet = book[DATA]
    for code, value in values.items():
        sheet[f"D{row_of(sheet, code)}"] = value
    for code, note in (notes or {}).items():
        sheet[f"E{row_of(sheet, code)}"] = note
    return book


def as_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, content: bytes, *subject: str, name: str = "mau.xlsx") -> Response:
    framework, unit, period = subject or SUBJECT
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("transfer:upload"), {
        "framework": framework, "unit": unit, "period": period, "file": file})


def text(response: Response) -> str:
    """The page as a reader sees it: tags gone, entities decoded, blanks collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def token(response: Response) -> str:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert found is not None, "no confirm form in the preview"
    return found.group(1)


def confirm(client: Client, signed: str) -> Response:
    return client.post(reverse("transfer:confirm"), {"token": signed})


def change_row(response: Response, code: str) -> str:
    """The text of the preview's change row of an indicator."""
    found = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', response.content.decode(), re.S)
    assert found is not None, f"no change row for {code}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def stored(unit: str = "643", period: str = "2025S1") -> dict[str, tuple[str, str]]:
    return {v.indicator: (v.value, v.note) for v in models.Value.objects.filter(
        framework__code="cqs", org_unit__code=unit, period=period)}
