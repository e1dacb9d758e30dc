"""The check between levels: a figure a parent reported set against what its units add up to.

A parent's own figure is the official one, so the view keeps it and computes the units' total beside
it. A count below the total of its units is certainly wrong; above it is possible (a province's count
may include its own level, with no unit below to report it), so it is only worth a look, and only
when every unit expected below has reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from chiso.catalog.model import Aggregation, Indicator
from chiso.checks.context import CheckContext, Key
from chiso.checks.finding import ERROR, WARNING, Finding
from chiso.checks.registry import register
from chiso.i18n import N_, Phrase, joined, phrase
from chiso.values.numbers import canonical, decimals_of, format_decimal
from chiso.view.figure import Beside, Completeness


def _vi(number: Decimal) -> str:
    return format_decimal(number, "vi")


# The nouns of a count of units (chiso.view.figure.UNIT_NOUNS), for the catalogue.
_NOUNS = (N_("đơn vị"), N_("bộ, ngành"), N_("tỉnh"), N_("sở, ngành"), N_("huyện"), N_("xã"))


def units_text(found: Completeness) -> Phrase:
    """«87/102 xã», «87/102 communes» in English: the numbers written the Vietnamese way in both."""
    counted, noun = found.text.split(" ", 1)  # the core writes «87/102 xã»: the count, then the noun
    return joined(" ", [counted, phrase(noun)])


@register("unit_total", N_("Số của đơn vị cấp trên khớp với tổng hợp từ các đơn vị cấp dưới"))
def unit_total(ctx: CheckContext) -> Iterator[Finding]:
    for key, beside in ctx.besides.items():
        reported = ctx.number(*key)
        if reported is not None and ctx.framework.has(key[0]):
            finding = _finding(ctx, ctx.framework.indicator(key[0]), key, reported, beside)
            if finding is not None:
                yield finding


def _finding(ctx: CheckContext, indicator: Indicator, key: Key, reported: Decimal, beside: Beside) -> Finding | None:
    units = units_text(beside.completeness)
    said = {"code": indicator.code, "unit": key[1], "reported": _vi(reported), "total": _vi(beside.number)}
    if indicator.aggregation is Aggregation.SUM and reported < beside.number:
        message = phrase("Chỉ tiêu {code} của đơn vị {unit} ghi {reported}, nhỏ hơn tổng của các đơn vị cấp dưới "
                         "({total}, từ {units} đã báo cáo)", units=units, **said)
        return ctx.finding("unit_total", ERROR, key, message, f">={canonical(beside.number)}", canonical(reported))
    if not beside.completeness.complete or _agrees(indicator, reported, beside.number):
        return None
    made = phrase("tổng") if indicator.aggregation is Aggregation.SUM else phrase("số tính lại từ số liệu")
    message = phrase("Chỉ tiêu {code} của đơn vị {unit} ghi {reported}, khác {made} của các đơn vị cấp dưới "
                     "({total}, đủ {units}); cần kiểm tra: số của cấp trên có thể gồm cả số liệu của chính cấp này",
                     made=made, units=units, **said)
    return ctx.finding("unit_total", WARNING, key, message, canonical(beside.number), canonical(reported))


def _agrees(indicator: Indicator, reported: Decimal, computed: Decimal) -> bool:
    """Counts must be equal; a rate may differ by the rounding of the decimals it was written with."""
    if indicator.aggregation is not Aggregation.RATIO:
        return reported == computed
    return abs(reported - computed) <= Decimal("0.5").scaleb(-decimals_of(reported))
