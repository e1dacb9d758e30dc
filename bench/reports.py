"""How long both appendices take in each format, against a bare document with the same cell texts.

Run: .venv/bin/python bench/reports.py [--repeat N]

The baseline for each format writes the same table texts with the same library and no styling
(python-docx / openpyxl / plain string join / csv module / LibreOffice on the bare DOCX), in the same
process, so the ratio shows what chiso's layout rules cost on top of the library itself.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import time
from collections.abc import Callable

import docx
import openpyxl

from chiso.catalog.loader import shipped_frameworks
from chiso.data import shipped_report_data
from chiso.periods import period_range
from chiso.reports import Report, ReportOptions, build_report, render
from chiso.reports.exporters import EXPORTERS


def shipped_reports() -> list[Report]:
    frameworks = shipped_frameworks()
    data = shipped_report_data()
    return [
        build_report(frameworks["cqs"], data, ReportOptions(unit="66", periods=tuple(period_range("2021:2025")))),
        build_report(frameworks["cds2025"], data, ReportOptions(unit="66")),
    ]


def texts(report: Report) -> list[list[str]]:
    return [[cell.display for cell in row.cells] for row in report.rows]


def bare_docx(report: Report) -> bytes:
    document = docx.Document()
    rows = texts(report)
    table = document.add_table(rows=len(rows), cols=report.width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def bare_xlsx(report: Report) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in texts(report):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bare_html(report: Report) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in texts(report))
    return f"<table>{body}</table>".encode()


def bare_csv(report: Report) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(texts(report))
    return out.getvalue().encode()


def bare_pdf(report: Report) -> bytes:
    from chiso.reports.exporters.pdf import docx_to_pdf

    result: bytes = docx_to_pdf(bare_docx(report))
    return result


BASELINES: dict[str, Callable[[Report], bytes]] = {
    "docx": bare_docx, "xlsx": bare_xlsx, "html": bare_html, "csv": bare_csv,
    "json": lambda r: json.dumps(texts(r), ensure_ascii=False).encode(), "pdf": bare_pdf,
}


def timed(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reports = shipped_reports()
    print(f"{'appendix':<10} {'format':<6} {'chiso (ms)':>11} {'baseline (ms)':>14} {'ratio':>7}")
    for report in reports:
        for format in sorted(EXPORTERS):
            repeat = 1 if format == "pdf" else args.repeat
            ours = timed(lambda: render(report, format), repeat)  # noqa: B023  (called at once)
            base = timed(lambda: BASELINES[format](report), repeat) if format in BASELINES else float("nan")  # noqa: B023
            print(f"{report.framework:<10} {format:<6} {ours * 1000:>11.1f} {base * 1000:>14.1f} {ours / base:>7.2f}")


if __name__ == "__main__":
    main()
