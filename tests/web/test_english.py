"""The whole web UI in English once the user picks it, in Vietnamese otherwise; the English catalogue complete.

Names from the data (units, frameworks, indicators) stay Vietnamese. The core's messages (check findings,
evaluation explanations, statuses) come from the core's own catalogue (chiso.i18n; tests/test_i18n*.py), so a
page's text equal to one of its msgids is untranslated too.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

import chiso.i18n
import chiso.store
import chiso.web
from chiso.web.entry.listing import default_period

WEB = Path(chiso.web.__file__).parent
STORE = Path(chiso.store.__file__).parent  # its model labels are UI text too, in the web app's catalogue
# The web app's catalogue (LOCALE_PATHS) and any an app ships itself (transfer/locale), as makemessages splits them.
CATALOGUES = sorted(WEB.glob("**/locale/en/LC_MESSAGES/django.po"))
CORE = chiso.i18n.LOCALE / "en" / "LC_MESSAGES" / "chiso.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")

# Each page: who reads it, its address, English that must be there, the Vietnamese it replaces.
PAGES: dict[str, tuple[str | None, str, list[str], list[str]]] = {
    "login": (None, "/tai-khoan/dang-nhap/",
              ["Sign in", "Username", "Password", "Digital transformation indicators"],
              ["Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Chỉ số chuyển đổi số"]),
    "dashboard": ("province_admin", "/?framework=cds2025&unit=66",
                  ["Overview", "Sign out", "Data entry and approval", "Provincial administrator",
                   "Assessment against targets", "Key rates by period", "Assessment details", "Forecast",
                   "Data check results", "Awaiting approval", "Target for 2025: 100%", "H1 2023"],
                  ["Tổng quan", "Đăng xuất", "Nhập và duyệt số liệu", "Quản trị cấp tỉnh",
                   "Đánh giá thực hiện chỉ tiêu", "Các tỷ lệ chính theo kỳ", "Chi tiết đánh giá", "Dự báo",
                   "Kết quả kiểm tra số liệu", "Chờ phê duyệt", "Chỉ tiêu 2025", "6 tháng đầu năm 2023"]),
    "entry list": ("province_admin", "/nhap-lieu/",
                   ["Data entry and approval", "Open a data entry form", "Reporting period", "Open form",
                    "Values entered", "Not submitted", "Enter data", "All reporting periods", "Half-years"],
                   ["Nhập và duyệt số liệu", "Mở biểu nhập liệu", "Kỳ báo cáo", "Mở biểu", "Số giá trị đã nhập",
                    "Chưa gửi", "Nhập liệu", "Tất cả kỳ báo cáo", "Nửa năm", "6 tháng"]),
    "entry form": ("reporter", "/nhap-lieu/cqs/643/2025S1/",
                   ["Data entry officer", "H1 2025", "Not submitted", "Unit of measure", "computed by formula",
                    "Checks — errors: 0, warnings: 0.", "Save draft", "Save and submit for approval",
                    "Write numbers the Vietnamese way"],
                   ["Cán bộ nhập số liệu", "6 tháng đầu năm 2025", "Chưa gửi", "Đơn vị tính", "tính theo công thức",
                    "Kiểm tra:", "Lưu bản nháp", "Lưu và gửi duyệt", "Số viết kiểu Việt Nam", "Đăng xuất"]),
    "reports": ("province_admin", "/bao-cao/",
                ["Reports", "Export report appendices", "Indicator framework", "Org unit", "Format",
                 "CSV (long-format table data)", "Issuing authority", "Download report"],
                ["Báo cáo", "Xuất phụ lục báo cáo", "Bộ chỉ tiêu", "Định dạng", "dữ liệu dạng bảng dọc",
                 "Cơ quan ban hành", "Tải báo cáo", "Đăng xuất"]),
    "excel": ("province_admin", "/excel/",
              ["Overview", "Sign out", "Data entry with Excel", "1. Download a data entry template",
               "Download template (.xlsx)", "2. Upload the filled-in file", "Filled-in Excel file (.xlsx)",
               "Upload and preview", "Half-years"],
              ["Tổng quan", "Đăng xuất", "Nhập số liệu bằng Excel", "Tải mẫu nhập liệu", "Tải mẫu (.xlsx)",
               "Tải lên tệp đã điền", "Tệp Excel đã điền", "Tải lên và xem trước", "Nửa năm"]),
}


def catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def ui_words() -> set[str]:
    """Every Vietnamese msgid of the catalogues: a text of the page equal to one is an untranslated label."""
    found = set()
    for path in [*CATALOGUES, CORE]:
        for message in catalogue(path):
            for text in (message.id,) if isinstance(message.id, str) else message.id:
                if text and not text.isascii() and not PLACEHOLDER.search(text):
                    found.add(text)
    return found


class Texts(HTMLParser):
    """The texts a reader sees or hears: text nodes and the attributes that are read out or shown."""

    SHOWN = ("aria-label", "placeholder", "label", "title", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.found.update(value.strip() for name, value in attrs if name in self.SHOWN and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.found.update(part.strip(" :·\u00a0") for part in data.split("\n") if part.strip())


def untranslated(html: str) -> set[str]:
    parser = Texts()
    parser.feed(html)
    return parser.found & ui_words()


@pytest.fixture
def open_page(request: pytest.FixtureRequest, shipped_store: None) -> Callable[[str, str], str]:
    """``open_page(name, language)``: the page's HTML as its persona sees it, after choosing ``language``."""

    def read(name: str, language: str | None) -> str:
        persona, url, _, _ = PAGES[name]
        client = Client()
        if persona:
            client.force_login(request.getfixturevalue(persona))
        if language:
            chosen = client.post("/i18n/setlang/", {"language": language, "next": "/"})
            assert chosen.status_code == 302
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return str(response.content.decode("utf-8"))

    return read


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_in_english_when_chosen(open_page: Callable[[str, str | None], str], name: str) -> None:
    html = open_page(name, "en")
    assert '<html lang="en">' in html
    english, vietnamese = PAGES[name][2], PAGES[name][3]
    assert [text for text in english if text not in html] == []
    assert [text for text in vietnamese if text in html] == []
    assert untranslated(html) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_in_vietnamese_by_default(open_page: Callable[[str, str | None], str], name: str) -> None:
    html = open_page(name, None)
    assert '<html lang="vi">' in html
    english, vietnamese = PAGES[name][2], PAGES[name][3]
    assert [text for text in vietnamese if text not in html] == []
    assert [text for text in english if text in html] == []
    assert untranslated(html) >= {"Đăng nhập"} or untranslated(html) >= {"Đăng xuất"}  # the check finds labels


