"""Hoàn thành báo cáo: who has reported a data set's rounds, for a unit's subtree, as a page, an Excel file and a card.

The counting is the core's (``chiso.rounds.grid``) over the store's rounds (``chiso.store.completeness``);
this module picks what the reader asked for within their scope and words the core's states for the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods import Period
from chiso.reports.exporters.xlsx import MEDIA_TYPE
from chiso.rounds import Completeness, DataSet
from chiso.rounds.grid import STATE_LABELS, Cell, Round, Row, State
from chiso.store import completeness as store
from chiso.store import rounds as store_rounds
from chiso.store import services
from chiso.web.accounts import permissions
from chiso.web.dashboard import access
from chiso.web.dashboard.display import completeness_text, period_label
from chiso.web.locale import core_text

PERIOD_CHOICES = 12  # periods offered in the chooser, newest first

# The core's words for a cell, wrapped for translation; the class gives the colour beside the words.
STATE_NAMES: dict[State, Promise] = {state: core_text(label) for state, label in STATE_LABELS.items()}
STATE_CLASSES = {State.APPROVED: "approved", State.SUBMITTED: "submitted", State.LATE: "warning",
                 State.RETURNED: "rejected", State.MISSING: "error", State.NOT_EXPECTED: "no_data"}


@dataclass(frozen=True)
class Shown:
    """A cell as the page writes it: its words, its colour class, and the roll-up count when there is one."""

    state: State
    text: str
    css: str
    count: str = ""


@dataclass(frozen=True)
class Chosen:
    data_set: DataSet
    unit: OrgUnit
    period: Period
    periods: list[Period]  # the grid's columns, newest first


def shown(cell: Cell) -> Shown:
    count = completeness_text(cell.counted) if cell.counted is not None else ""
    return Shown(cell.state, str(STATE_NAMES[cell.state]), STATE_CLASSES[cell.state], count)


def chosen(request: HttpRequest, tree: Hierarchy) -> Chosen:
    """The data set, unit (within the reader's scope: 403 outside it) and period asked for; 404 for unknown ones."""
    known = store_rounds.data_sets()
    if not known:
        raise Http404(_("Chưa có bộ biểu báo cáo nào."))
    wanted = request.GET.get("data_set") or known[0].code
    data_set = next((d for d in known if d.code == wanted), None)
    if data_set is None:
        raise Http404(_("Không có bộ biểu «%(code)s».") % {"code": wanted})
    unit = access.chosen_unit(request, tree)
    try:
        period = Period.parse(request.GET["period"]) if request.GET.get("period") else None
        periods = store.latest_periods(data_set, period)
    except InputError as exc:
        raise Http404(str(exc)) from exc
    return Chosen(data_set, unit, periods[0], periods)


def _grid(found: Chosen, tree: Hierarchy) -> tuple[list[Round], list[Row]]:
    return store.unit_grid(found.data_set, found.unit.code, found.periods, tree)


@require_GET
@login_required
def completeness_page(request: HttpRequest) -> HttpResponse:
    tree = services.hierarchy()
    found = chosen(request, tree)
    rounds, rows = _grid(found, tree)
    counted, _rows = rounds[0].tally(store.today())
    return render(request, "rounds/completeness.html", {
        "chosen": found, "data_set": found.data_set, "unit": found.unit, "period": found.period,
        "data_sets": store_rounds.data_sets(), "units": access.viewable_units(request, tree),
        "period_choices": period_choices(found),
        "tally": counted, "cards": cards(counted), "window": found.data_set.window(found.period),
        "columns": [(p.code, period_label(p.code)) for p in found.periods],
        "rows": [(row, [shown(c) for c in row.cells]) for row in rows],
        "query": urlencode({"data_set": found.data_set.code, "unit": found.unit.code, "period": found.period.code}),
    })


def period_choices(found: Chosen) -> list[tuple[str, str]]:
    """The latest periods whose entry has opened, and the one chosen when it is older, newest first."""
    latest = found.data_set.periods(store.today(), PERIOD_CHOICES)
    every = sorted({*latest, found.period}, reverse=True)
    return [(p.code, period_label(p.code)) for p in every]


def cards(counted: Completeness) -> list[tuple[str, int, Promise | str]]:
    """The summary cards: a key (its colour), the number, the words."""
    return [("expected", counted.expected, gettext_lazy("Phải báo cáo")),
            ("approved", counted.submitted, gettext_lazy("Đã gửi")),
            ("approved", counted.approved, gettext_lazy("Đã duyệt")),
            ("met", counted.on_time, gettext_lazy("Đúng hạn")),
            ("manual", counted.late, gettext_lazy("Nộp muộn")),
            ("not_met", counted.returned, gettext_lazy("Bị trả lại")),
            ("not_met", counted.missing, gettext_lazy("Chưa gửi"))]


@require_GET
@login_required
def completeness_xlsx(request: HttpRequest) -> HttpResponse:
    tree = services.hierarchy()
    found = chosen(request, tree)
    rounds, rows = _grid(found, tree)
    content = workbook_bytes(found, rounds[0].tally(store.today())[0], rows)
    response = HttpResponse(content, content_type=MEDIA_TYPE)
    name = f"hoan-thanh-{found.data_set.code}-{found.unit.code}-{found.period.code}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


TALLY_HEADINGS = ("Phải báo cáo", "Đã gửi", "Đã duyệt", "Đúng hạn", "Nộp muộn", "Bị trả lại", "Chưa gửi")


def workbook_bytes(found: Chosen, counted: Completeness, rows: list[Row]) -> bytes:
    """The tally and the grid as a sheet, in Vietnamese as the other working files are: counts as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Hoàn thành"
    sheet.append([f"Hoàn thành báo cáo {found.data_set.code} {found.data_set.name}: {found.unit.name}, "
                  f"{found.period.label}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(TALLY_HEADINGS))
    sheet.append([counted.expected, counted.submitted, counted.approved, counted.on_time, counted.late,
                  counted.returned, counted.missing])
    sheet.append([])
    sheet.append(["Mã đơn vị", "Đơn vị", *(p.label for p in found.periods)])
    for row_cells in (sheet[2], sheet[5]):
        for cell in row_cells:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append([row.unit.code, row.unit.name, *(_xlsx_cell(c) for c in row.cells)])
    sheet.freeze_panes = "C6"
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 12, 32
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(cell: Cell) -> str:
    label = STATE_LABELS[cell.state]
    return f"{cell.counted.text} · {label}" if cell.counted is not None else label


def completeness_card(user: AbstractBaseUser | AnonymousUser, unit_code: str) -> dict[str, object] | None:
    """The dashboard card of ``unit_code``: the open rounds of its data sets, «2/3 đã gửi», late, a link to the grid.

    None when the user may not read the unit or no round of a data set asking units below it is open."""
    tree = services.hierarchy()
    if unit_code not in tree or not permissions.can_view(user, unit_code):
        return None
    today = store.today()
    found = []
    for data_set in store_rounds.data_sets():
        period = data_set.periods(today, 1)[0]
        if not data_set.window(period).is_open(today):
            continue
        counted = store.tally(data_set, period, unit_code, tree)
        if counted.expected:
            found.append(_card_round(data_set, period, unit_code, counted, today))
    return {"unit": tree[unit_code], "rounds": found} if found else None


def _card_round(data_set: DataSet, period: Period, unit: str, counted: Completeness, today: date) -> dict[str, object]:
    query = urlencode({"data_set": data_set.code, "unit": unit, "period": period.code})
    window = data_set.window(period)
    return {"data_set": data_set, "period": period, "period_label": period_label(period.code), "tally": counted,
            "window": window, "overdue": window.is_late(today),
            "rate_text": _("%(sent)s/%(expected)s đã gửi") % {"sent": counted.submitted, "expected": counted.expected},
            "url": f"{reverse('rounds:completeness')}?{query}"}
