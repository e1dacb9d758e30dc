"""GET /api/completeness/: who has reported one round of a data set, over a unit of the caller's scope.

The tally and each row are the core's (``chiso.rounds.grid`` over ``chiso.store.completeness``), as the page
/bao-cao/hoan-thanh/ and `chiso completeness` show them: one row per unit right below the unit asked for (a
province's communes; for the nation, each province with its count). The rows are at most the units right
below one unit, so the answer is one object, not pages.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.errors import InputError
from chiso.periods import Period
from chiso.rounds import Completeness, DataSet
from chiso.rounds.grid import STATE_LABELS, Row, State
from chiso.store import completeness as store
from chiso.store import rounds, services
from chiso.web.api.analysis import ERRORS, refuse_outside_scope
from chiso.web.api.errors import VietnameseErrors
from chiso.web.api.fields import PeriodField, Query, text
from chiso.web.api.inputs import known_unit
from chiso.web.api.values import validated


class CompletenessQuery(Query):
    data_set = text(50, help_text="Mã bộ biểu báo cáo: BC-THANG.")
    unit = text(20, help_text="Mã đơn vị trong phạm vi của bạn: 66, 643…")
    period = PeriodField(required=False, help_text="Kỳ của bộ biểu: 2025-06 (mặc định: kỳ mới nhất đã mở nhập).")

    def validate_data_set(self, code: str) -> DataSet:
        try:
            return rounds.find(code)
        except InputError as exc:
            known = ", ".join(d.code for d in rounds.data_sets()) or "chưa có bộ biểu nào"
            raise serializers.ValidationError(f"Không có bộ biểu «{code}» (cần một trong: {known}).") from exc

    def validate_unit(self, code: str) -> str:
        return known_unit(code)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        period = data.get("period")
        try:
            data["periods"] = store.latest_periods(data["data_set"], Period.parse(period) if period else None, 1)
        except InputError as exc:
            raise serializers.ValidationError({"period": [str(exc)]}) from exc
        return data


class RoundTallySerializer(serializers.Serializer):  # type: ignore[misc]
    expected = serializers.IntegerField(help_text="Số đơn vị phải báo cáo kỳ này.")
    submitted = serializers.IntegerField(help_text="Đã gửi (chờ duyệt hoặc đã duyệt).")
    approved = serializers.IntegerField()
    on_time = serializers.IntegerField(help_text="Gửi lần đầu không muộn hơn hạn nộp.")
    late = serializers.IntegerField(help_text="Gửi lần đầu sau hạn nộp.")
    returned = serializers.IntegerField(help_text="Bị trả lại, chưa gửi lại.")
    missing = serializers.IntegerField(help_text="Chưa gửi (kể cả bản nháp).")
    overdue = serializers.IntegerField(help_text="Chưa gửi hoặc bị trả lại khi đã quá hạn.")
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True,
                                    help_text="Tỷ lệ đã gửi, %; null khi không đơn vị nào phải báo cáo.")
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class RoundRowSerializer(serializers.Serializer):  # type: ignore[misc]
    unit = serializers.CharField()
    name = serializers.CharField()
    rolled_up = serializers.BooleanField(help_text="true: đơn vị không tự báo cáo; đếm các đơn vị cấp dưới.")
    state = serializers.ChoiceField(choices=[s.value for s in State])
    label = serializers.CharField()
    first_sent = serializers.DateField(allow_null=True, help_text="Ngày gửi lần đầu (đơn vị tự báo cáo).")
    tally = RoundTallySerializer(allow_null=True, help_text="Của đơn vị tổng hợp: đếm các đơn vị cấp dưới.")


class EntryWindowSerializer(serializers.Serializer):  # type: ignore[misc]
    opens = serializers.DateField()
    due = serializers.DateField()
    closes = serializers.DateField(allow_null=True)


class RoundCompletenessSerializer(serializers.Serializer):  # type: ignore[misc]
    data_set = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    window = EntryWindowSerializer()
    tally = RoundTallySerializer()
    rows = RoundRowSerializer(many=True)


class CompletenessView(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(summary="Tình hình gửi báo cáo một kỳ của bộ biểu: số đơn vị đã gửi, đúng hạn, muộn, chưa gửi, "
                           "và từng đơn vị ngay dưới đơn vị được hỏi",
                   parameters=[CompletenessQuery], responses={200: RoundCompletenessSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        wanted = validated(CompletenessQuery(data=request.query_params))
        refuse_outside_scope(request, wanted["unit"])
        data_set, unit, periods = wanted["data_set"], wanted["unit"], wanted["periods"]
        found, rows = store.unit_grid(data_set, unit, periods, services.hierarchy())
        window = data_set.window(periods[0])
        return Response(RoundCompletenessSerializer({
            "data_set": data_set.code, "unit": unit, "period": periods[0].code,
            "window": {"opens": window.opens, "due": window.due, "closes": window.closes},
            "tally": _tally(found[0].tally(store.today())[0]), "rows": [_row(r) for r in rows]}).data)


def _tally(counted: Completeness) -> dict[str, object]:
    return {**counted.__dict__, "rate": counted.rate, "on_time_rate": counted.on_time_rate}


def _row(row: Row) -> dict[str, object]:
    cell = row.cells[0]
    return {"unit": row.unit.code, "name": row.unit.name, "rolled_up": row.rolled_up, "state": cell.state.value,
            "label": STATE_LABELS[cell.state], "first_sent": cell.standing.first_sent if cell.standing else None,
            "tally": None if cell.tally is None else _tally(cell.tally)}
