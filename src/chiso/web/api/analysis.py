"""Findings of the checks and evaluations against targets, for one framework and one unit of the caller's scope.

Both are the store's analysis, as `chiso check` and `chiso evaluate` give them: the findings of the unit and
of every unit below it, each naming its unit; the evaluations of the unit's figures in the computed view
(a province's rates from its communes' counts).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.evaluation import Evaluation
from chiso.orgunits.model import Hierarchy
from chiso.store import analysis, services
from chiso.web.api.errors import BAD_REQUEST, FORBIDDEN, UNAUTHENTICATED, VietnameseErrors
from chiso.web.api.inputs import EvaluationQuery, FindingQuery
from chiso.web.api.shapes import EvaluationSerializer, FindingSerializer, serialized
from chiso.web.api.values import validated
from chiso.web.dashboard.access import user_reads

ERRORS = {**BAD_REQUEST, **UNAUTHENTICATED, **FORBIDDEN}


def _asked(request: Request, query: type[FindingQuery | EvaluationQuery]) -> dict[str, Any]:
    """The validated query parameters, once the unit is known to be the caller's to see."""
    wanted = validated(query(data=request.query_params))
    refuse_outside_scope(request, wanted["unit"])
    return wanted


def refuse_outside_scope(request: Request, unit: str, tree: Hierarchy | None = None) -> None:
    """403 unless the caller reads ``unit`` of ``tree`` (by default the latest units): a unit that ended is
    read by those who read what it became."""
    if not user_reads(request.user, tree or services.hierarchy())(unit):
        raise PermissionDenied(f"Bạn không có quyền xem số liệu của đơn vị {unit}.")


class FindingList(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(summary="Kết quả kiểm tra số liệu của đơn vị và mọi đơn vị cấp dưới (lỗi trước, rồi cảnh báo)",
                   parameters=[FindingQuery],
                   responses={200: FindingSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        wanted = _asked(request, FindingQuery)
        found = analysis.findings(wanted["framework"], wanted["unit"], wanted.get("period"))
        return Response(serialized(FindingSerializer, [f.to_dict() for f in found]))


class EvaluationList(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(summary="Đánh giá kết quả thực hiện so với chỉ tiêu, kèm đánh giá đã ghi nhận và dự báo",
                   parameters=[EvaluationQuery], responses={200: EvaluationSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        wanted = _asked(request, EvaluationQuery)
        found = analysis.evaluations(wanted["framework"], wanted["unit"], wanted.get("as_of"))
        return Response(serialized(EvaluationSerializer, [_shown(e) for e in found]))


def _shown(evaluation: Evaluation) -> dict[str, object]:
    # The core's dict leaves out the unit and the explanation; an API client needs both.
    return {**evaluation.to_dict(), "unit": evaluation.unit, "explanation": evaluation.explanation}
