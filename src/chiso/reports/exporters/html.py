"""HTML: a standalone, print-ready page (A4 landscape, the decree's margins) drawn by a Jinja2 template.

The page carries everything it needs — CSS inline, charts as ``data:`` URIs — so it prints and opens
offline. :func:`render_fragment` gives the headings and the table alone, for embedding in other pages.
"""

from __future__ import annotations

import base64
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from chiso.reports.exporters.registry import register_exporter
from chiso.reports.model import Chart, Report

TEMPLATE = "report.html"


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("chiso.reports", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@register_exporter("html", "HTML", "text/html")
def render_html(report: Report) -> bytes:
    return _render(report, fragment_only=False).encode("utf-8")


def render_fragment(report: Report) -> str:
    """The headings and the table, without the page around them."""
    return _render(report, fragment_only=True)


def _render(report: Report, *, fragment_only: bool) -> str:
    return environment().get_template(TEMPLATE).render(
        report=report, column_widths=column_widths(report), chart_uri=chart_uri, fragment_only=fragment_only)


def column_widths(report: Report) -> list[str]:
    """Each column's share of the table's width, as a CSS percentage."""
    total = sum(c.width_mm for c in report.columns) or 1.0
    return [f"{100 * c.width_mm / total:.2f}%" for c in report.columns]


def chart_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")
