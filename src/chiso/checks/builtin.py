"""The built-in checks, registered like any other validator.

Cross-checks (formula, relations, rules) compare exact numbers only: a bound (">90") or a missing value
makes the comparison unknown, and a check that cannot be sure says nothing.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from decimal import Decimal

from chiso.catalog.model import Indicator, Relation, RelationKind, ValueType
from chiso.checks.context import CheckContext, CheckSettings, Key
from chiso.checks.finding import ERROR, WARNING, Finding
from chiso.checks.registry import register
from chiso.errors import InputError
from chiso.i18n import N_, Either, Phrase, phrase, verbatim
from chiso.periods import Period
from chiso.values.model import Bound, Reading, format_reading
from chiso.values.numbers import canonical, decimals_of, format_decimal, round_half_up

_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
}


def _vi(number: Decimal) -> str:
    return format_decimal(number, "vi")


def _vi_reading(reading: Decimal | Bound) -> str:
    if isinstance(reading, Bound):
        return f"{reading.comparator}{_vi(reading.limit)}"
    return _vi(reading)


def _period(code: str) -> Either:
    period = Period.parse(code)
    return Either(period.label, period.label_en)


def _readings(ctx: CheckContext,
              wanted: Callable[[Indicator], bool]) -> Iterator[tuple[Indicator, Key, Reading]]:
    """The readable values of the indicators ``wanted`` picks, in one pass over all values."""
    for key, reading in ctx.readings.items():
        indicator = ctx.framework.indicator(key[0])
        if wanted(indicator):
            yield indicator, key, reading


# --- value_type -------------------------------------------------------------------------------------------


@register("value_type", N_("Giá trị đúng kiểu của chỉ tiêu"))
def value_type(ctx: CheckContext) -> Iterator[Finding]:
    for key, value in ctx.values.items():
        problem = _value_problem(ctx, key)
        if problem is not None:
            yield ctx.finding("value_type", ERROR, key, problem, reported=value.value)


def _value_problem(ctx: CheckContext, key: Key) -> Phrase | None:
    code, _unit, period = key
    if not ctx.framework.has(code):
        return phrase("Mã chỉ tiêu {code} không có trong bộ chỉ tiêu {framework}", code=code,
                      framework=ctx.framework.code)
    if key in ctx.unreadable:
        # the reading's own error stays Vietnamese: it names the file, row and column of the data
        return phrase("Giá trị của chỉ tiêu {code} không hợp lệ: {error}", code=code, error=str(ctx.unreadable[key]))
    try:
        Period.parse(period)
    except InputError as error:
        return phrase("Giá trị của chỉ tiêu {code} có kỳ không hợp lệ: {error}", code=code, error=str(error))
    return None


# --- formula ----------------------------------------------------------------------------------------------


@register("formula", N_("Giá trị tính theo công thức khớp với các chỉ tiêu thành phần"))
def formula(ctx: CheckContext) -> Iterator[Finding]:
    for indicator, key, reading in _readings(ctx, lambda i: i.formula is not None):
        finding = _formula_finding(ctx, indicator, key, reading)
        if finding is not None:
            yield finding


def _formula_finding(ctx: CheckContext, indicator: Indicator, key: Key, reported: Reading) -> Finding | None:
    assert indicator.formula is not None
    inputs = ctx.numbers(indicator.formula.references, key[1], key[2])
    recomputed = None if inputs is None else indicator.formula.evaluate(inputs)
    if not isinstance(recomputed, Decimal) or not isinstance(reported, Decimal | Bound):
        return None
    if _agrees(recomputed, reported):
        return None
    expected = round_half_up(recomputed, indicator.places)
    message = phrase("Chỉ tiêu {code} ghi {reported} nhưng tính lại theo công thức {formula} từ số liệu cùng kỳ "
                     "được {expected}", code=indicator.code, reported=_vi_reading(reported),
                     formula=indicator.formula.text, expected=_vi(expected))
    return ctx.finding("formula", ERROR, key, message, canonical(expected), format_reading(reported))


def _agrees(recomputed: Decimal, reported: Decimal | Bound) -> bool:
    """Whether ``reported`` could be ``recomputed`` rounded to the decimals written (41,5 is 41,50 ± 0,05)."""
    if isinstance(reported, Bound):
        return _COMPARE[reported.comparator](recomputed, reported.limit)
    return abs(recomputed - reported) <= Decimal("0.5").scaleb(-decimals_of(reported))


# --- relations --------------------------------------------------------------------------------------------


def _relation_slices(ctx: CheckContext,
                     kind: RelationKind) -> Iterator[tuple[Relation, Key, dict[str, Decimal]]]:
    """Each relation of ``kind`` with each (unit, period) where all its indicators have an exact number."""
    for relation in (r for r in ctx.framework.relations if r.kind is kind):
        for unit, period in ctx.slices:
            numbers = ctx.numbers((relation.left, *relation.right), unit, period)
            if numbers is not None:
                yield relation, (relation.left, unit, period), numbers


@register("sum", N_("Tổng bằng tổng các thành phần"))
def sum_relation(ctx: CheckContext) -> Iterator[Finding]:
    for relation, key, numbers in _relation_slices(ctx, RelationKind.SUM):
        total = numbers[relation.left]
        parts = [numbers[code] for code in relation.right]
        added = sum(parts, Decimal(0))
        if total != added:
            message = phrase("Chỉ tiêu {code} ghi {total}, khác tổng các chỉ tiêu thành phần: {codes} = {parts} = "
                             "{added}", code=relation.left, total=_vi(total), codes=" + ".join(relation.right),
                             parts=" + ".join(map(_vi, parts)), added=_vi(added))
            yield ctx.finding("sum", ERROR, key, message, canonical(added), canonical(total))


@register("part_of", N_("Phần không lớn hơn toàn thể"))
def part_of(ctx: CheckContext) -> Iterator[Finding]:
    for relation, key, numbers in _relation_slices(ctx, RelationKind.PART_OF):
        part, whole = numbers[relation.left], numbers[relation.right[0]]
        if part > whole:
            message = phrase("Chỉ tiêu {code} ghi {part}, lớn hơn chỉ tiêu {whole_code} ({whole}) mà nó là một phần",
                             code=relation.left, part=_vi(part), whole_code=relation.right[0], whole=_vi(whole))
            yield ctx.finding("part_of", ERROR, key, message, str(Bound("<=", whole)), canonical(part))


@register("equal", N_("Hai chỉ tiêu cùng nội dung bằng nhau"))
def equal(ctx: CheckContext) -> Iterator[Finding]:
    for relation, key, numbers in _relation_slices(ctx, RelationKind.EQUAL):
        left, right = numbers[relation.left], numbers[relation.right[0]]
        if left != right:
            message = phrase("Chỉ tiêu {code} ghi {left} nhưng phải bằng chỉ tiêu {right_code} ({right})",
                             code=relation.left, left=_vi(left), right_code=relation.right[0], right=_vi(right))
            yield ctx.finding("equal", ERROR, key, message, canonical(right), canonical(left))


# --- percent_range ----------------------------------------------------------------------------------------


@register("percent_range", N_("Tỷ lệ phần trăm trong khoảng 0–100"))
def percent_range(ctx: CheckContext) -> Iterator[Finding]:
    for indicator, key, reading in _readings(ctx, _bounded_percent):
        allowed = _percent_outside(reading)
        if allowed is not None and isinstance(reading, Decimal | Bound):
            where = phrase("vượt quá 100%") if allowed.startswith("<") else phrase("nhỏ hơn 0%")
            # The framework's author can allow rates above 100% (may_exceed_100); a reporter needs only the fact.
            message = phrase("Chỉ tiêu {code} ghi {value}%, {where}: tỷ lệ phải từ 0% đến 100%", code=indicator.code,
                             value=_vi_reading(reading), where=where)
            yield ctx.finding("percent_range", ERROR, key, message, allowed, format_reading(reading))


def _bounded_percent(indicator: Indicator) -> bool:
    return indicator.value_type is ValueType.PERCENT and not indicator.may_exceed_100


def _percent_outside(reading: Reading) -> str | None:
    """The bound a percent breaks ("<=100" or ">=0"), or None when it may lie within 0–100."""
    if isinstance(reading, Bound):
        # ">100" is certainly too high and "<=0" may still be 0: out only if no value at the edge fits.
        up = reading.comparator in (">", ">=")
        edge = Decimal(100) if up else Decimal(0)
        if _COMPARE[reading.comparator](edge, reading.limit):
            return None
        return "<=100" if up else ">=0"
    if isinstance(reading, Decimal) and not Decimal(0) <= reading <= Decimal(100):
        return "<=100" if reading > 100 else ">=0"
    return None


# --- rule -------------------------------------------------------------------------------------------------


@register("rule", N_("Quy tắc kiểm tra riêng của bộ chỉ tiêu"))
def custom_rules(ctx: CheckContext) -> Iterator[Finding]:
    for rule in ctx.framework.rules:
        for unit, period in ctx.slices:
            numbers = ctx.numbers(rule.expression.references, unit, period)
            if numbers is not None and rule.expression.evaluate(numbers) is False:
                key = (rule.indicator, unit, period)
                yield ctx.finding(f"rule:{rule.id}", rule.severity, key, verbatim(rule.message))


# --- jump -------------------------------------------------------------------------------------------------


@register("jump", N_("Biến động bất thường giữa hai kỳ liên tiếp cùng loại"))
def jump(ctx: CheckContext) -> Iterator[Finding]:
    for indicator, key, _reading in _readings(ctx, lambda i: i.value_type.is_numeric):
        finding = _jump_finding(ctx, indicator, key)
        if finding is not None:
            yield finding


def _jump_finding(ctx: CheckContext, indicator: Indicator, key: Key) -> Finding | None:
    pair = _previous_number(ctx, key)
    new = ctx.number(*key)
    if pair is None or new is None:
        return None
    before, old = pair
    change = _change(ctx.settings, indicator, old, new)
    if change is None:
        return None
    rose = N_("Chỉ tiêu {code} tăng từ {old} ({before}) lên {new} ({period}), {change}; cần kiểm tra lại số liệu")
    fell = N_("Chỉ tiêu {code} giảm từ {old} ({before}) xuống {new} ({period}), {change}; cần kiểm tra lại số liệu")
    message = phrase(rose if new > old else fell, code=indicator.code, old=_vi(old), before=_period(before.code),
                     new=_vi(new), period=_period(key[2]), change=change)
    return ctx.finding("jump", WARNING, key, message, canonical(old), canonical(new))


def _previous_number(ctx: CheckContext, key: Key) -> tuple[Period, Decimal] | None:
    """The period before ``key``'s and the exact number reported then, if any."""
    code, unit, period = key
    try:
        # previous() keeps the type: 2025S1 follows 2024S2, never the year 2024, whose total differs in kind.
        before = Period.parse(period).previous()
    except InputError:
        return None
    old = ctx.number(code, unit, before.code)
    return None if old is None else (before, old)


def _change(settings: CheckSettings, indicator: Indicator, old: Decimal, new: Decimal) -> Phrase | None:
    """How much the value changed, when by more than the thresholds allow; None otherwise."""
    step = abs(new - old)
    if indicator.value_type is ValueType.PERCENT:
        if step <= settings.jump_points:
            return None
        return phrase("thay đổi {step} điểm phần trăm, vượt ngưỡng {limit} điểm phần trăm",
                      step=format_decimal(step, "vi", decimals=1), limit=_vi(settings.jump_points.normalize()))
    if abs(old) < settings.jump_min_base or step <= settings.jump_relative * abs(old):
        return None
    # jump_min_base may be 0, and a change from 0 has no relative size.
    share = f"{format_decimal(step / abs(old) * 100, 'vi', decimals=1)}%" if old else _vi(step)
    return phrase("thay đổi {share}, vượt ngưỡng {limit}%", share=share,
                  limit=_vi((settings.jump_relative * 100).normalize()))
