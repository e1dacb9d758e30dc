"""What every page's navigation needs: the user's role and unit."""

from __future__ import annotations

from django.http import HttpRequest

from chiso.web.accounts import permissions


def navigation(request: HttpRequest) -> dict[str, object]:
    found = permissions.membership(request.user)
    return {"membership": found, "role": found.role if found else None}
