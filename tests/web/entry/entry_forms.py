"""Reading the entry form as a browser would: its fields and their values, from the rendered HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from chiso.catalog.loader import shipped_frameworks

CQS = shipped_frameworks()["cqs"]


def form_url(framework: str = "cqs", unit: str = "643", period: str = "2025S1") -> str:
    return reverse("entry:form", args=[framework, unit, period])


def preview_url(framework: str = "cqs", unit: str = "643", period: str = "2025S1") -> str:
    return reverse("entry:preview", args=[framework, unit, period])


def row_index(code: str) -> int:
    """The index the form uses in element ids for an indicator: its place in the catalogue."""
    return [i.code for i in CQS.indicators].index(code)


class _Fields(HTMLParser):
    """The fields of the form with id ``entry-form``: inputs, selects (their selected option) and textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = found.get("id") == "entry-form"
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


def fields(html: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(html)
    return parser.fields


def load_form(client: Client, url: str | None = None) -> dict[str, str]:
    """GETs the form and returns what a browser would post back untouched."""
    response = client.get(url or form_url())
    assert response.status_code == 200
    return fields(response.content.decode())


def filled(form: dict[str, str], values: dict[str, str], notes: dict[str, str] | None = None,
           action: str = "save") -> dict[str, str]:
    """The form with ``values`` typed in (by indicator code) and an action button pressed."""
    posted = dict(form)
    posted.update({f"v:{code}": text for code, text in values.items()})
    posted.update({f"n:{code}": text for code, text in (notes or {}).items()})
    posted["action"] = action
    return posted
