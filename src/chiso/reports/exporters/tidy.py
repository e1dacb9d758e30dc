"""CSV and JSON: the report's table as tidy data, one row per value cell."""

from __future__ import annotations

import csv
import io
import json

from chiso.reports.exporters.registry import register_exporter
from chiso.reports.model import Report, RowKind

COLUMNS = ("framework", "unit", "code", "indicator", "column", "text", "number", "note")


def tidy_rows(report: Report) -> list[dict[str, str]]:
    """Every value cell of every data row, with the column heading it sits under."""
    titles = [c.title for c in report.columns]
    rows = []
    for row in report.body:
        if row.kind is not RowKind.DATA:
            continue
        position = 0
        name = row.cells[1].text if len(row.cells) > 1 else ""
        for cell in row.cells:
            if position >= 2:
                rows.append({"framework": report.framework, "unit": report.unit, "code": row.code,
                             "indicator": name, "column": " – ".join(titles[position:position + cell.colspan]),
                             "text": cell.text, "number": "" if cell.number is None else str(cell.number),
                             "note": cell.note})
            position += cell.colspan
    return rows


@register_exporter("csv", "CSV (dữ liệu dạng bảng dọc)", "text/csv")
def render_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(tidy_rows(report))
    return out.getvalue().encode("utf-8")


@register_exporter("json", "JSON", "application/json")
def render_json(report: Report) -> bytes:
    data = {"framework": report.framework, "unit": report.unit, "appendix": report.appendix,
            "title": report.title, "subtitle": report.subtitle, "columns": [c.title for c in report.columns],
            "rows": tidy_rows(report), "footnotes": list(report.footnotes), "summary": list(report.summary)}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
