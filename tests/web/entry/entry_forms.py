"""Reading the entry form as a browser would: its fields and their values, from the rendered HTML."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from chiso.catalog.loader import shipped_frameworks
from html_forms import form_fields

CQS = shipped_frameworks()["cqs"]


def form_url(framework: str = "cqs", unit: str = "643", period: str = "2025S1") -> str:
    return reverse("entry:form", args=[framework, unit, period])


def preview_url(framework: str = "cqs", unit: str = "643", period: str = "2025S1") -> str:
    return reverse("entry:preview", args=[framework, unit, period])


def row_index(code: str) -> int:
    """The index the form uses in element ids for an indicator: its place in the catalogue."""
    return [i.code for i in CQS.indicators].index(code)


def fields(html: str) -> dict[str, str]:
    """The fields of the form with id ``entry-form``: inputs and selects (their selected option)."""
    return form_fields(html, "entry-form")


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
