"""The signed-in person's notifications: the list, newest first, and marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from chiso.web.notify.models import Notification

PAGE_SIZE = 50


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(user_id=_me(request))
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("trang"))
    unread = mine.filter(read_at__isnull=True).count()
    return render(request, "notify/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the person's own notifications read (another's is not found); ``open`` goes on to its page."""
    found = get_object_or_404(Notification, pk=pk, user_id=_me(request))
    if found.read_at is None:
        found.read_at = timezone.now()
        found.save(update_fields=["read_at"])
    if "open" in request.POST and _safe(request, found.link):
        return HttpResponseRedirect(found.link)
    return HttpResponseRedirect(reverse("notify:list"))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user_id=_me(request), read_at__isnull=True).update(read_at=timezone.now())
    return HttpResponseRedirect(reverse("notify:list"))


def _safe(request: HttpRequest, link: str) -> bool:
    return bool(link) and url_has_allowed_host_and_scheme(link, {request.get_host()}, request.is_secure())


def _me(request: HttpRequest) -> int:
    pk = request.user.pk  # signed in: login_required
    assert isinstance(pk, int)
    return pk
