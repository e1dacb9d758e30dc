"""What clients send: query parameters and value writes, checked field by field with Vietnamese messages.

Each message is keyed by its field and says what was expected, as `chiso load` does for a file's column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from chiso.catalog.model import Framework, Indicator
from chiso.errors import InputError
from chiso.periods import MAX_PERIODS, Period, period_count, period_range
from chiso.store import models, services
from chiso.values.model import format_reading, numeric, read_value
from chiso.values.numbers import format_decimal
from chiso.view.trees import TreeChoice, parse_tree
from chiso.web.api.fields import Choice, Input, PeriodField, Query, Whole, text, version_field
from chiso.web.api.pages import DEFAULT_LIMIT, MAX_LIMIT

# The store keeps a value's number beside its text, in a column of 30 digits with 10 decimals. SQLite keeps a
# number that is no 64-bit integer as a float, which Django reads back rounded to 15 significant digits: from
# 99 999 999 999 999 950 000 on that is 10^20, more than the column holds, and every later read of the values
# fails. 10^18 keeps a margin; no indicator of a province comes near it.
LARGEST = Decimal(10) ** 18


def known_framework(code: str) -> Framework:
    found = services.frameworks().get(code)
    if found is None:
        known = ", ".join(sorted(services.frameworks())) or "chưa nạp bộ chỉ tiêu nào"
        raise serializers.ValidationError(f"Không có bộ chỉ tiêu «{code}» (cần một trong: {known}).")
    return found


def known_unit(code: str) -> str:
    if not models.OrgUnit.objects.filter(code=code).exists():
        raise serializers.ValidationError(f"Không có đơn vị «{code}» (cần mã một đơn vị đã nạp, ví dụ 66).")
    return code


def known_unit_or_group(code: str) -> str:
    """A unit's code, or a group's (khoi_tinh): what the figures, findings and evaluations are asked of."""
    if services.hierarchy().is_group(code):
        return code
    return known_unit(code)


def known_indicator(framework: Framework, code: str) -> Indicator:
    if not framework.has(code):
        raise serializers.ValidationError(
            {"indicator": [f"Bộ chỉ tiêu {framework.code} không có chỉ tiêu «{code}» "
                           f"(cần mã một chỉ tiêu, xem /api/frameworks/{framework.code}/indicators/)."]})
    return framework.indicator(code)


def writable(indicator: Indicator) -> Indicator:
    """The indicator, if a client may write its value: one with a formula is computed, as in the entry form."""
    if indicator.formula is not None:
        inputs = ", ".join(indicator.formula.references)
        raise serializers.ValidationError({"indicator": [
            f"Chỉ tiêu {indicator.code} («{indicator.name}») được tính theo công thức {indicator.formula.text}: "
            f"không ghi được qua API; hãy ghi các chỉ tiêu trong công thức ({inputs}), chiso tự tính chỉ tiêu này."]})
    return indicator


def canonical(indicator: Indicator, raw: str) -> str:
    """The stored text of a value, or a refusal naming the indicator and what its type expects."""
    try:
        reading = read_value(indicator, raw)
    except InputError as exc:
        raise serializers.ValidationError(f"Giá trị của chỉ tiêu {indicator.code}: {exc}.") from None
    number = numeric(reading)
    if number is not None and abs(number) >= LARGEST:
        raise serializers.ValidationError(f"Giá trị của chỉ tiêu {indicator.code}: «{raw}» quá lớn "
                                          "(cần: số có trị tuyệt đối nhỏ hơn 10^18).")
    return format_reading(reading)


def keyed_value(indicator: Indicator, data: dict[str, Any]) -> dict[str, Any]:
    """The data with its value in canonical form; a refusal raised in a serializer's validate(), keyed by field."""
    try:
        return {**data, "value": canonical(indicator, data["value"])}
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"value": exc.detail}) from None


OWN_ORIGIN_QUERY = "-"  # the unit's own report in a query string, where an empty parameter is refused


def known_origin(framework: Framework, code: str) -> str:
    """A source the framework declares, or "" for the unit's own report; refused by name otherwise."""
    if not framework.knows_origin(code):
        declared = ", ".join(s.code for s in framework.sources) or "bộ chỉ tiêu không khai báo nguồn nào"
        raise serializers.ValidationError({"origin": [
            f"Bộ chỉ tiêu {framework.code} không khai báo nguồn «{code}»: để trống (báo cáo của đơn vị) "
            f"hoặc một trong: {declared}."]})
    return code


