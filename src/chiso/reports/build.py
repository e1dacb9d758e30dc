"""Building a report: the framework's layout, then the optional summary and charts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from chiso.catalog.model import Framework
from chiso.i18n import speaking
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.reports.layouts import layout_for
from chiso.reports.layouts.columns import declared_columns
from chiso.reports.layouts.index_card import INDEX_LAYOUT, index_report_for
from chiso.reports.model import Report
from chiso.reports.options import ReportData, ReportOptions
from chiso.reports.succession import succession_notes
from chiso.values.model import RecordedEvaluation
from chiso.view import FigureSource, Scope, compute_view
from chiso.view.groups import tree_for
from chiso.view.succession import tree_source
from chiso.view.trees import tree_day


def report_for(framework: Framework, hierarchy: Hierarchy, source: FigureSource,
               recorded: Iterable[RecordedEvaluation], options: ReportOptions) -> Report:
    """The report of ``options.unit`` drawn from the computed view: a province's appendix from its communes.

    On the tree of the last period covered (``options.tree``): the new Đắk Lắk's 2021–2025 are made of
    the old Đắk Lắk's and Phú Yên's figures, and its footnotes say so. An index card is ranked among the unit's
    peers, so it is drawn from the whole tree (``chiso.reports.layouts.index_card``).
    """
    if layout_for(framework).kind == INDEX_LAYOUT:
        return index_report_for(framework, hierarchy, source, options)
    hierarchy = hierarchy.at(tree_day(options.tree, hierarchy, options.unit, options.periods, framework, source))
    source = tree_source(source, hierarchy)
    view = compute_view(framework, hierarchy, source, unit=options.unit, periods=_periods(framework, hierarchy,
                                                                                          source, options),
                        scope=Scope.CHILDREN if options.by_unit else Scope.UNIT)
    units = [options.unit, *(u for u in view.units() if u != options.unit)]
    values = tuple(value for unit in units for value in view.values(unit))
    # A group's report reads its members as the units below it, and its name as the unit's.
    data = ReportData(values, tuple(recorded), tree_for(hierarchy, options.unit))
    built = build_report(framework, data, options)
    notes = succession_notes(view, options.unit, declared_columns(framework))
    return replace(built, footnotes=(*built.footnotes, *notes)) if notes else built


def _periods(framework: Framework, hierarchy: Hierarchy, source: FigureSource,
             options: ReportOptions) -> list[Period] | None:
    """The periods asked for, with the shorter periods of data within them and the periods the framework's
    declared columns hold (a year column may show nine months to date, made of the months)."""
    if not options.periods:
        return None
    present = [Period.parse(code) for code in source.periods(framework, hierarchy.subtree(options.unit), None)]
    within = {p for p in present if any(asked.contains(p) for asked in options.periods)}
    declared = declared_columns(framework)
    held = {declared[asked].holds for asked in options.periods if asked in declared}
    return sorted({*options.periods, *within, *held})


def build_report(framework: Framework, data: ReportData, options: ReportOptions) -> Report:
    # A report is a Vietnamese document whoever asks for it, even from a page read in English.
    with speaking("vi"):
        return _built(framework, data, options)


def _built(framework: Framework, data: ReportData, options: ReportOptions) -> Report:
    report = layout_for(framework).build(framework, data, options)
    if options.summary:
        from chiso.reports.summary import draft_summary

        report = replace(report, summary=draft_summary(framework, data, options, report))
    if options.charts:
        from chiso.reports.charts import rate_charts

        report = replace(report, charts=rate_charts(framework, data, options, report))
    return report


def render(report: Report, format: str) -> bytes:
    from chiso.reports.exporters import exporter

    with speaking("vi"):
        return exporter(format).render(report)
