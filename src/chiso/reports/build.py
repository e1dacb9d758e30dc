"""Building a report: the framework's layout, then the optional summary and charts."""

from __future__ import annotations

from dataclasses import replace

from chiso.catalog.model import Framework
from chiso.reports.layouts import layout_for
from chiso.reports.model import Report
from chiso.reports.options import ReportData, ReportOptions


def build_report(framework: Framework, data: ReportData, options: ReportOptions) -> Report:
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

    return exporter(format).render(report)
