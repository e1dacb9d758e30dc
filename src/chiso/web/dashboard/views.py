"""Placeholder views; the dashboard is being built."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("chiso")


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    return HttpResponse("chiso")
