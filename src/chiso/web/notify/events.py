"""Steps of the entry workflow told to those concerned, once the step is committed.

Returned and approved go to the unit's reporters, reopened to its reporters and approvers, submitted to
its approvers; the person who took the step is not told of it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse

from chiso.store import services
from chiso.store.models import Submission
from chiso.web.accounts.models import Role
from chiso.web.notify.deliver import Message, deliver
from chiso.web.notify.messages import MOVES, Move, move_text
from chiso.web.notify.recipients import APPROVERS, REPORTERS, covering

TOLD: dict[str, tuple[Role, ...]] = {"submit": APPROVERS, "reject": REPORTERS, "approve": REPORTERS,
                                     "reopen": REPORTERS + APPROVERS}


def on_move(sender: type[Submission], submission: Submission, action: str, user: AbstractBaseUser,
            comment: str, **_kwargs: Any) -> None:
    """The ``moved`` receiver: reads the step now, tells it after the commit (never for a rolled-back step)."""
    if action not in TOLD:
        return
    event = submission.history.values_list("history_id", flat=True).first()  # this step's history row
    move = Move(action, submission.framework.code, submission.framework.title, submission.org_unit.code,
                submission.org_unit.name, submission.period, user.get_username(), comment)
    transaction.on_commit(partial(tell, move, f"entry:{action}:{event}", user.pk))


def tell(move: Move, key: str, actor: object) -> list[Message]:
    kind = MOVES[move.action][0]
    link = reverse("entry:form", args=[move.framework, move.unit, move.period])
    messages = []
    for person in covering(services.hierarchy(), move.unit, TOLD[move.action]):
        if person.id != actor:
            subject, body = move_text(move, person)
            messages.append(Message(person.id, person.username, person.email, kind, key, subject, body, link))
    return deliver(messages)
