"""The provinces' page in English once the reader picks it; the data's names and the numbers stay Vietnamese."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client


def test_the_page_in_english(reader: Callable[[str, str], Client]) -> None:
    client = reader("bo", "BO")
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    html = client.get("/cac-tinh/chi-tieu/bo_thu/1/").content.decode()
    for english in ("Provinces", "Results, ranks and trends of 4 provinces", "Rank", "By name", "Completeness",
                    "Download the table (Excel)", "3/3 indicators", "Q4 2025", "Target exceeded"):
        assert english in html, english
    for vietnamese in ("Xếp hạng", "Theo tên", "chỉ tiêu</td>", "Quý IV/2025", "Vượt chỉ tiêu"):
        assert vietnamese not in html, vietnamese
    assert "Tỉnh Bình Sơn" in html and "65,00%" in html
