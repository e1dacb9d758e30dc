"""What the read endpoints answer: serializers of the core's plain data (frameworks, findings, evaluations).

The core has no Django inside, so these read dataclasses and dicts; they also give the OpenAPI schema its
response shapes, so the schema describes exactly what is sent.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from chiso.catalog.model import Framework, Indicator
from chiso.values.model import EvaluationStatus
from chiso.view import Provenance


class SectionSerializer(serializers.Serializer):  # type: ignore[misc]
    code = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()


class FrameworkSerializer(serializers.Serializer):  # type: ignore[misc]
    code = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    appendix = serializers.CharField(help_text="Phụ lục của báo cáo: «Phụ lục VIII».")
    indicator_count = serializers.SerializerMethodField()

    def get_indicator_count(self, framework: Framework) -> int:
        return len(framework.indicators)


class FrameworkDetailSerializer(FrameworkSerializer):
    layout = serializers.CharField(help_text="Mẫu phụ lục: statistics_table hoặc target_evaluation.")
    legal_basis = serializers.SerializerMethodField(help_text="Các văn bản căn cứ, viết như trong báo cáo.")
    sections = SectionSerializer(many=True)

    def get_legal_basis(self, framework: Framework) -> list[str]:
        return [basis.citation() for basis in framework.legal_basis]


class TargetSerializer(serializers.Serializer):  # type: ignore[misc]
    id = serializers.CharField()
    text = serializers.CharField(help_text="Chỉ tiêu như văn bản viết: «90% hộ gia đình, 100% xã».")
    period = serializers.CharField(help_text="Kỳ phải đạt: 2025, 2025S1, 2025Q2, 2025-06.")
    kind = serializers.CharField(help_text="Loại chỉ tiêu đã đăng ký: number, bound, range, compound, level, rank, "
                                           "qualitative hoặc loại do plug-in thêm.")


class IndicatorSerializer(serializers.Serializer):  # type: ignore[misc]
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    section = serializers.CharField()
    type = serializers.CharField(source="value_type", help_text="count, number, percent, text, yes_no, ordinal, "
                                                                "heading.")
    unit = serializers.CharField(help_text="Đơn vị tính: «TTHC», «%».")
    decimals = serializers.IntegerField(allow_null=True)
    direction = serializers.CharField(allow_null=True, help_text="higher hoặc lower: chiều tốt hơn.")
    formula = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()
    levels = serializers.ListField(child=serializers.CharField(), help_text="Các mức (chỉ tiêu xếp loại).")
    targets = TargetSerializer(many=True)

    def get_formula(self, indicator: Indicator) -> str | None:
        return indicator.formula.text if indicator.formula else None

    def get_parent(self, indicator: Indicator) -> str | None:
        return indicator.parent or None


class OrgUnitSerializer(serializers.Serializer):  # type: ignore[misc]
    code = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField(help_text="nation, ministry, province, department, district hoặc commune.")
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class FindingSerializer(serializers.Serializer):  # type: ignore[misc]
    rule = serializers.CharField(help_text="formula, sum, part_of, equal, percent_range, value_type, jump, "
                                           "rule:<mã>.")
    severity = serializers.ChoiceField(choices=["error", "warning"])
    framework = serializers.CharField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    message = serializers.CharField()
    expected = serializers.CharField(allow_null=True)
    reported = serializers.CharField(allow_null=True)


class ForecastSerializer(serializers.Serializer):  # type: ignore[misc]
    status = serializers.CharField()
    label = serializers.CharField()
    progress = serializers.CharField(allow_null=True, help_text="Số thập phân viết dạng chuỗi, chính xác.")
    ratio = serializers.CharField(allow_null=True)
    projected = serializers.CharField(allow_null=True)
    baseline_period = serializers.CharField(allow_null=True)
    reason = serializers.CharField()


class TargetScopeSerializer(serializers.Serializer):  # type: ignore[misc]
    units = serializers.ListField(child=serializers.CharField(), help_text="Mã các đơn vị (hoặc khối) được giao.")
    types = serializers.ListField(child=serializers.CharField(), help_text="Loại đơn vị: province, commune…")
    groups = serializers.ListField(child=serializers.CharField(), help_text="Khối: mỗi thành viên được giao.")


class DeadlineSerializer(serializers.Serializer):  # type: ignore[misc]
    kind = serializers.ChoiceField(choices=["period", "phase", "recurring"],
                                   help_text="period: đến hết một kỳ; phase: một giai đoạn; recurring: mỗi kỳ.")
    start = serializers.CharField(help_text="Kỳ đầu của giai đoạn; rỗng với period.")
    end = serializers.CharField(help_text="Kỳ cuối: hạn của chỉ tiêu.")
    every = serializers.CharField(help_text="Chỉ tiêu lặp lại: year, half, quarter, month; rỗng nếu không.")


class EvaluationSerializer(serializers.Serializer):  # type: ignore[misc]
    framework = serializers.CharField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    target_id = serializers.CharField(help_text="Mã chỉ tiêu trong bộ chỉ tiêu, như đánh giá đã ghi nhận gọi nó.")
    target = serializers.CharField(help_text="Chỉ tiêu như văn bản viết, hoặc như chiso diễn đạt khi không ghi.")
    scope = TargetScopeSerializer(help_text="Chỉ tiêu giao cho ai; cả ba rỗng: mọi đơn vị.")
    deadline = DeadlineSerializer()
    result = serializers.CharField(allow_null=True, help_text="Kết quả dùng để đánh giá.")
    period = serializers.CharField(allow_null=True, help_text="Kỳ của kết quả.")
    status = serializers.ChoiceField(choices=[s.value for s in EvaluationStatus])
    status_label = serializers.CharField()
    recorded_status = serializers.CharField(allow_null=True, help_text="Đánh giá cán bộ đã ghi nhận, nếu có.")
    disagrees = serializers.BooleanField(help_text="Đánh giá đã ghi nhận khác đánh giá của chiso.")
    forecast = ForecastSerializer(allow_null=True)
    explanation = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):  # type: ignore[misc]
    contributed = serializers.IntegerField(help_text="Số đơn vị cấp dưới đã có số liệu.")
    expected = serializers.IntegerField(help_text="Số đơn vị cấp dưới phải báo cáo trong kỳ.")
    text = serializers.CharField(help_text="Như bảng viết: «87/102 xã».")


class BesideSerializer(serializers.Serializer):  # type: ignore[misc]
    value = serializers.CharField(help_text="Tổng hợp từ các đơn vị cấp dưới, dạng chuẩn: 1247855.")
    text = serializers.CharField(help_text="Như bảng viết: 1.247.855.")
    completeness = CompletenessSerializer()


class FigureSerializer(serializers.Serializer):  # type: ignore[misc]
    framework = serializers.CharField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    value = serializers.CharField(help_text="Dạng chuẩn: 1247855, 46.14, >90, yes/no, hoặc chữ.")
    text = serializers.CharField(help_text="Như bảng viết: 1.247.855, 46,14%, ≥90%, Có.")
    provenance = serializers.ChoiceField(choices=[p.value for p in Provenance],
                                         help_text="reported: số liệu báo cáo; derived: tính theo công thức; "
                                                   "aggregated: tổng hợp từ đơn vị cấp dưới; rolled_up: cộng dồn "
                                                   "từ các kỳ ngắn hơn; composed: gộp từ các đơn vị trước sắp xếp "
                                                   "(kỳ trước khi đơn vị được thành lập; «source» ghi các đơn vị).")
    provenance_label = serializers.CharField(help_text="«Số liệu báo cáo», «Tính theo công thức»…")
    completeness = CompletenessSerializer(allow_null=True, help_text="Bao nhiêu đơn vị cấp dưới đã góp vào số "
                                                                     "liệu tổng hợp; null với số liệu báo cáo.")
    beside = BesideSerializer(allow_null=True, help_text="Với số liệu đơn vị cấp trên tự báo cáo: tổng hợp từ "
                                                         "các đơn vị cấp dưới để so sánh; null nếu không có.")
    note = serializers.CharField()
    source = serializers.CharField(help_text="Trích dẫn nguồn của số liệu báo cáo, hoặc cách chiso tính ra.")
    origin = serializers.CharField(help_text="Với số liệu báo cáo: nguồn số liệu được dùng («» báo cáo của đơn vị; "
                                             "dvcqg, emc… nguồn chính thức bộ chỉ tiêu khai báo).")


class GapSerializer(serializers.Serializer):  # type: ignore[misc]
    indicator = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    reason = serializers.CharField(help_text="Vì sao không có số liệu: «chưa có số liệu của tỉnh Phú Yên».")


class FigurePageSerializer(serializers.Serializer):  # type: ignore[misc]
    next = serializers.URLField(allow_null=True, help_text="Trang sau (null: đã hết). Một trang có thể ít số liệu "
                                                           "hơn «limit» mà vẫn có trang sau.")
    tree = serializers.DateField(allow_null=True, help_text="Ngày của địa giới đã dùng: 2025-06-30 là các đơn vị "
                                                            "đến ngày đó; null: các đơn vị hiện nay.")
    gaps = GapSerializer(many=True, help_text="Trang đầu: các số liệu không có và lý do (đơn vị hình thành từ "
                                              "các đơn vị trước sắp xếp mà một đơn vị chưa có số liệu).")
    results = FigureSerializer(many=True)


def serialized(serializer: type[serializers.Serializer], items: list[Any]) -> Any:
    return serializer(items, many=True).data
