"""A strict Content-Security-Policy on every response: scripts, styles and everything else from chiso itself.

The pages use vendored assets only (htmx, Chart.js under /static/), so the policy allows nothing inline and
nothing from elsewhere; the templates keep no inline script, event handler or style attribute for it to block.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

POLICY = {"default-src 'self'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'"}
PAGES = ["/?framework=cds2025&unit=66", "/chi-tieu/cqs/5.4/?unit=66", "/bao-cao/", "/nhap-lieu/",
         "/nhap-lieu/cqs/643/2025S1/", "/excel/", "/don-vi/?q=dak", "/admin/", "/admin/store/value/"]


def directives(answer: Any) -> set[str]:
    return {part.strip() for part in answer["Content-Security-Policy"].split(";")}


class Inline(HTMLParser):
    """What a strict policy would block in a page: inline scripts, event handlers, style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.found += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on") or name == "style"]
        self._script = tag == "script" and "src" not in named and named.get("type") != "application/json"
        if tag == "style":
            self.found.append("<style>")

    def handle_data(self, data: str) -> None:
        if self._script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


@pytest.mark.parametrize("address", ["/tai-khoan/dang-nhap/", "/static/chiso/chiso.css",
                                     "/static/vendor/htmx-2.0.11.min.js", "/healthz", "/khong-co/",
                                     "/api/frameworks/", "/api/khong-co/", "/api/schema/"])
def test_every_response_carries_the_policy(shipped_store: None, address: str) -> None:
    answer = Client().get(address)

    assert directives(answer) == POLICY


@pytest.mark.parametrize("address", PAGES)
def test_pages_have_nothing_inline_for_the_policy_to_block(province_client: Client, address: str) -> None:
    answer = province_client.get(address)
    parser = Inline()
    parser.feed(answer.content.decode())

    assert answer.status_code == 200
    assert directives(answer) == POLICY
    assert parser.found == []


def test_the_language_is_switched_by_a_script_of_chiso(province_client: Client) -> None:
    page = province_client.get("/").content.decode()

    assert 'data-submit-on-change' in page
    assert "/static/chiso/chiso.js" in page


def test_the_api_answers_a_browser_in_json(province_client: Client) -> None:
    browser: dict[str, Any] = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}

    answer = province_client.get("/api/frameworks/", **browser)

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
