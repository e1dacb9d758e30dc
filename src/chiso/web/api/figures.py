"""GET /api/figures/: the computed view's figures of a unit (and of each unit below it), with their provenance.

Every figure comes from ``chiso.store.analysis.view``; nothing is recomputed here. Items are ordered by
unit (the unit asked for, then the units below it by code), catalogue order, then period. A page is made
from the views of the units it covers, each computed on its own and only from the cursor's indicator on,
so a deep page costs what a page at the start does: a unit's view, not everything before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from chiso.catalog.model import Framework, Indicator
from chiso.errors import InputError
from chiso.i18n import Phrase
from chiso.periods import Period
from chiso.periods.days import day_text
from chiso.store import analysis, services
from chiso.view import Beside, Completeness, Figure, Scope, View
from chiso.view.figure import Key
from chiso.view.groups import tree_for
from chiso.view.trees import DEFAULT_TREE, TreeChoice
from chiso.web.api.analysis import ERRORS, refuse_outside_scope
from chiso.web.api.errors import VietnameseErrors
from chiso.web.api.inputs import FigureQuery
from chiso.web.api.pages import DEFAULT_LIMIT, decoded, encoded
from chiso.web.api.shapes import FigurePageSerializer, FigureSerializer, serialized
from chiso.web.api.values import validated
from chiso.web.dashboard.display import value_text
from chiso.web.dashboard.trees import page_tree

# Units whose views one page computes at most: where the units below have no figures, a page ends short of
# its limit rather than computing on, and its «next» goes on from the next unit.
MAX_UNITS = 10
BAD_CURSOR = "Con trỏ trang không hợp lệ cho câu hỏi này: hãy dùng nguyên địa chỉ «next» của trang trước."


@dataclass(frozen=True)
class Mark:
    """Where a page starts: after the figure of ``indicator`` in ``period`` of ``unit``, or at the unit's
    first figure when ``indicator`` is None."""

    unit: str
    indicator: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class Asked:
    """One validated question: whose figures, which of them, and from where."""

    framework: Framework
    units: list[str]
    periods: tuple[Period, ...] | None
    indicators: list[str] | None
    scope: Scope
    limit: int
    tree: TreeChoice = DEFAULT_TREE  # as resolved: the day of the units every view of the question is on
    day: date | None = None

    @cached_property
    def _order(self) -> dict[str, int]:
        return {indicator.code: n for n, indicator in enumerate(self.framework.indicators)}

    def position(self, code: str) -> int:
        """Where the indicator stands in the catalogue: the order of a unit's figures."""
        return self._order[code]


