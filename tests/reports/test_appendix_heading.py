"""The «(Kèm theo …)» line under an appendix title comes from the framework's ``attached_to``, not its legal basis."""

from __future__ import annotations

from datetime import date

import pytest

from chiso.catalog.loader import load_framework
from chiso.errors import InputError
from chiso.reports import ReportData, ReportOptions, build_report

HEAD = """
code: thu
title: Chỉ tiêu thử
layout: target_evaluation
legal_basis:
  - {document: "57-NQ/TW", date: "2024-12-22", issuer: Bộ Chính trị}
"""
BODY = """
indicators:
  - {code: "1", name: Tỷ lệ thử, type: percent, direction: higher, targets: [{period: "2027", value: 90%}]}
"""
ATTACHED = """
attached_to: {document: "12/BC-UBND", date: "2026-03-05", issuer: UBND tỉnh Thử}
"""


def subtitle(text: str, options: ReportOptions = ReportOptions("T")) -> str:
    return build_report(load_framework(text), ReportData(()), options).subtitle


@pytest.mark.parametrize(("yaml", "options", "expected"), [
    # No attached_to: open as on paper, even though the framework has a legal basis.
    (HEAD + BODY, ReportOptions("T"), "(Kèm theo … số … ngày …)"),
    (HEAD + ATTACHED + BODY, ReportOptions("T"), "(Kèm theo Báo cáo số 12/BC-UBND ngày 05/03/2026 của UBND tỉnh Thử)"),
    (HEAD + "attached_to: {document: …/BC-UBND, date: '2026-03'}\n" + BODY, ReportOptions("T"),
     "(Kèm theo Báo cáo số …/BC-UBND ngày …/3/2026)"),
    # The report options fill or override each part.
    (HEAD + BODY, ReportOptions("T", doc_number="7/KH-UBND", doc_date=date(2026, 4, 1), issuer="UBND xã Thử"),
     "(Kèm theo Kế hoạch số 7/KH-UBND ngày 01/04/2026 của UBND xã Thử)"),
    (HEAD + ATTACHED + BODY, ReportOptions("T", doc_number="45/QĐ-UBND"),
     "(Kèm theo Quyết định số 45/QĐ-UBND ngày 05/03/2026 của UBND tỉnh Thử)"),
    (HEAD + ATTACHED + BODY, ReportOptions("T", doc_number="12/UBND-VX"),
     "(Kèm theo văn bản số 12/UBND-VX ngày 05/03/2026 của UBND tỉnh Thử)"),
])
def test_kem_theo_line(yaml: str, options: ReportOptions, expected: str) -> None:
    assert subtitle(yaml, options) == expected


def test_attached_to_is_kept_apart_from_the_legal_basis() -> None:
    framework = load_framework(HEAD + ATTACHED + BODY)
    assert framework.attached_to is not None
    assert framework.attached_to.citation() == "12/BC-UBND ngày 5/3/2026 của UBND tỉnh Thử"
    assert [b.document for b in framework.legal_basis] == ["57-NQ/TW"]
    assert load_framework(HEAD + BODY).attached_to is None


def test_attached_to_with_an_unknown_key_is_refused_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        load_framework(HEAD + "attached_to: {document: 12/BC-UBND, so: 12}\n" + BODY, file="thu.yaml")
    assert (caught.value.file, caught.value.line, caught.value.column) == ("thu.yaml", 7, "attached_to")
    assert "«so»" in caught.value.message
