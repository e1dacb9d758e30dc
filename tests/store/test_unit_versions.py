"""A unit code's versions and the links between units, in the store: written, updated, exported and reloaded,
backed up and restored, with the tree read back as the core builds it.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from backup_tables import contents, differences, other_store
from django.db import DEFAULT_DB_ALIAS
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.orgunits.links import LinkKind, UnitLink
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.store import models, services
from chiso.store.backup import restore

END, START = date(2025, 6, 30), date(2025, 7, 1)
P, C = OrgUnitType.PROVINCE, OrgUnitType.COMMUNE
UNITS = [
    OrgUnit("91", "Tỉnh Sông Xanh", P, valid_to=END), OrgUnit("92", "Tỉnh Núi Đỏ", P, valid_to=END),
    OrgUnit("91001", "Xã Bến Đò", C, "91", valid_to=END), OrgUnit("92001", "Xã Đồi Thông", C, "92", valid_to=END),
    OrgUnit("91", "Tỉnh Sông Xanh", P, valid_from=START), OrgUnit("91001", "Xã Bến Đò", C, "91", valid_from=START),
]
LINKS = [UnitLink("91", "91", START), UnitLink("92", "91", START, note="theo Nghị quyết 202/2025/QH15"),
         UnitLink("91001", "91001", START), UnitLink("92001", "91001", START, share=Decimal("1"), basis="dân số")]
runner = CliRunner(env={"COLUMNS": "300"})


def build() -> None:
    services.save_org_units(UNITS)
    services.save_org_unit_links(LINKS)


@pytest.mark.django_db
def test_versions_and_links_are_read_back_as_given() -> None:
    build()
    tree = services.hierarchy()
    assert [(v.valid_from, v.valid_to) for v in tree.versions["91"]] == [(None, END), (START, None)]
    assert tree.at(END)["91001"].parent == "91" and tree.at(END).children("92")[0].code == "92001"
    kinds = {(link.predecessor, link.successor): link.kind for link in tree.links}
    assert kinds == {("91", "91"): LinkKind.MERGE, ("92", "91"): LinkKind.MERGE,
                     ("91001", "91001"): LinkKind.MERGE, ("92001", "91001"): LinkKind.MERGE}
    assert models.OrgUnit.objects.get(code="91").valid_from == START  # the row is the latest version
    assert models.OrgUnitVersion.objects.count() == 6


@pytest.mark.django_db
def test_a_version_given_again_is_updated_and_written_once() -> None:
    build()
    services.save_org_units([OrgUnit("91", "Tỉnh Sông Xanh (cũ)", P, valid_to=END)])
    services.save_org_unit_links(LINKS)  # the same links: nothing written again
    tree = services.hierarchy()
    assert [v.name for v in tree.versions["91"]] == ["Tỉnh Sông Xanh (cũ)", "Tỉnh Sông Xanh"]
    assert models.OrgUnitVersion.history.filter(history_type="~").count() == 1
    assert models.OrgUnitLink.history.count() == len(LINKS)


@pytest.mark.django_db
def test_an_export_of_the_units_and_links_loads_back_the_same(tmp_path: Path) -> None:
    build()
    for table in ("org_units", "org_unit_links"):
        result = runner.invoke(app, ["export", "--table", table, "-o", str(tmp_path / f"{table}.csv")])
        assert result.exit_code == 0, result.output
    before = services.hierarchy()
    services.reset()
    assert runner.invoke(app, ["load", str(tmp_path / "org_units.csv")]).exit_code == 0
    result = runner.invoke(app, ["units", "links", "import", str(tmp_path / "org_unit_links.csv")])
    assert result.exit_code == 0, result.output
    after = services.hierarchy()
    assert after.versions == before.versions and set(after.links) == set(before.links)


@pytest.mark.django_db
def test_a_units_file_with_two_versions_in_force_at_once_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "don-vi.csv"
    path.write_text("code,name,type,parent,valid_from,valid_to\n91,Tỉnh Sông Xanh,province,,,2025-06-30\n"
                    "91,Tỉnh Sông Xanh,province,,2025-01-01,\n", encoding="utf-8")
    result = runner.invoke(app, ["load", str(path)])
    assert result.exit_code == 2
    assert "đơn vị 91 có hai phiên bản cùng hiệu lực (…–30/06/2025 và 01/01/2025–…)" in " ".join(result.output.split())
    assert not models.OrgUnit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_versions_and_links_into_an_empty_database(tmp_path: Path) -> None:
    with other_store("sqlite", tmp_path, "versions") as alias:
        build()
        before = contents(DEFAULT_DB_ALIAS)
        result = runner.invoke(app, ["backup", "-o", str(tmp_path / "kho.zip")])
        assert result.exit_code == 0, result.output
        restore(tmp_path / "kho.zip", using=alias)
        after = contents(alias)
    assert differences(before, after) == []
    assert len(after["store_orgunitversion"]) == 6 and len(after["store_orgunitlink"]) == 4


def test_the_links_file_written_reads_back() -> None:
    from chiso.orgunits.linkfile import links_of, read_links, write_links

    out = io.StringIO()
    write_links(out, LINKS)
    again = links_of(read_links("lien-ket.csv", out.getvalue()))
    assert [(link.key, link.share, link.basis, link.note) for link in again] == sorted(
        ((link.key, link.share, link.basis, link.note) for link in LINKS), key=lambda row: (row[0][2], *row[0][:2]))