class FigureList(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(
        summary="Số liệu đã tính của một đơn vị (và từng đơn vị trực thuộc), kèm nguồn gốc, từng trang",
        description="Mỗi số liệu cho biết là số liệu báo cáo, tính theo công thức, tổng hợp từ đơn vị cấp dưới "
                    "(kèm số đơn vị đã góp: «87/102 xã»), cộng dồn từ các kỳ ngắn hơn hay gộp từ các đơn vị trước "
                    "sắp xếp. Số liệu tính trên địa giới «tree» (ngày, hoặc null: hiện nay). Theo thứ tự: đơn vị "
                    "(đơn vị đã chọn, rồi các đơn vị trực thuộc theo mã), chỉ tiêu theo danh mục, kỳ (cũ trước). "
                    "Đọc tiếp theo «next» đến khi là null.",
        parameters=[FigureQuery], responses={200: FigurePageSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        asked, mark = _asked(request)
        figures, following, gaps = _page(asked, mark)
        with translation.override("vi"):  # the text is the table's Vietnamese, whatever the caller's language
            results = serialized(FigureSerializer, [_shown(asked.framework, figure) for figure in figures])
            missing = [{"indicator": i, "unit": u, "period": p, "reason": reason.render("vi")}
                       for (i, u, p), reason in sorted(gaps.items())]
        return Response({"next": _link(request, following), "tree": asked.day.isoformat() if asked.day else None,
                         "gaps": missing, "results": results})


def _asked(request: Request) -> tuple[Asked, Mark | None]:
    wanted = validated(FigureQuery(data=request.query_params))
    code = wanted["unit"]
    shown = page_tree(services.hierarchy(), wanted["framework"], code, wanted.get("tree", DEFAULT_TREE),
                      wanted.get("periods"))
    tree = shown.snapshot
    if code not in tree and not tree.is_group(code):
        raise ValidationError({"unit": [f"Đơn vị «{code}» không có trên địa giới ngày {day_text(shown.day)}."
                                        if shown.day else f"Đơn vị «{code}» không có trên địa giới hiện nay."]})
    refuse_outside_scope(request, code, tree)
    units = [code]
    if wanted["scope"] == Scope.CHILDREN:
        units += sorted(child.code for child in tree_for(tree, code).children(code))
    asked = Asked(services.frameworks()[wanted["framework"]], units, wanted.get("periods"),
                  wanted.get("indicators"), Scope(wanted["scope"]), wanted.get("limit", DEFAULT_LIMIT),
                  shown.choice, shown.day)
    return asked, _mark(wanted.get("cursor"), asked)


def _mark(cursor: str | None, asked: Asked) -> Mark | None:
    """The cursor read back; refused unless it names a unit of this question and, if any, a figure's key."""
    if cursor is None:
        return None
    data = decoded(cursor)
    if not isinstance(data, dict) or data.get("u") not in asked.units:
        raise ValidationError({"cursor": [BAD_CURSOR]})
    mark = Mark(data["u"], data.get("i"), data.get("p"))
    if mark.indicator is not None and not _readable_key(asked.framework, mark):
        raise ValidationError({"cursor": [BAD_CURSOR]})
    return mark


def _readable_key(framework: Framework, mark: Mark) -> bool:
    if not isinstance(mark.indicator, str) or not isinstance(mark.period, str) or not framework.has(mark.indicator):
        return False
    try:
        Period.parse(mark.period)
    except InputError:
        return False
    return True


def _page(asked: Asked, mark: Mark | None) -> tuple[list[Figure], Mark | None, Mapping[Key, Phrase]]:
    """Up to ``limit`` figures from ``mark`` on, where the next page starts (None: nothing follows), and, on
    the first page, why figures of the question are missing (a predecessor without figures).

    A page starting at the unit asked for reads the view of the whole scope once, as one computation
    makes the unit's figures from its units' anyway; a later page reads the views of the units it covers."""
    start = asked.units.index(mark.unit) if mark is not None else 0
    whole = _view(asked, asked.units[0], asked.indicators, asked.scope) if start == 0 else None
    gaps = {key: reason for key, reason in whole.gaps.items() if key[1] in asked.units} if whole else {}
    walked = asked.units[start:start + MAX_UNITS]
    found: list[Figure] = []
    for unit in walked:
        found += _figures_of(asked, unit, mark if mark is not None and mark.unit == unit else None, whole)
        if len(found) > asked.limit:
            last = found[asked.limit - 1]
            return found[:asked.limit], Mark(last.unit, last.indicator, last.period), gaps
    after = asked.units[start + len(walked):]
    return found, Mark(after[0]) if after else None, gaps


def _figures_of(asked: Asked, unit: str, mark: Mark | None, whole: View | None) -> list[Figure]:
    """The unit's figures in page order, after ``mark`` when it falls within the unit."""
    if mark is None or mark.indicator is None or mark.period is None:
        return (whole or _view(asked, unit, asked.indicators)).of_unit(unit)
    after = (asked.position(mark.indicator), Period.parse(mark.period))
    listed = asked.indicators or [indicator.code for indicator in asked.framework.indicators]
    rest = [code for code in listed if asked.position(code) >= after[0]]  # a view of only what is left
    figures = (whole or _view(asked, unit, rest)).of_unit(unit)
    return [f for f in figures if (asked.position(f.indicator), Period.parse(f.period)) > after]


def _view(asked: Asked, unit: str, indicators: list[str] | None, scope: Scope = Scope.UNIT) -> View:
    return analysis.view(asked.framework.code, unit, periods=asked.periods, indicators=indicators, scope=scope,
                         tree=asked.tree)


def _link(request: Request, mark: Mark | None) -> str | None:
    if mark is None:
        return None
    data = {"u": mark.unit} if mark.indicator is None else {"u": mark.unit, "i": mark.indicator, "p": mark.period}
    return str(replace_query_param(request.build_absolute_uri(), "cursor", encoded(data)))


def _shown(framework: Framework, figure: Figure) -> dict[str, Any]:
    indicator = framework.indicator(figure.indicator)
    return {"framework": framework.code, "indicator": figure.indicator, "unit": figure.unit, "period": figure.period,
            "value": figure.value, "text": value_text(indicator, figure.value),
            "provenance": figure.provenance.value, "provenance_label": figure.provenance.label,
            "completeness": _completeness(figure.completeness), "beside": _beside(indicator, figure.beside),
            "note": figure.note, "source": figure.source, "origin": figure.origin}


def _completeness(found: Completeness | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"contributed": found.contributed, "expected": found.expected, "text": found.text}


def _beside(indicator: Indicator, found: Beside | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"value": found.value, "text": value_text(indicator, found.value),
            "completeness": _completeness(found.completeness)}
