"""Reading a dashboard page back: its counts, charts, findings and choices, from the HTML."""

from __future__ import annotations

import html
import json
import re
from typing import Any


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode("utf-8"))


def counts(text: str) -> dict[str, tuple[str, str]]:
    """Status key → (label, number) of the row of counts, read from the badge and the number beside it."""
    pattern = r'<div class="count" data-status="(\w+)"><b>([\d.]+)</b><span class="status (\w+)">([^<]+)</span>'
    found = re.findall(pattern, text)
    return {key: (label, number) for key, number, badge, label in found if badge == key}


def charts(text: str) -> list[dict[str, Any]]:
    match = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', text, re.S)
    assert match, "the page hands its charts to charts.js through json_script"
    return list(json.loads(match.group(1)))


def finding_rows(text: str) -> list[tuple[str, str, str, str]]:
    """(severity, indicator, period label, message) of each row of the findings table, in page order."""
    return [(s, code, period, message) for s, code, _unit, period, message in unit_finding_rows(text)]


def unit_finding_rows(text: str) -> list[tuple[str, str, str, str, str]]:
    """(severity, indicator, unit name, period label, message) of each row of the findings table."""
    rows = re.findall(r'<tr><td><span class="status (error|warning)">[^<]*</span></td>\s*'
                      r'<td class="code"><a [^>]*>([^<]+)</a></td>\s*<td class="unit">([^<]*)</td>'
                      r'<td[^>]*>([^<]*)</td><td>([^<]*)</td></tr>', text)
    return [(s, code, html.unescape(u), html.unescape(p), html.unescape(m)) for s, code, u, p, m in rows]


def options(text: str, name: str) -> list[str]:
    """The values offered by the <select name=...>."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', text, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"', select.group(1))
