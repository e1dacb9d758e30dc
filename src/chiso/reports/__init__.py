"""Reports: official appendices drawn by registered layouts and written by registered exporters."""

from chiso.reports.build import build_report, render, report_for
from chiso.reports.model import Cell, Chart, Column, Report, Row, RowKind
from chiso.reports.options import ReportData, ReportOptions

__all__ = ["Cell", "Chart", "Column", "Report", "ReportData", "ReportOptions", "Row", "RowKind", "build_report",
           "render", "report_for"]
