"""The provinces' page of an indicator or of a composite index, and their Excel files. Read-only: every view
answers GET alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.indices.model import Index
from chiso.periods import Period
from chiso.reports.exporters.xlsx import MEDIA_TYPE
from chiso.store import services
from chiso.values.numbers import format_decimal
from chiso.web.dashboard import access, trees
from chiso.web.dashboard.display import period_label, short_period
from chiso.web.ministry import composite, provinces, readers
from chiso.web.ministry.composite import IndexLeague
from chiso.web.ministry.league import SORTS, League
from chiso.web.ministry.workbook import index_workbook_bytes, workbook_bytes


@dataclass(frozen=True)
class Page:
    framework: Framework
    item: Indicator
    periods: list[str]  # every period with figures, newest first
    table: League | None  # None: no province has a figure of the indicator yet
    sort: str
    tree: str  # the tree asked for, as the address writes it


@dataclass(frozen=True)
class IndexPage:
    framework: Framework
    index: Index
    periods: list[str]  # every period with figures of the index's indicators, newest first
    table: IndexLeague | None  # None: no province has a figure of the index yet
    sort: str
    tree: str


@require_GET
@access.public_or_login
def home(request: HttpRequest) -> HttpResponse:
    """The framework's first indicator: where a ministry starts reading."""
    framework = access.chosen_framework(request)
    first = next((i for i in framework.indicators if i.value_type is not ValueType.HEADING), None)
    if first is None:
        raise Http404(_("Bộ chỉ tiêu «%(code)s» chưa có chỉ tiêu nào.") % {"code": framework.code})
    return redirect("ministry:indicator", framework.code, first.code)


@require_GET
@access.public_or_login
def indicator_page(request: HttpRequest, framework: str, code: str) -> HttpResponse:
    page = _page(request, framework, code)
    return render(request, "ministry/indicator.html", {
        "page": page, "framework": page.framework, "indicator": page.item, "table": page.table,
        "frameworks": sorted(services.frameworks().values(), key=lambda f: f.code),
        **_league_context(page)})


def _league_context(page: Page | IndexPage) -> dict[str, object]:
    """What both pages of the provinces show around their table: the choosers, the period, the trend's labels."""
    return {"indicators": [i for i in page.framework.indicators if i.value_type is not ValueType.HEADING],
            "period_choices": [(p, period_label(p)) for p in page.periods], "sorts": SORTS,
            "period_compared": period_label(page.table.period) if page.table else "",
            "trend_labels": [short_period(p) for p in page.table.periods] if page.table else []}


def _workbook_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_GET
@access.public_or_login
def indicator_download(request: HttpRequest, framework: str, code: str) -> HttpResponse:
    page = _page(request, framework, code)
    if page.table is None:
        raise Http404(_("Các tỉnh, thành phố chưa có số liệu của chỉ tiêu này."))
    title = f"{page.item.code}. {page.item.name}: các tỉnh, thành phố, {page.table.period.label}"
    name = f"cac-tinh-{page.framework.code}-{page.item.code}-{page.table.period.code}.xlsx"
    return _workbook_response(workbook_bytes(title, page.item, page.table), name)


def _page(request: HttpRequest, framework_code: str, code: str) -> Page:
    """The table the address asks for, of the rows the reader may see (403 when none); 404 for what is unknown."""
    framework = access.chosen_framework(request, framework_code)
    if not framework.has(code) or framework.indicator(code).value_type is ValueType.HEADING:
        raise Http404(_("Bộ chỉ tiêu %(framework)s không có chỉ tiêu «%(code)s».")
                      % {"framework": framework.code, "code": code})
    item, choice, sort = framework.indicator(code), trees.asked(request), request.GET.get("sort", "rank")
    stored = provinces.present_periods(framework)
    present = stored.of(framework, item)
    asked = request.GET.get("period", "")
    period = Period.parse(asked if asked in present else present[0]) if present else None
    shown = provinces.provinces(choice, period)
    visible = {u.code for u in readers.readable(request, shown.snapshot, shown.units)}
    if period is None:
        return Page(framework, item, present, None, sort, request.GET.get("tree", ""))
    table = provinces.indicator_league(framework, item, shown, provinces.trend_periods(period), stored)
    mine = League(table.period, table.periods, [r for r in table.rows if r.unit.code in visible])
    return Page(framework, item, present, mine.sorted(sort if sort in SORTS else "rank"), sort,
                request.GET.get("tree", ""))



@require_GET
@access.public_or_login
def index_page(request: HttpRequest, framework: str, index: str) -> HttpResponse:
    page = _index_page(request, framework, index)
    return render(request, "ministry/index.html", {
        "page": page, "framework": page.framework, "index": page.index, "table": page.table,
        "rows": page.table.rows if page.table else [], "index_max": format_decimal(page.index.max),
        "drill_down": _drill_down(request, page.table), **_league_context(page)})


@require_GET
@access.public_or_login
def index_download(request: HttpRequest, framework: str, index: str) -> HttpResponse:
    page = _index_page(request, framework, index)
    if page.table is None:
        raise Http404(_("Các tỉnh, thành phố chưa có số liệu của chỉ số này."))
    title = f"{page.index.name}: các tỉnh, thành phố, {page.table.period.label}"
    name = f"cac-tinh-{page.framework.code}-{page.index.code}-{page.table.period.code}.xlsx"
    return _workbook_response(index_workbook_bytes(title, page.table), name)


def _drill_down(request: HttpRequest, table: IndexLeague | None) -> set[str]:
    """The provinces whose own index page (the dashboard's drill-down) the reader may open: those of the scope."""
    if table is None:
        return set()
    reads = access.readable_units(request, services.hierarchy())
    return {row.unit.code for row in table.table.rows if reads(row.unit.code)}


def _index_page(request: HttpRequest, framework_code: str, code: str) -> IndexPage:
    """The index's table the address asks for, of the rows the reader may see (403 when none); 404 for what is
    unknown."""
    framework = access.chosen_framework(request, framework_code)
    index = framework.index(code)
    if index is None:
        raise Http404(_("Bộ chỉ tiêu %(framework)s không có chỉ số %(index)s.")
                      % {"framework": framework.code, "index": code})
    choice, sort, tree = trees.asked(request), request.GET.get("sort", "rank"), request.GET.get("tree", "")
    stored = provinces.present_periods(framework)
    present = stored.of_codes(framework, index.indicators())
    asked = request.GET.get("period", "")
    period = Period.parse(asked if asked in present else present[0]) if present else None
    shown = provinces.provinces(choice, period)
    visible = {u.code for u in readers.readable(request, shown.snapshot, shown.units)}
    if period is None:
        return IndexPage(framework, index, present, None, sort, tree)
    table = composite.index_league(framework, index, shown, provinces.trend_periods(period), stored)
    return IndexPage(framework, index, present, table.only(visible).sorted(sort if sort in SORTS else "rank"),
                     sort, tree)