class ValueQuery(Query):
    """Filters of GET /api/values/; each one optional."""

    framework = text(50, required=False, help_text="Mã bộ chỉ tiêu: cqs, cds2025.")
    indicator = text(40, required=False, help_text="Mã chỉ tiêu: 5.1.1.")
    unit = text(20, required=False, help_text="Mã đơn vị (chỉ các đơn vị trong phạm vi của bạn).")
    period = PeriodField(required=False, help_text="Kỳ: 2024, 2025S1, 2025Q2, 2025-06, 2024M1-9 (lũy kế 9 tháng).")
    origin = text(40, required=False,
                  help_text=f"Nguồn số liệu: «{OWN_ORIGIN_QUERY}» là báo cáo của đơn vị; dvcqg, emc… là các nguồn bộ "
                            "chỉ tiêu khai báo. Không gửi: mọi nguồn.")
    cursor = text(500, required=False, help_text="Con trỏ trang: lấy nguyên từ «next» hoặc «previous» của trang "
                                                 "trước.")
    limit = Whole(required=False, min_value=1, max_value=MAX_LIMIT,
                  help_text=f"Số giá trị mỗi trang (mặc định {DEFAULT_LIMIT}, tối đa {MAX_LIMIT}).")


class _UnitQuery(Query):
    framework = text(50, help_text="Mã bộ chỉ tiêu: cqs, cds2025.")
    unit = text(20, help_text="Mã đơn vị trong phạm vi của bạn: 66, 643…, hoặc mã một nhóm đơn vị (khoi_tinh) "
                              "mà bạn xem được mọi thành viên.")

    def validate_framework(self, code: str) -> str:
        return known_framework(code).code

    def validate_unit(self, code: str) -> str:
        return known_unit_or_group(code)


class FindingQuery(_UnitQuery):
    period = PeriodField(required=False, help_text="Chỉ các phát hiện của kỳ này: 2024, 2025S1…")


class EvaluationQuery(_UnitQuery):
    as_of = PeriodField(required=False, help_text="Đánh giá theo số liệu đến kỳ này (mặc định: mới nhất).")


class FigureQuery(_UnitQuery):
    """Parameters of GET /api/figures/."""

    periods = text(200, required=False,
                   help_text=f"Các kỳ: 2025, 2021:2025, 2026Q1:2026Q4 hoặc danh sách 2021,2023,2025S1 (tối đa "
                             f"{MAX_PERIODS} kỳ); không gửi: mọi kỳ có số liệu.")
    indicators = text(2000, required=False,
                      help_text="Mã các chỉ tiêu, cách nhau bằng dấu phẩy: 5.4,5.4.1; không gửi: mọi chỉ tiêu.")
    scope = Choice(["unit", "children"], default="unit",
                   help_text="unit: chỉ đơn vị đã chọn; children: đơn vị đó và từng đơn vị trực thuộc.")
    cursor = text(500, required=False, help_text="Con trỏ trang: lấy nguyên từ «next» của trang trước.")
    limit = Whole(required=False, min_value=1, max_value=MAX_LIMIT,
                  help_text=f"Số số liệu mỗi trang (mặc định {DEFAULT_LIMIT}, tối đa {MAX_LIMIT}).")
    tree = text(20, required=False,
                help_text="Địa giới tính số liệu: new (đơn vị hiện nay; số liệu trước khi đơn vị được thành lập gộp "
                          "từ các đơn vị trước sắp xếp), old (đơn vị đến ngày trước lần sắp xếp gần nhất của đơn vị, "
                          "ví dụ 30/06/2025) hoặc một ngày YYYY-MM-DD. Không gửi: địa giới ngày cuối của kỳ cuối "
                          "được hỏi (không gửi periods: của kỳ cuối đơn vị có số liệu). Địa giới đã dùng ghi ở «tree» "
                          "của câu trả lời.")

    def validate_periods(self, spec: str) -> tuple[Period, ...]:
        return bounded_periods(spec)

    def validate_tree(self, text: str) -> TreeChoice:
        try:
            return parse_tree(text)
        except InputError:
            raise serializers.ValidationError(
                f"Địa giới «{text}» không hợp lệ (cần: new, old hoặc một ngày YYYY-MM-DD, ví dụ 2025-06-30).") from None

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if "indicators" in data:
            return {**data, "indicators": indicator_codes(services.frameworks()[data["framework"]],
                                                          data["indicators"])}
        return data


