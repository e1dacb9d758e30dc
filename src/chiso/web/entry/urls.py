from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "entry"


@login_required
def placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("chiso")


urlpatterns = [path("", placeholder, name="list")]
