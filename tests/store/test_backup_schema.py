"""A backup made at an older schema restores into today's: into the schema it was made with, then migrated.

The old store is made as an older chiso left it: only the migrations up to store.0002 (no period_start on
values, none of the apps that came later), rows written with the models of that time. It is backed up
by today's chiso without being migrated (a backup before an upgrade), then restored into an empty store
and over a store of today's schema; the restored values have the period_start that migration 0003 fills.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from backup_tables import other_store
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection
from django.utils import timezone

from chiso.data import shipped_files
from chiso.store import models
from chiso.store.backup import backup, restore
from chiso.store.backup_schema import applied, loader, state_apps

pytestmark = pytest.mark.django_db(transaction=True)

OLD = ("store", "0002_submission_from_entry")


def old_store(alias: str) -> None:
    call_command("migrate", *OLD, database=alias, verbosity=0)
    old = state_apps(applied(alias), loader(alias))
    now = timezone.now()
    framework = old.get_model("store", "Framework").objects.using(alias).create(
        code="cqs", title="Chính quyền số", source=shipped_files()[1].read_text(encoding="utf-8"), loaded_at=now)
    unit = old.get_model("store", "OrgUnit").objects.using(alias).create(code="66", name="Tỉnh Đắk Lắk",
                                                                         type="province")
    for model in ("Value", "HistoricalValue"):
        extra = {"id": 1, "history_date": now, "history_type": "+"} if model == "HistoricalValue" else {}
        old.get_model("store", model).objects.using(alias).create(
            framework_id=framework.pk, indicator="5.4.1", org_unit_id=unit.pk, period="2024Q2",
            period_end=date(2024, 6, 30), value="861058", number=861058, recorded_by="cũ", recorded_at=now,
            version=1, **extra)


def test_an_older_backup_restores_into_an_empty_store_and_is_migrated(tmp_path: Path) -> None:
    with other_store("sqlite", tmp_path, "old") as old, other_store(connection.vendor, tmp_path, "new") as new:
        old_store(old)
        manifest = backup(tmp_path / "cu.zip", using=old)
        assert OLD in manifest.migrations and ("store", "0003_value_period_start") not in manifest.migrations
        assert "axes_accesslog" not in {t.name for t in manifest.tables}

        restore(tmp_path / "cu.zip", using=new)

        assert applied(new) >= set(loader(new).graph.leaf_nodes())  # brought up to date
        value = models.Value.objects.using(new).get(indicator="5.4.1")
        assert (value.period_start, value.period_end, value.value) == (date(2024, 4, 1), date(2024, 6, 30), "861058")
        assert models.Value.history.using(new).get().period_start == date(2024, 4, 1)
        assert models.Submission.objects.using(new).count() == 0


def test_an_older_backup_replaces_a_store_of_todays_schema(tmp_path: Path) -> None:
    from chiso.cli.store import load_files

    load_files(shipped_files())
    with other_store("sqlite", tmp_path, "old") as old:
        old_store(old)
        backup(tmp_path / "cu.zip", using=old)

    restore(tmp_path / "cu.zip", replace=True)

    assert applied(DEFAULT_DB_ALIAS) >= set(loader(DEFAULT_DB_ALIAS).graph.leaf_nodes())
    assert list(models.Value.objects.values_list("indicator", "period", "period_start")) == [
        ("5.4.1", "2024Q2", date(2024, 4, 1))]
    assert models.OrgUnit.objects.count() == 1