@pytest.mark.django_db
def test_choosing_vietnamese_again(open_page: Callable[[str, str | None], str]) -> None:
    assert "Đăng xuất" in open_page("dashboard", "vi")


@pytest.mark.django_db
def test_status_counts_and_periods_in_english(open_page: Callable[[str, str | None], str]) -> None:
    html = open_page("dashboard", "en")
    badge = r'<div class="count" data-status="(\w+)"><b>[\d.]+</b><span class="status \w+">([^<]+)</span>'
    badges = re.findall(badge, html)
    assert dict(badges) == {
        "exceeded": "Target exceeded", "met": "Target met", "not_met": "Not met", "in_progress": "In progress",
        "no_data": "No data", "manual": "Needs assessment"}
    listing = open_page("entry list", "en")
    period = default_period(timezone.localdate())
    assert f">{period.label_en}</option>" in listing and period.label not in listing


def test_the_web_app_has_its_catalogue() -> None:
    assert WEB / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES
    assert sum(len(catalogue(path)) for path in CATALOGUES) > 250


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(WEB)))
def test_every_message_translated(path: Path) -> None:
    found = catalogue(path)
    assert not found.fuzzy, "the header is still marked fuzzy"
    problems = []
    for message in found:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(("untranslated or fuzzy", ids[0]))
        elif any(sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(ids[-1])) for s in strings):
            problems.append(("placeholders differ", ids[0]))
    assert problems == []


def _messages(catalog: Catalog) -> dict[tuple[str | None, str | tuple[str, ...]], object]:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)):
            m.string if isinstance(m.string, str) else tuple(m.string) for m in catalog if m.id}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(WEB)))
def test_compiled_catalogue_is_up_to_date(path: Path) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(path))
    compiled.seek(0)
    with path.with_suffix(".mo").open("rb") as shipped:
        assert _messages(read_mo(shipped)) == _messages(read_mo(compiled)), \
            f"{path.with_suffix('.mo')} is older than its .po: run make messages"


@pytest.mark.skipif(not shutil.which("xgettext") or not shutil.which("msgmerge"), reason="needs GNU gettext")
def test_catalogue_has_every_message_of_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """makemessages over copies of the web app and the store finds no message the catalogue lacks or leaves bare."""
    copy = tmp_path / "web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    shutil.copytree(STORE, copy / "_store", ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["en"], verbosity=0)
    for path in CATALOGUES:
        merged: Any = catalogue(copy / path.relative_to(WEB))
        missing = [m.id for m in merged if m.id and (m.fuzzy or not m.string or not all(m.string))]
        assert missing == [], f"new messages in {path}: run makemessages -l en in src/chiso/web, translate them"
        assert {(m.context, m.id) for m in merged if m.id} == {(m.context, m.id) for m in catalogue(path) if m.id}
    assert sorted(copy.glob("**/locale/en/LC_MESSAGES/django.po")) == [copy / p.relative_to(WEB) for p in CATALOGUES]
