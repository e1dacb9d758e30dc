"""One framework × unit × period as the entry form holds it: typed texts read, derived rates computed.

Nothing here touches the database: the preview and the save read a post the same way, so what the
preview shows is exactly what a save would store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.errors import InputError
from chiso.formulas import evaluation_order
from chiso.values import model as core
from chiso.values.numbers import canonical, format_decimal, round_half_up

# Stored as data, not shown as UI text, so they are not translated: a value's source must not depend on
# the language of whoever saved it.
WEB_SOURCE = "chiso: nhập trên web"
FORMULA_SOURCE = "chiso: tính theo công thức"


@dataclass(frozen=True)
class Sheet:
    """A posted form, read: what was typed, what it means, and the versions the form was loaded with."""

    texts: dict[str, str]  # code → text as typed (kept to show it again)
    notes: dict[str, str]
    values: dict[str, str]  # code → canonical value, for inputs that were filled in and read
    versions: dict[str, int]  # code → version when the form was loaded (0: there was no value)
    errors: dict[str, str]  # code → why the text was refused

    @property
    def valid(self) -> bool:
        return not self.errors


def inputs(framework: Framework) -> list[Indicator]:
    """The indicators a person types: not group headings, not rates computed by a formula."""
    return [i for i in framework.indicators if i.value_type is not ValueType.HEADING and not i.is_derived]


def keyed(framework: Framework) -> list[Indicator]:
    """The indicators that hold a value (typed or computed), whose versions the form carries."""
    return [i for i in framework.indicators if i.value_type is not ValueType.HEADING]


def read_post(framework: Framework, data: Mapping[str, str]) -> Sheet:
    """Reads every input of a posted form; Vietnamese number writing ("1.247.855", "46,14") is expected."""
    sheet = Sheet({}, {}, {}, {}, {})
    for indicator in inputs(framework):
        _read_one(sheet, indicator, data.get(f"v:{indicator.code}", ""), data.get(f"n:{indicator.code}", ""))
    for indicator in keyed(framework):
        sheet.versions[indicator.code] = _version(data.get(f"ver:{indicator.code}", ""))
    return sheet


def _read_one(sheet: Sheet, indicator: Indicator, text: str, note: str) -> None:
    code, text, note = indicator.code, text.strip(), note.strip()
    sheet.texts[code], sheet.notes[code] = text, note
    if not text:
        if note:  # a note lives on a value: dropping it silently would lose what was typed
            sheet.errors[code] = _("Có ghi chú nhưng chưa có giá trị; ghi chú được lưu cùng giá trị.")
        return
    try:
        sheet.values[code] = core.canonical_value(indicator, text, "vi")
    except InputError as error:
        sheet.errors[code] = str(error)


def _version(text: str) -> int:
    # A missing or tampered version reads as "no value then", which conflicts with any stored value.
    return int(text) if text.isdigit() else 0


def derive(framework: Framework, values: Mapping[str, str]) -> dict[str, Decimal | None]:
    """Every derived indicator computed from ``values``; None when an input is missing or a divisor is 0."""
    numbers: dict[str, Decimal | None] = {code: exact(framework.indicator(code), text)
                                          for code, text in values.items()}
    formulas = {i.code: i.formula for i in framework.derived() if i.formula is not None}
    computed: dict[str, Decimal | None] = {}
    for code in evaluation_order(formulas):
        result = formulas[code].evaluate(numbers)
        rounded = _rounded(framework.indicator(code), result) if isinstance(result, Decimal) else None
        numbers[code] = computed[code] = rounded
    return computed


def exact(indicator: Indicator, text: str) -> Decimal | None:
    """The exact number of a value; a bound (">90") or text is no input to a formula."""
    try:
        reading = core.read_value(indicator, text)
    except InputError:
        return None
    return reading if isinstance(reading, Decimal) else None


def _rounded(indicator: Indicator, value: Decimal) -> Decimal:
    # As `chiso check` recomputes them.
    return round_half_up(value, indicator.places)


def core_values(framework: str, unit: str, period: str, sheet: Sheet,
                derived: Mapping[str, Decimal | None], sources: Mapping[str, str]) -> list[core.Value]:
    """The values a save stores: the inputs with their notes, then the computed rates."""
    typed = [core.Value(framework, code, unit, period, text, sheet.notes.get(code, ""), sources[code])
             for code, text in sheet.values.items()]
    computed = [core.Value(framework, code, unit, period, canonical(number), "", FORMULA_SOURCE)
                for code, number in derived.items() if number is not None]
    return typed + computed


def display(indicator: Indicator, text: str) -> str:
    """A stored value as a Vietnamese reader writes it: 1.247.855; 46,14; >90; Có."""
    try:
        reading = core.read_value(indicator, text)
    except InputError:
        return text  # shown as stored; the checks say what is wrong with it
    if isinstance(reading, bool):
        return _("Có") if reading else _("Không")
    if isinstance(reading, Decimal):
        return format_decimal(reading, "vi")
    if isinstance(reading, core.Bound):
        return reading.comparator + format_decimal(reading.limit, "vi")
    return reading


def input_text(indicator: Indicator, text: str) -> str:
    """What an input shows for a stored value: selects carry the canonical option, numbers Vietnamese."""
    if indicator.value_type in (ValueType.YES_NO, ValueType.ORDINAL):
        return text
    return display(indicator, text)


def options(indicator: Indicator) -> list[tuple[str, str]]:
    """The choices of a select: yes/no, or the ordinal levels best first."""
    if indicator.value_type is ValueType.YES_NO:
        return [("yes", _("Có")), ("no", _("Không"))]
    return [(level, level) for level in indicator.levels]


def widget(indicator: Indicator) -> str:
    if indicator.value_type in (ValueType.YES_NO, ValueType.ORDINAL):
        return "select"
    return "number" if indicator.value_type.is_numeric else "text"


def number_text(indicator: Indicator, number: Decimal | None) -> str:
    return "" if number is None else format_decimal(number, "vi", indicator.places)
