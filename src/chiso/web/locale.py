"""Vietnamese first: the UI language is Vietnamese unless the user picks English in the switcher.

The core's messages (findings, explanations, statuses: ``chiso.i18n``) follow the same choice: the
core takes its language from Django's language of the request, so a page is in one language throughout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language

from chiso import i18n

# A core label («Vượt chỉ tiêu») for a page: written out in the page's language when the page is rendered.
core_text = cast(Callable[[str], Promise], lazy(i18n.translate, str))


def follow_django() -> None:
    """The core writes its messages in Django's active language (the request's), Vietnamese by default."""
    i18n.follow(get_language)


class VietnameseFirstMiddleware:
    """Ignores the browser's Accept-Language, which is often English on officials' machines.

    Django's LocaleMiddleware then decides from the language cookie set by the switcher, and falls
    back to LANGUAGE_CODE (vi). Loading the middleware makes the core follow that language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        follow_django()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
