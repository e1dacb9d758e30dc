"""What the management pages can change, read whole, to compare before and after a refused request."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from chiso.store import models
from chiso.web.accounts.models import Membership


def state() -> tuple[list[tuple[object, ...]], ...]:
    users = sorted(get_user_model().objects.values_list("username", "is_active", "password", "first_name", "email",
                                                        "is_staff"))
    memberships = sorted(Membership.objects.values_list("user__username", "role", "org_unit__code"))
    units = sorted(models.OrgUnit.objects.values_list("code", "name", "type", "parent__code", "valid_from",
                                                      "valid_to"))
    frameworks = sorted(models.Framework.objects.values_list("code", "title", "source"))
    history = [(models.OrgUnit.history.count(), models.Framework.history.count(), Membership.history.count(),
                get_user_model().history.count())]  # type: ignore[attr-defined]
    return users, memberships, units, frameworks, history
