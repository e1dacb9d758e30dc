"""API clients for the personas of tests/conftest.py, each authenticated by its own token."""

from __future__ import annotations

from typing import Any

import pytest
from api_data import token_client
from rest_framework.test import APIClient

from chiso.store import services
from chiso.values.model import Value


@pytest.fixture
def admin_api(province_admin: Any) -> APIClient:
    return token_client(province_admin)


@pytest.fixture
def reporter_api(reporter: Any) -> APIClient:
    return token_client(reporter)


@pytest.fixture
def viewer_api(viewer: Any) -> APIClient:
    return token_client(viewer)


@pytest.fixture
def outsider_api(outsider: Any) -> APIClient:
    return token_client(outsider)


@pytest.fixture
def district_values(shipped_store: None) -> None:
    """Values of Buôn Ma Thuột (643) and Buôn Hồ (644): the shipped data holds only the province's."""
    services.save_values([Value("cqs", "5.1.1", "643", "2024", "120", "", "sở"),
                          Value("cqs", "5.1.2", "643", "2024", "80"),
                          Value("cqs", "5.1.1", "644", "2024", "95")], recorded_by="loader")
