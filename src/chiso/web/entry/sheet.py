"""One framework × unit × period as the entry form holds it: typed texts read, rates computed by the core.

Nothing here touches the database: the preview and the save read a post the same way, and the rates come
from the computed view over the form's own values (``rates``), so what the preview shows is what the
dashboard will show once the form is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods import Period
from chiso.values import model as core
from chiso.values.text import reading_text
from chiso.view import Figure, MemorySource, Provenance, compute_view
from chiso.view.compute import DERIVED_SOURCE
from chiso.web.dashboard.display import language, value_text

# Stored as data, not shown as UI text, so they are not translated: a value's source must not depend on
# the language of whoever saved it.
WEB_SOURCE = "chiso: nhập trên web"
# What earlier versions stored beside each rate they computed: such a copy is removed on the next save.
FORMULA_SOURCE = DERIVED_SOURCE


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
    """The indicators a person types: not group headings, not rates computed by a formula or from the rounds."""
    return [i for i in keyed(framework) if not i.is_derived]


def keyed(framework: Framework) -> list[Indicator]:
    """The indicators that hold a value (typed or computed), whose versions the form carries; a data set's
    reporting rate is the store's figure, never a form's."""
    return [i for i in framework.indicators if i.value_type is not ValueType.HEADING and i.reporting_rate is None]


def strays(framework: Framework, data: Mapping[str, str]) -> list[str]:
    """The codes a post carries a value or a note for that the form has no input for: refused, never ignored."""
    known = {i.code for i in inputs(framework)}
    return sorted({key[2:] for key in data if key[:2] in ("v:", "n:") and key[2:] not in known})


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


def rates(framework: Framework, unit: OrgUnit, values: Iterable[core.Value],
          periods: Iterable[Period] | None = None) -> dict[tuple[str, str], Figure]:
    """The figure of every rate with a formula of ``unit``, by (indicator, period), computed from ``values``
    (that unit's own) by the core's view; a rate that is among the values is the figure it reported."""
    codes = [i.code for i in framework.derived()]
    if not codes:
        return {}
    alone = Hierarchy([unit])  # the unit's own figures: nothing is added up from the units below in a form
    view = compute_view(framework, alone, MemorySource(values, alone), unit=unit.code,
                        periods=None if periods is None else list(periods), indicators=codes)
    return {(f.indicator, f.period): f for f in view.figures.values()}


def derived_values(framework: str, computed: Mapping[tuple[str, str], Figure]) -> list[core.Value]:
    """The rates the core derived (not those reported), as values the checks read."""
    return [f.as_value(framework) for f in computed.values() if f.provenance is Provenance.DERIVED]


def typed_values(framework: str, unit: str, period: str, sheet: Sheet, sources: Mapping[str, str]) -> list[core.Value]:
    """The values a save stores: what was typed, with its notes. Rates are left to the view, which derives them."""
    return [core.Value(framework, code, unit, period, text, sheet.notes.get(code, ""), sources[code])
            for code, text in sheet.values.items()]


def display(indicator: Indicator, text: str) -> str:
    """A value as the form writes it: 1.247.855; 46,14 (the unit column says %); ≥90; Có."""
    return value_text(indicator, text, percent=False)


def input_text(indicator: Indicator, text: str) -> str:
    """What an input shows for a stored value: selects carry the canonical option, numbers Vietnamese."""
    if indicator.value_type in (ValueType.YES_NO, ValueType.ORDINAL):
        return text
    return display(indicator, text)


def options(indicator: Indicator) -> list[tuple[str, str]]:
    """The choices of a select: yes/no (in the page's language), or the ordinal levels best first."""
    if indicator.value_type is ValueType.YES_NO:
        return [(key, reading_text(indicator, key == "yes", language=language())) for key in ("yes", "no")]
    return [(level, level) for level in indicator.levels]


def widget(indicator: Indicator) -> str:
    if indicator.value_type in (ValueType.YES_NO, ValueType.ORDINAL):
        return "select"
    return "number" if indicator.value_type.is_numeric else "text"
