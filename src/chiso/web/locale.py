"""Vietnamese first: the UI language is Vietnamese unless the user picks English in the switcher."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Ignores the browser's Accept-Language, which is often English on officials' machines.

    Django's LocaleMiddleware then decides from the language cookie set by the switcher, and falls
    back to LANGUAGE_CODE (vi).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
