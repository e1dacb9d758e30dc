"""API clients for the personas of tests/conftest.py, each authenticated by its own token."""

from __future__ import annotations

from typing import Any

import pytest
from api_data import PROVINCE, new_province_bundle, token_client
from rest_framework.test import APIClient

from chiso.store import services
from chiso.values.model import Value
from chiso.web.accounts.services import add_user


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


@pytest.fixture
def new_province(shipped_store: None) -> None:
    """Tỉnh Lâm Đồng (68) beside the shipped Đắk Lắk: its own framework dvc and three communes."""
    services.save_bundle(new_province_bundle())


@pytest.fixture
def new_province_admin(new_province: None) -> Any:
    """Quản trị of the new province: everything in 68, nothing of Đắk Lắk."""
    return add_user("lamdong", "lamdong-password-1", "admin", PROVINCE, check_password=False).user


@pytest.fixture
def new_province_api(new_province_admin: Any) -> APIClient:
    return token_client(new_province_admin)