def bounded_periods(spec: str) -> tuple[Period, ...]:
    """The periods of a spec as ``chiso.periods.period_range`` reads it, refused beyond MAX_PERIODS before
    any is listed (1000-01:9999-12 would be 108.000 months)."""
    counted = period_count(spec)  # the core's cap, the CLI's and the reports page's
    if counted > MAX_PERIODS:
        raise serializers.ValidationError(
            f"«{spec}» gồm {format_decimal(Decimal(counted), 'vi')} kỳ, nhiều hơn {MAX_PERIODS} kỳ mỗi lần hỏi: "
            "hãy hỏi một khoảng ngắn hơn.")
    try:
        return tuple(period_range(spec))
    except InputError as exc:
        raise serializers.ValidationError(f"{exc}.") from None


def indicator_codes(framework: Framework, listed: str) -> list[str]:
    """The codes of a comma list, each once, in the order given; unknown codes are refused, all named."""
    codes = list(dict.fromkeys(code.strip() for code in listed.split(",") if code.strip()))
    unknown = [f"«{code}»" for code in codes if not framework.has(code)]
    if unknown or not codes:
        problem = f"không có chỉ tiêu {', '.join(unknown)}" if unknown else "cần ít nhất một mã chỉ tiêu"
        raise serializers.ValidationError({"indicators": [
            f"Bộ chỉ tiêu {framework.code}: {problem} (xem /api/frameworks/{framework.code}/indicators/)."]})
    return codes


class _ValueWrite(Input):
    note = text(required=False, allow_blank=True, help_text="Ghi chú; không gửi trường này: giữ ghi chú đang lưu.")
    source = text(required=False, allow_blank=True,
                  help_text="Nguồn; không gửi: giữ nguồn nếu giá trị không đổi, nếu không là «chiso: nhập qua API».")
    version = version_field()


class ValueCreate(_ValueWrite):
    """POST /api/values/: one value, created or updated by its key."""

    framework = text(50)
    indicator = text(40)
    unit = text(20)
    period = PeriodField(help_text="2024, 2025S1, 2025Q2, 2025-06 hoặc 2024M1-9.")
    value = text(help_text="Giá trị dạng chuẩn: 1247855, 46.14, >90, yes/no, hoặc chữ.")
    origin = text(40, required=False, allow_blank=True, default="",
                  help_text="Nguồn số liệu, một phần của khoá: để trống là báo cáo của đơn vị; dvcqg, emc… là các "
                            "nguồn bộ chỉ tiêu khai báo (mỗi nguồn một giá trị cho cùng chỉ tiêu, đơn vị, kỳ).")

    def validate_framework(self, code: str) -> str:
        return known_framework(code).code

    def validate_unit(self, code: str) -> str:
        return known_unit(code)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        framework = services.frameworks()[data["framework"]]
        indicator = writable(known_indicator(framework, data["indicator"]))
        known_origin(framework, data.get("origin", ""))
        return keyed_value(indicator, data)


class ValueUpdate(_ValueWrite):
    """PUT/PATCH /api/values/<id>/: a stored value's text and note (its key stays)."""

    value = text(help_text="Giá trị dạng chuẩn: 1247855, 46.14, >90, yes/no, hoặc chữ.")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        record: models.Value = self.instance
        framework = services.frameworks().get(record.framework.code)
        indicator = framework.indicator(record.indicator) if framework and framework.has(record.indicator) else None
        if indicator is not None:
            writable(indicator)
        if "value" not in data:
            return data
        if indicator is None:
            raise serializers.ValidationError({"value": [f"Chỉ tiêu {record.indicator} không còn trong bộ chỉ tiêu "
                                                         f"{record.framework.code}: không sửa được giá trị này."]})
        return keyed_value(indicator, data)
