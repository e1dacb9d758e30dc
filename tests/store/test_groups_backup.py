"""`chiso backup` and `chiso restore` carry org-unit groups, their members and their history.

The blocs of tests/orgunits/data are loaded, one is changed (so its history has two states), the store is
backed up, restored into an empty database (SQLite; PostgreSQL when the suite runs on it) and over itself,
and the restored store still computes the blocs' figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backup_tables import contents, differences, other_store
from django.db import DEFAULT_DB_ALIAS
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.orgunits.groups import OrgUnitGroup
from chiso.store import models, services
from chiso.store.backup import restore

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).parent.parent / "orgunits" / "data"
GROUP_TABLES = ("store_orgunitgroup", "store_orgunitgroupmember", "store_historicalorgunitgroup",
                "store_historicalorgunitgroupmember")
runner = CliRunner(env={"COLUMNS": "300"})


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def build_store() -> None:
    code, output = run("load", *(str(DATA / n) for n in ("framework.yaml", "org_units.csv", "groups.csv",
                                                           "values.csv")))
    assert code == 0, output
    services.save_org_unit_groups([OrgUnitGroup("mien_nam", "Các tỉnh phía Nam", ("93", "91"))])  # 92 leaves


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_backup_restores_the_groups_into_an_empty_database(tmp_path: Path, kind: str) -> None:
    with other_store(kind, tmp_path, "groups") as alias:
        build_store()
        before = contents(DEFAULT_DB_ALIAS)
        code, output = run("backup", "-o", str(tmp_path / "kho.zip"))
        assert code == 0, output
        restore(tmp_path / "kho.zip", using=alias)
        after = contents(alias)

    assert differences(before, after) == []
    counts = {name: len(after[name]) for name in GROUP_TABLES}
    # 3 groups, 7 members (mien_nam's 92 gone, 91 added); history: 3 created, 8 members added and 1 removed
    assert counts == {"store_orgunitgroup": 3, "store_orgunitgroupmember": 7, "store_historicalorgunitgroup": 3,
                      "store_historicalorgunitgroupmember": 10}


def test_the_restored_store_knows_its_groups_and_computes_them(tmp_path: Path) -> None:
    build_store()
    assert run("backup", "-o", str(tmp_path / "kho.zip"))[0] == 0
    models.OrgUnitGroup.objects.filter(code="khoi_bo").delete()  # a change made after the backup …
    assert not services.hierarchy().is_group("khoi_bo")

    code, output = run("restore", str(tmp_path / "kho.zip"), "--replace")

    assert code == 0, output
    tree = services.hierarchy()  # … is gone, and the hierarchy read again
    assert {code: tree.groups_of(code) for code in ("B01", "91", "92")} == {
        "B01": {"khoi_bo"}, "91": {"khoi_tinh", "mien_nam"}, "92": {"khoi_tinh"}}
    assert tree.group("mien_nam").members == ("93", "91")
    code, output = run("evaluate", "--framework", "khoi", "--unit", "khoi_bo", "--format", "json")
    assert code == 0, output
    assert [(e["unit"], e["result"]) for e in json.loads(output)] == [("khoi_bo", "72,22%")]
