"""The fields a browser would post back from a form of a page: for tests that fill forms as a user does."""

from __future__ import annotations

from html.parser import HTMLParser


class _Fields(HTMLParser):
    """The fields a browser would post back from the form with id ``form_id`` (any form when None)."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__()
        self.form_id = form_id
        self.fields: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = self.form_id is None or found.get("id") == self.form_id
        elif self.inside and tag == "input" and "name" in found and found.get("type") != "submit":
            self.fields[found["name"]] = found.get("value", "")
        elif self.inside and tag == "select":
            self.select = found.get("name")
            self.fields.setdefault(self.select or "", "")
        elif self.inside and tag == "option" and self.select and "selected" in found:
            self.fields[self.select] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_fields(html: str, form_id: str | None = None) -> dict[str, str]:
    parser = _Fields(form_id)
    parser.feed(html)
    return parser.fields
