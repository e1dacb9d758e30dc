"""A store of a small framework of my own whose figures come from two sources, for the web and API tests."""

from __future__ import annotations

from typing import Any

from chiso.catalog.loader import load_framework
from chiso.io.files import Bundle
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.store import services
from chiso.values.model import Value
from chiso.web.accounts.services import add_user

FRAMEWORK = """
code: boso
title: "Số liệu dịch vụ công của các bộ"
sources:
  - {code: dvcqg, name: "Cổng Dịch vụ công quốc gia", official: true}
  - {code: emc, name: "Hệ thống EMC"}
indicators:
  - {code: "1", name: "Số hồ sơ trực tuyến", type: count}
  - {code: "3", name: "Tỷ lệ hồ sơ trực tuyến", type: percent, decimals: 2, direction: higher}
"""
VALUES = [
    Value("boso", "3", "971", "2025", "83.49", source="Báo cáo của Bộ"),
    Value("boso", "3", "971", "2025", "83.48", source="Báo cáo của Văn phòng Chính phủ", origin="dvcqg"),
    Value("boso", "3", "972", "2025", "90.001", origin="emc"),
    Value("boso", "3", "972", "2025", "90"),  # agrees within rounding
    Value("boso", "1", "972", "2025", "1200", origin="emc"),
    Value("boso", "1", "972", "2025", "1250"),
]


def two_sources_store() -> Any:
    """The framework, a bloc of two ministries, their values, and the bloc's admin (returned)."""
    services.save_bundle(Bundle(frameworks=[load_framework(FRAMEWORK, file="boso.yaml")], org_units=[
        OrgUnit("97", "Khối các bộ thử nghiệm", OrgUnitType.NATION),
        OrgUnit("971", "Bộ Thử nghiệm Một", OrgUnitType.PROVINCE, "97"),
        OrgUnit("972", "Bộ Thử nghiệm Hai", OrgUnitType.PROVINCE, "97")], values=list(VALUES)))
    return add_user("khoibo", "khoibo-password-1", "admin", "97", check_password=False).user
