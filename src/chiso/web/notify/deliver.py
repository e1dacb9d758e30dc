"""Writing notifications once and mailing them: the in-app row always, a mail to those with an address.

The row is claimed first (``get_or_create`` on the person and the event's key, unique together): of two
runs telling the same event at once, one inserts and the other meets the constraint and finds the row,
so only the one that inserted mails it. A mail that cannot be sent (no mail server) leaves the row
without ``mailed_at``; the in-app notification stands.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from chiso.web.notify.models import Notification

logger = logging.getLogger(__name__)
CHUNK = 1000  # keys per IN (…) list


@dataclass(frozen=True)
class Message:
    """One event as one person is told it."""

    user_id: int
    username: str
    email: str
    kind: str
    key: str
    subject: str
    body: str
    link: str = ""

    @property
    def mail_text(self) -> str:
        return self.body + (f"\n\n{absolute(self.link)}" if self.link else "") + "\n"


def absolute(link: str) -> str:
    """A page's address as a mail reader follows it: the site's address (EMAIL_SITE_URL) and the path."""
    return str(settings.EMAIL_SITE_URL).rstrip("/") + link


def unsent(messages: Sequence[Message]) -> list[Message]:
    """The messages whose person has not been told their event yet (a query per thousand keys)."""
    keys = sorted({m.key for m in messages})
    told: set[tuple[int, str]] = set()
    for start in range(0, len(keys), CHUNK):
        rows = Notification.objects.filter(key__in=keys[start:start + CHUNK]).values_list("user_id", "key")
        told.update(rows)
    return [m for m in messages if (m.user_id, m.key) not in told]


def deliver(messages: Sequence[Message]) -> list[Message]:
    """Writes the notifications not written yet and mails them; returns those this call wrote."""
    written: list[tuple[Notification, Message]] = []
    for message in unsent(messages):
        row, created = Notification.objects.get_or_create(user_id=message.user_id, key=message.key, defaults={
            "kind": message.kind, "subject": message.subject, "body": message.body, "link": message.link})
        if created:
            written.append((row, message))
    mail(written)
    return [message for _row, message in written]


def mail(written: Iterable[tuple[Notification, Message]]) -> None:
    """One connection for the lot; rows of people without an address stay in-app only."""
    mailed = [(row, m) for row, m in written if m.email]
    if not mailed:
        return
    letters = [EmailMessage(m.subject, m.mail_text, None, [m.email]) for _row, m in mailed]
    try:
        get_connection().send_messages(letters)
    except Exception:  # a mail server down must not undo what was recorded; the log says why
        logger.exception("không gửi được %d thư thông báo", len(letters))
        return
    Notification.objects.filter(id__in=[row.pk for row, _m in mailed]).update(mailed_at=timezone.now())
