"""The ministry's store of tests/web/ministry/world.py and its readers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from web.ministry import world

PASSWORD = "mat-khau-thu-bo-2025"


@pytest.fixture
def ministry_store(db: None) -> None:
    world.build()


@pytest.fixture
def reader(ministry_store: None) -> Callable[[str, str], Client]:
    """``reader(username, unit)``: a browser signed in as a viewer of ``unit``."""
    from chiso.web.accounts.services import add_user

    def signed_in(username: str, unit: str) -> Client:
        client = Client()
        client.force_login(add_user(username, PASSWORD, "viewer", unit).user)
        return client

    return signed_in
