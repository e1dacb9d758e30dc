"""The footnotes of a report whose unit was made of others: whose figures its earlier columns add up, and
why a cell is empty rather than a partial sum («chưa có số liệu của tỉnh Phú Yên»)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from chiso.periods import Period, PeriodType
from chiso.reports.layouts.columns import in_sentence, in_table_order
from chiso.view import View
from chiso.view.succession import MISSING_MSGID


def succession_notes(view: View, unit: str, standing: Collection[Period] = ()) -> tuple[str, ...]:
    """The notes of ``unit`` in ``view``; ``standing`` are columns printing another period than their own
    (the year 2025 of Phụ lục VIII prints its first half), whose own figures are not in the report."""
    composition = view.compositions.get(unit)
    if composition is None:
        return ()
    printed = [p for p in view.periods if p not in set(standing)]
    before = [p for p in printed if p.end < composition.start]
    composed = [p for p in before if any(f.period == p.code for f in view.of_unit(unit))]
    notes = []
    if composed:
        notes.append(f"Số liệu {periods_text(composed)} là số liệu gộp của {composition.names.render('vi')}.")
    for (reason, missing), periods in _gaps(view, unit, printed).items():
        notes.append(f"Ô «-» {periods_text(periods)}: {reason}" + (MISSING if missing else "."))
    return tuple(notes)


MISSING = "; không in tổng của riêng các đơn vị đã có số liệu thay cho số liệu của cả đơn vị."


def _gaps(view: View, unit: str, printed: list[Period]) -> dict[tuple[str, bool], list[Period]]:
    by_reason: dict[tuple[str, bool], set[Period]] = {}
    shown = {p.code: p for p in printed}
    for (_code, at_unit, period), reason in view.gaps.items():
        if at_unit == unit and period in shown:
            key = (reason.render("vi"), reason.msgid == MISSING_MSGID)
            by_reason.setdefault(key, set()).add(shown[period])
    return {key: sorted(periods, key=in_table_order) for key, periods in sorted(by_reason.items())}


def periods_text(periods: Iterable[Period]) -> str:
    """ «các năm 2021–2024 và 6 tháng đầu năm 2025»: runs of years as a range, other periods as in a sentence."""
    ordered = sorted(set(periods), key=in_table_order)
    years = [p.year for p in ordered if p.type is PeriodType.YEAR]
    parts = [_years(run) for run in _runs(years)]
    parts += [in_sentence(p) for p in ordered if p.type is not PeriodType.YEAR]
    return " và ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)


def _runs(years: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for year in years:
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def _years(run: list[int]) -> str:
    return f"năm {run[0]}" if len(run) == 1 else f"các năm {run[0]}–{run[-1]}"
