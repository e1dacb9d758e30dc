"""What the dossier tests share: the shipped framework cqs and a small Đắk Lắk hierarchy the sample files use."""

from __future__ import annotations

import pytest

from chiso.catalog.loader import shipped_frameworks
from chiso.catalog.model import Framework
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType


@pytest.fixture(scope="session")
def cqs() -> Framework:
    return shipped_frameworks()["cqs"]


@pytest.fixture(scope="session")
def hierarchy() -> Hierarchy:
    """The province, two of its districts and one commune of the first: the units of the sample dossiers."""
    return Hierarchy([OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE),
                      OrgUnit("643", "TP Buôn Ma Thuột", OrgUnitType.DISTRICT, "66"),
                      OrgUnit("644", "Thị xã Buôn Hồ", OrgUnitType.DISTRICT, "66"),
                      OrgUnit("24121", "Phường Tân Lập", OrgUnitType.COMMUNE, "643")])
