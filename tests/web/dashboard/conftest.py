"""Fixtures of the dashboard tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def as_user(client: Client) -> Any:
    """``as_user(persona)``: the test client signed in as that persona (django-axes needs no request here)."""

    def sign_in(user: Any) -> Client:
        client.force_login(user)
        return client

    return sign_in

