"""Dashboard pages: overview, indicator, reports. Read-only: every view answers GET alone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.catalog.model import Framework
from chiso.errors import ChisoError, InputError
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.reports.exporters import EXPORTERS
from chiso.store import services
from chiso.view.groups import tree_for
from chiso.web.dashboard import access, across, indicator, leaders, overview, reporting, trees
from chiso.web.rounds.completeness import completeness_card


@require_GET
@access.public_or_login
def home(request: HttpRequest) -> HttpResponse:
    framework = access.chosen_framework(request)
    unit, shown = _on_tree(request, framework)
    return render(request, "dashboard/home.html", {
        **_selection(request, shown.snapshot, framework, unit), **_trees(request, unit, shown),
        **overview.dashboard(framework, unit, shown.snapshot, shown.choice),
        "pending": overview.awaiting_approval(request.user),
        "completeness": completeness_card(request.user, unit.code),
    })


def _on_tree(request: HttpRequest, framework: Framework) -> tuple[OrgUnit, trees.PageTree]:
    """The unit asked for, found on the tree asked for, and the tree its figures are computed on."""
    hierarchy, choice, code = services.hierarchy(), trees.asked(request), access.chosen_code(request)
    unit = access.chosen_unit(request, trees.finding_tree(hierarchy, choice, code), code)
    shown = trees.page_tree(hierarchy, framework.code, unit.code, choice)
    return access.chosen_unit(request, shown.snapshot, unit.code), shown


def _trees(request: HttpRequest, unit: OrgUnit, shown: trees.PageTree) -> dict[str, object]:
    """The toggle between the new and the old tree, and what keeps the page's links on its tree."""
    return {"toggle": trees.toggle(request, services.hierarchy(), unit.code, shown.day),
            "tree_query": shown.query, "tree_day": shown.day}


@require_GET
@access.public_or_login
def targets_page(request: HttpRequest) -> HttpResponse:
    """The targets a status card of the dashboard counts (?status=not_met, or at_risk), of the unit or below it."""
    tree = services.hierarchy()
    framework, unit = access.chosen_framework(request), access.chosen_unit(request, tree)
    status, below = request.GET.get("status", "not_met"), request.GET.get("below") == "1"
    title = leaders.status_name(status)
    return render(request, "dashboard/targets.html", {
        **_selection(request, tree, framework, unit), "status": status, "title": title, "below": below,
        "listed": leaders.listed(framework, unit, tree_for(tree, unit.code), status, below)})


@require_GET
@access.public_or_login
def indicator_page(request: HttpRequest, framework: str, code: str) -> HttpResponse:
    chosen = _framework_having(request, framework, code)
    unit, shown = _on_tree(request, chosen)
    tree = tree_for(shown.snapshot, unit.code)  # a group's page lists its members as the units below it
    return render(request, "dashboard/indicator.html", {
        **_selection(request, tree, chosen, unit), **_trees(request, unit, shown),
        **indicator.page(chosen, chosen.indicator(code), unit, tree, every_period=request.GET.get("all") == "1",
                         tree_choice=shown.choice)})


@require_GET
@access.public_or_login
def across_page(request: HttpRequest, framework: str, code: str) -> HttpResponse:
    """One indicator across the units right below the unit, worst first against its target."""
    tree, chosen = services.hierarchy(), _framework_having(request, framework, code)
    unit = access.chosen_unit(request, tree)
    tree = tree_for(tree, unit.code)
    item = chosen.indicator(code)
    return render(request, "dashboard/across.html", {
        **_selection(request, tree, chosen, unit), "indicator": item, "children": tree.children(unit.code),
        "across": across.across(chosen, item, unit, tree, request.GET.get("period", ""),
                                request.GET.get("target", ""))})


def _framework_having(request: HttpRequest, framework: str, code: str) -> Framework:
    chosen = access.chosen_framework(request, framework)
    if not chosen.has(code):
        raise Http404(_("Bộ chỉ tiêu %(framework)s không có chỉ tiêu %(code)s.") % {"framework": framework,
                                                                                   "code": code})
    return chosen


def _selection(request: HttpRequest, tree: Hierarchy, framework: Framework, unit: OrgUnit) -> dict[str, object]:
    """What every page needs to show and change the framework and unit being read."""
    return {"framework": framework, "unit": unit, "units": access.viewable_units(request, tree),
            "frameworks": sorted(services.frameworks().values(), key=lambda f: f.code)}


@require_GET
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    return _reports_page(request, [])


@require_GET
@login_required
def report_download(request: HttpRequest) -> HttpResponse:
    choice = reporting.read_choice(request)
    if not reporting.may_view(request, choice):
        raise PermissionDenied(_("Bạn không có quyền lấy báo cáo của đơn vị này."))
    if choice.errors:
        return _reports_page(request, choice.errors, status=400)
    try:
        content = reporting.report_bytes(choice)
    except InputError as error:
        return _reports_page(request, [str(error)], status=400)
    except ChisoError as error:  # e.g. no LibreOffice for PDF: the server cannot make this format now
        return _reports_page(request, [str(error)], status=503)
    response = HttpResponse(content, content_type=EXPORTERS[choice.format].media_type)
    response["Content-Disposition"] = content_disposition_header(True, choice.filename)
    return response


def _reports_page(request: HttpRequest, errors: list[str], status: int = 200) -> HttpResponse:
    return render(request, "dashboard/reports.html", {
        "errors": errors, "form": reporting.form_values(request), "exporters": reporting.exporters(),
        "flags": {name: request.GET.get(name) == "1" for name in reporting.FLAGS},
        "frameworks": sorted(services.frameworks().values(), key=lambda f: f.code),
        "units": access.viewable_units(request, services.hierarchy()),
    }, status=status)
