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


def test_the_index_page_in_english(reader: Callable[[str, str], Client]) -> None:
    from web.ministry import indexworld

    indexworld.build()
    client = reader("bo", "BO")
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    html = client.get("/cac-tinh/chi-so/qd766/qd766/").content.decode()
    for english in ("Composite index", "Points, ranks and trends of 4 provinces, out of a total of 100 points",
                    "By points", "Rank", "Download the table (Excel)", "scored out of 90 points", "Q4 2025",
                    "an item whose denominator is zero neither earns nor loses points"):
        assert english in html, english
    for vietnamese in ("Xếp hạng", "Theo điểm", "chấm trên", "Quý IV/2025", "Chỉ số tổng hợp"):
        assert vietnamese not in html, vietnamese
    assert "Tỉnh Bình Sơn" in html and "87,40/90" in html and "Thanh toán trực tuyến" in html
