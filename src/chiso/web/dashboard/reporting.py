"""Reports from the web: the reports page's choices read into ReportOptions, the report drawn from the computed view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.errors import InputError
from chiso.periods import MAX_PERIODS as CORE_MAX_PERIODS
from chiso.periods import Period, TooManyPeriods, period_range
from chiso.periods.days import parse_day
from chiso.reports import ReportOptions, render
from chiso.reports.exporters import EXPORTERS, Exporter
from chiso.store import analysis, services
from chiso.view.trees import DEFAULT_TREE, parse_tree
from chiso.web.accounts import permissions

DEFAULT_FORMAT = "docx"
FLAGS = ("summary", "charts", "computed_only", "by_unit")
MAX_PERIODS = CORE_MAX_PERIODS  # the core's: a report of more is a mistake, and would keep a worker for minutes
FIELDS = ("framework", "unit", "periods", "as_of", "format", "doc_number", "doc_date", "issuer", "tree")
PREFERRED = ("docx", "xlsx", "pdf", "html")  # the official documents first, data formats after
T = TypeVar("T")
# The core names its formats in Vietnamese; the one name that is more than a format's name is translated here.
FORMAT_NAMES = {"csv": gettext_lazy("CSV (dữ liệu dạng bảng dọc)")}


@dataclass
class ReportChoice:
    """What the form asked for, and what is wrong with it; ``options`` is set only when nothing is."""

    framework: str
    unit: str
    format: str
    errors: list[str] = field(default_factory=list)
    options: ReportOptions | None = None

    @property
    def filename(self) -> str:
        return f"{self.framework}-{self.unit}{EXPORTERS[self.format].extension}"


def read_choice(request: HttpRequest) -> ReportChoice:
    """The report asked for in the query string, every bad choice named in Vietnamese."""
    query = request.GET
    choice = ReportChoice(query.get("framework", "").strip(), query.get("unit", "").strip(),
                          query.get("format", DEFAULT_FORMAT).strip())
    _check_codes(choice)
    periods = _guarded(choice, _("Các kỳ"), lambda: _bounded(query.get("periods", "")))
    as_of = _guarded(choice, _("Kết quả đến kỳ"), lambda: Period.parse(query["as_of"])
                     if query.get("as_of", "").strip() else None)
    doc_date = _guarded(choice, _("Ngày văn bản"), lambda: _date(query.get("doc_date", "")))
    tree = _guarded(choice, _("Địa giới hành chính"), lambda: parse_tree(query.get("tree", "")))
    if not choice.errors:
        flags = _flags(query)
        choice.options = ReportOptions(unit=choice.unit, periods=periods or (), as_of=as_of, doc_date=doc_date,
                                       doc_number=query.get("doc_number", "").strip(),
                                       issuer=query.get("issuer", "").strip(), charts=flags["charts"],
                                       summary=flags["summary"], computed_only=flags["computed_only"],
                                       by_unit=flags["by_unit"], tree=tree or DEFAULT_TREE)
    return choice


def _bounded(spec: str) -> tuple[Period, ...]:
    """The periods of a spec, refused past the core's cap (the CLI's and the API's too) in the page's language."""
    if not spec.strip():
        return ()
    try:
        return tuple(period_range(spec))
    except TooManyPeriods as error:
        raise InputError(_("quá %(most)s kỳ") % {"most": error.most},
                         expected=_("tối đa %(most)s kỳ, ví dụ 2021:2025") % {"most": error.most}) from None


def _check_codes(choice: ReportChoice) -> None:
    known = services.frameworks()
    if choice.framework not in known:
        choice.errors.append(_("Không có bộ chỉ tiêu «%(code)s» trong kho; hãy chọn một trong: %(known)s.")
                             % {"code": choice.framework, "known": ", ".join(sorted(known))})
    if choice.unit not in services.hierarchy():
        choice.errors.append(_("Không có đơn vị «%(code)s» trong kho; hãy chọn một đơn vị trong danh sách.")
                             % {"code": choice.unit})
    if choice.format not in EXPORTERS:
        choice.errors.append(_("Định dạng «%(format)s» không được hỗ trợ; hãy chọn một trong: %(known)s.")
                             % {"format": choice.format, "known": ", ".join(sorted(EXPORTERS))})


def _guarded(choice: ReportChoice, label: str, read: Callable[[], T]) -> T | None:
    """The value ``read`` gives, or None with the reason recorded under the field's label."""
    try:
        return read()
    except InputError as error:
        expected = _(" (cần: %(expected)s)") % {"expected": error.expected} if error.expected else ""
        choice.errors.append(f"{label}: {error.message}{expected}")
        return None


def _date(text: str) -> date | None:
    try:
        return parse_day(text)
    except InputError:  # the core's words are Vietnamese: the page says it in the reader's language
        raise InputError(_("ngày «%(text)s» không hợp lệ") % {"text": text.strip()},
                         expected=_("dd/mm/yyyy, ví dụ 20/06/2025")) from None


def _flags(query: QueryDict) -> dict[str, bool]:
    return {name: query.get(name) in ("1", "on", "true") for name in FLAGS}


def exporters() -> list[Exporter]:
    """Every registered format, the official documents first."""
    rank = {code: position for position, code in enumerate(PREFERRED)}
    found = sorted(EXPORTERS.values(), key=lambda e: (rank.get(e.format, len(rank)), e.format))
    return [replace(e, label=str(FORMAT_NAMES[e.format])) if e.format in FORMAT_NAMES else e for e in found]


def form_values(request: HttpRequest) -> dict[str, str]:
    """The form's fields as last sent, so a page with errors keeps what was typed; the user's unit by default."""
    form = {key: request.GET.get(key, "") for key in FIELDS}
    form["unit"] = form["unit"] or permissions.home_unit(request.user) or ""
    form["format"] = form["format"] or DEFAULT_FORMAT
    return form


def may_view(request: HttpRequest, choice: ReportChoice) -> bool:
    """Only a known unit can be refused; an unknown one is already an error on the page."""
    return choice.unit not in services.hierarchy() or permissions.can_view(request.user, choice.unit)


def report_bytes(choice: ReportChoice) -> bytes:
    """The report drawn from the computed view of the unit (as `chiso report`), rendered in the chosen format."""
    if choice.options is None:
        raise ValueError("only a choice without errors is rendered")
    return render(analysis.report(choice.framework, choice.options), choice.format)
