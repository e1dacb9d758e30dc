"""The accounts' own history: who created, changed, deactivated or reset an account, and when.

Django's user model has no history of its own; the management pages change accounts, so their changes are
kept as every other record's are (simple_history). Password hashes and login times are left out: a hash
has no place in a history, and a login is not a change.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model
from simple_history import register
from simple_history.models import HistoricalRecords


class AccountHistory(HistoricalRecords):  # type: ignore[misc]  # simple_history has no type hints
    """Records every save of an account but the one a login makes (``last_login`` alone)."""

    def post_save(self, instance: Model, created: bool, using: str | None = None, **kwargs: Any) -> None:
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


register(get_user_model(), app="chiso.web.manage", records_class=AccountHistory,
         excluded_fields=["password", "last_login"])
