"""Signed-in browsers for the personas of tests/conftest.py, shared by every web test."""

from __future__ import annotations

import pytest
from django.test import Client


def _signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def reporter_client(reporter: object) -> Client:
    return _signed_in(reporter)


@pytest.fixture
def approver_client(approver: object) -> Client:
    return _signed_in(approver)


@pytest.fixture
def province_client(province_admin: object) -> Client:
    return _signed_in(province_admin)


@pytest.fixture
def viewer_client(viewer: object) -> Client:
    return _signed_in(viewer)


@pytest.fixture
def outsider_client(outsider: object) -> Client:
    return _signed_in(outsider)
