"""Đối soát: the figures whose sources disagree, as a page and as an Excel file of the same rows.

The list is the core's (``chiso.values.origins.disagreements``, read from the store by
``chiso.store.origins``), the one ``chiso check`` reports as findings of kind ``reconcile``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from chiso.catalog.model import Framework
from chiso.orgunits.model import Hierarchy
from chiso.reports.exporters.xlsx import VIETNAMESE
from chiso.store import origins, services
from chiso.values.numbers import format_decimal
from chiso.values.origins import Disagreement, origin_label, shown
from chiso.web.dashboard import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Line:
    """One row of the page and of the file: a figure and the two sources that give it differently."""

    number: int
    indicator: str
    name: str
    unit: str
    unit_name: str
    period: str
    first_origin: str
    first: str
    second_origin: str
    second: str
    difference: Decimal | None
    places: int
    counted: bool  # whether the first value is the one the figure uses

    @property
    def difference_text(self) -> str:
        return "" if self.difference is None else format_decimal(abs(self.difference), "vi")


def lines(framework: Framework, unit: str, tree: Hierarchy) -> list[Line]:
    """The rows of ``unit`` and every unit below it, numbered, in the core's order."""
    found = origins.disagreements(framework, unit)
    return [_line(framework, tree, n, item) for n, item in enumerate(found, start=1)]


def _line(framework: Framework, tree: Hierarchy, number: int, item: Disagreement) -> Line:
    indicator = framework.indicator(item.indicator) if framework.has(item.indicator) else None
    counted = item.first.origin in (framework.official_origin, "")
    return Line(number, item.indicator, indicator.name if indicator else "", item.unit,
                tree[item.unit].name if item.unit in tree else item.unit, item.period,
                origin_label(framework, item.first.origin), item.first.value,
                origin_label(framework, item.second.origin), item.second.value, item.difference, item.places, counted)


@require_GET
@login_required
def reconcile_page(request: HttpRequest) -> HttpResponse:
    tree = services.hierarchy()
    framework, unit = access.chosen_framework(request), access.chosen_unit(request, tree)
    found = lines(framework, unit.code, tree)
    return render(request, "dashboard/reconcile.html", {
        "framework": framework, "unit": unit, "units": access.viewable_units(request, tree),
        "frameworks": sorted(services.frameworks().values(), key=lambda f: f.code),
        "lines": [(line, shown(line.first), shown(line.second)) for line in found],
        "official": origin_label(framework, framework.official_origin),
    })


@require_GET
@login_required
def reconcile_download(request: HttpRequest) -> HttpResponse:
    tree = services.hierarchy()
    framework, unit = access.chosen_framework(request), access.chosen_unit(request, tree)
    content = workbook_bytes(framework, unit.name, lines(framework, unit.code, tree))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"doi-soat-{framework.code}-{unit.code}.xlsx")
    return response


HEADINGS = ("STT", "Mã chỉ tiêu", "Chỉ tiêu", "Mã đơn vị", "Đơn vị", "Kỳ", "Nguồn thứ nhất", "Giá trị",
            "Nguồn thứ hai", "Giá trị", "Chênh lệch")


def workbook_bytes(framework: Framework, unit_name: str, found: list[Line]) -> bytes:
    """The rows as a sheet: numbers kept as numbers in the Vietnamese format, at the indicator's places."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Đối soát"
    # The file is a working document in Vietnamese, as the report appendices are, whatever the page's language.
    sheet.append([f"Đối soát số liệu giữa các nguồn: {framework.code}, {unit_name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADINGS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for line in found:
        sheet.append([line.number, line.indicator, line.name, line.unit, line.unit_name, line.period,
                      line.first_origin, _cell(line.first), line.second_origin, _cell(line.second),
                      None if line.difference is None else abs(line.difference)])
        for column in ("H", "J", "K"):
            sheet[f"{column}{sheet.max_row}"].number_format = _format(line.places)
    sheet.freeze_panes = "A3"
    for column, width in zip("ABCDEFGHIJK", (6, 12, 50, 10, 28, 10, 30, 12, 30, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def _format(places: int) -> str:
    return f"{VIETNAMESE}#,##0" + ("." + "0" * places if places > 0 else "")
