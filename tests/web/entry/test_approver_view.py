"""What the approver reads on a submitted form: each value against the period before, and the findings.

A commune of a small province of its own submits the third quarter: 150 of 200 applications online, after
100 of 200 in the second, and 30 procedures online out of 20 (an error the approver must see).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.test import Client
from entry_forms import fields, filled, form_url

from chiso.store import analysis

pytestmark = pytest.mark.django_db

FRAMEWORK = """\
code: duyet
title: "Chỉ tiêu thử của người phê duyệt"
layout: statistics_table
indicators:
  - code: "1.1"
    name: "Số hồ sơ tiếp nhận trực tuyến"
    type: count
  - code: "1.2"
    name: "Tổng số hồ sơ tiếp nhận"
    type: count
  - code: "1.3"
    name: "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
    type: percent
    decimals: 2
    formula: "{1.1} / {1.2} * 100"
  - code: "2.1"
    name: "Số thủ tục trực tuyến"
    type: count
  - code: "2.2"
    name: "Tổng số thủ tục"
    type: count
relations:
  - kind: part_of
    part: "1.1"
    whole: "1.2"
  - kind: part_of
    part: "2.1"
    whole: "2.2"
"""
UNITS = """\
code,name,type,parent,valid_from,valid_to
77,Tỉnh Phê Duyệt,province,,,
77001,Xã Một,commune,77,,
77002,Xã Hai,commune,77,,
"""
VALUES = """\
framework,indicator,unit,period,value,note,source
duyet,1.1,77001,2026Q2,100,,
duyet,1.2,77001,2026Q2,200,,
duyet,2.2,77001,2026Q2,20,,
"""
Q3 = form_url("duyet", "77001", "2026Q3")


def person(role: str, unit: str) -> Client:
    from chiso.web.accounts.services import add_user

    client = Client()
    client.force_login(add_user(f"{role}-{unit}", "persona-password-1", role, unit, check_password=False).user)
    return client


@pytest.fixture
def submitted(db: None, tmp_path: Path) -> Client:
    """The commune's reporter, once the third quarter is submitted."""
    from chiso.cli.store import load_files

    files = {"duyet.yaml": FRAMEWORK, "org_units.csv": UNITS, "values.csv": VALUES}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    load_files([tmp_path / name for name in files])
    reporter = person("reporter", "77001")
    form = fields(reporter.get(Q3).content.decode())
    posted = filled(form, {"1.1": "150", "1.2": "200", "2.1": "30", "2.2": "20"}, action="submit")
    assert reporter.post(Q3, posted).status_code == 302
    return reporter


def cells(text: str, code: str) -> dict[str, str]:
    """The labelled cells of an indicator's row, by their label (as a phone shows them)."""
    row = re.search(rf'<tr class="\w+" id="row-\d+">\s*<td class="code">{re.escape(code)}</td>(.*?)</tr>', text, re.S)
    assert row, code
    found = re.findall(r'<td class="([\w -]+)" data-label="([^"]+)">(.*?)</td>', row.group(1), re.S)
    return {html.unescape(label): " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
            for _, label, body in found}


@pytest.mark.parametrize("role", ["approver", "admin"])
def test_who_decides_sees_the_period_before_and_the_change(submitted: Client, role: str) -> None:
    text = person(role, "77").get(Q3).content.decode()

    assert "Kỳ trước (Quý II/2026)" in text
    assert cells(text, "1.1")["Kỳ trước (Quý II/2026)"] == "100"
    assert cells(text, "1.1")["Thay đổi"] == "+50 +50,0%"
    assert cells(text, "1.3")["Kỳ trước (Quý II/2026)"] == "50,00"  # derived by the view; the unit column says %
    assert cells(text, "1.3")["Thay đổi"] == "+25,00 điểm % +50,0%"
    assert cells(text, "2.1")["Kỳ trước (Quý II/2026)"] == "–"  # nothing then: no change to tell
    assert cells(text, "2.1")["Thay đổi"] == "–"
    assert cells(text, "2.2")["Thay đổi"] == "0 0,0%"


def test_the_findings_of_the_period_are_beside_the_buttons(submitted: Client) -> None:
    text = person("approver", "77").get(Q3).content.decode()

    found = analysis.findings("duyet", "77001", "2026Q3")
    errors = sum(1 for f in found if f.severity == "error")
    assert errors >= 1
    decide = text[text.index('<div class="decide">'):]
    assert 'value="approve"' in decide and 'value="reject"' in decide
    assert re.search(rf'data-severity="error">Lỗi: <b>{errors}</b>', decide)
    assert re.search(rf'data-severity="warning">Cảnh báo: <b>{len(found) - errors}</b>', decide)
    review = html.unescape(decide[decide.index('id="review"'):])
    assert [f.message for f in found if f.message not in review] == []
    assert "<b>2.1</b>: Chỉ tiêu 2.1 ghi 30, lớn hơn chỉ tiêu 2.2 (20)" in review  # 30 procedures online of 20


def test_a_reporter_sees_neither_the_buttons_nor_the_comparison(submitted: Client) -> None:
    text = submitted.get(Q3).content.decode()

    assert 'value="approve"' not in text and 'value="reject"' not in text
    assert "Kỳ trước" not in text and 'id="review"' not in text


def test_a_draft_is_not_compared(db: None, submitted: Client) -> None:
    text = person("approver", "77").get(form_url("duyet", "77002", "2026Q3")).content.decode()

    assert "Kỳ trước" not in text and 'value="approve"' not in text
