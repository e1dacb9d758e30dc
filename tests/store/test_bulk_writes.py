"""Loads written in bulk: every value with its number and period days, one history row per change, locks kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalRecords

from chiso.errors import InputError
from chiso.io.files import Bundle, read_files
from chiso.store import models, services, writes
from chiso.values.model import EvaluationStatus, Value

DATA = Path(__file__).parent / "data"
MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)]


def load(*paths: Path, locale: str = "vi", by: str = "cli:ketoan") -> dict[str, int]:
    bundle = read_files(paths, services.frameworks(), {u.code for u in services.org_units()}, locale)
    return services.save_bundle(bundle, recorded_by=by)


def monthly(unit: str, text: str, note: str = "") -> list[Value]:
    """The dossiers received (1.1) and received online (1.2) by a unit, month by month."""
    return [Value("mini", code, unit, month, text, note, "iGate") for month in MONTHS for code in ("1.1", "1.2")]


def history(**key: str) -> list[tuple[str, str, int]]:
    rows = models.Value.history.filter(**key).order_by("history_id")
    return list(rows.values_list("history_type", "value", "version"))


@pytest.fixture
def mini(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mini framework and its two units, and chunks of 7 keys, so a small load spans many chunks."""
    load(DATA / "mini.yaml", DATA / "org_units.csv")
    monkeypatch.setattr(writes, "CHUNK", 7)


def test_the_bulk_writer_knows_every_column_of_a_value_and_of_its_history() -> None:
    assert ("id", *writes.VALUE_COLUMNS) == tuple(f.attname for f in models.Value._meta.concrete_fields)
    historical = models.Value.history.model._meta.concrete_fields
    assert set(writes.HISTORY_COLUMNS) | {"history_id"} == {f.attname for f in historical}


def test_a_load_over_many_chunks_stores_every_value_with_its_number_and_period(mini: None) -> None:
    values = [*monthly("66", "861058"), *monthly("643", "12000"), Value("mini", "1", "66", "2024", "37.96"),
              Value("mini", "2", "66", "2025-06", "yes")]
    services.save_bundle(Bundle(values=values), recorded_by="cli:ketoan")

    rows = models.Value.objects.filter(org_unit__code="643", period="2025-02", indicator="1.1")
    assert list(rows.values_list("value", "number", "period_start", "period_end", "version", "recorded_by")) == [
        ("12000", Decimal("12000"), date(2025, 2, 1), date(2025, 2, 28), 1, "cli:ketoan")]
    assert models.Value.objects.count() == len(values) == 98
    assert models.Value.objects.get(indicator="1").number == Decimal("37.96")
    assert models.Value.objects.get(indicator="2").number is None  # có/không is not a number
    assert not models.Value.objects.filter(number__isnull=True).exclude(indicator="2").exists()
    assert models.Value.history.filter(history_type="+").count() == 98 == models.Value.history.count()


def test_a_bulk_history_row_holds_what_simple_history_itself_writes(mini: None) -> None:
    services.save_values(monthly("66", "861058")[:1], recorded_by="cli:ketoan")
    record = models.Value.objects.get()
    record.save()  # the same row again, through simple_history's own signal

    written, saved = (model_to_row(h) for h in record.history.order_by("history_id"))
    assert written.pop("history_type") == "+" and saved.pop("history_type") == "~"
    assert written == saved
    assert written["history_user_id"] is None and written["history_change_reason"] is None


def model_to_row(historical: Any) -> dict[str, Any]:
    skipped = {"history_id", "history_date", "recorded_at"}  # a save() stamps its own time
    return {f.attname: getattr(historical, f.attname) for f in historical._meta.concrete_fields
            if f.attname not in skipped}


def test_the_request_user_is_the_author_in_the_history(mini: None) -> None:
    user = get_user_model().objects.create_user("nhaplieu")
    request = RequestFactory().post("/nhap-lieu/")
    request.user = user
    HistoricalRecords.context.request = request  # as simple_history's middleware does for a web request
    try:
        services.save_values([Value("mini", "1.1", "643", "2025Q1", "120")], recorded_by="nhaplieu")
    finally:
        del HistoricalRecords.context.request

    assert models.Value.history.get().history_user == user
    assert models.Value.objects.get().recorded_by == "nhaplieu"


def test_a_reload_writes_only_what_changed(mini: None) -> None:
    first = monthly("66", "861058")
    services.save_values(first, recorded_by="cli:ketoan")
    before = dict(models.Value.objects.values_list("id", "recorded_at"))
    fixed = [replace(first[0], value="861059"), replace(first[1], note="sửa theo iGate"),
             replace(first[2], source="Phụ lục VIII"), *first[3:]]

    services.save_values(fixed, recorded_by="cli:thanhtra")

    changed = models.Value.objects.filter(recorded_by="cli:thanhtra")
    assert sorted(changed.values_list("indicator", "period", "version")) == [
        ("1.1", "2024-01", 2), ("1.1", "2024-02", 2), ("1.2", "2024-01", 2)]
    assert models.Value.objects.get(indicator="1.1", period="2024-01").number == Decimal("861059")
    assert models.Value.history.filter(history_type="~").count() == 3
    untouched = models.Value.objects.exclude(recorded_by="cli:thanhtra")
    assert all(before[pk] == when for pk, when in untouched.values_list("id", "recorded_at"))
    assert set(untouched.values_list("version", flat=True)) == {1}


def test_a_key_given_twice_in_one_load_is_applied_in_order(mini: None) -> None:
    services.save_values([Value("mini", "1.1", "66", "2024", "100"), Value("mini", "1.1", "66", "2024", "120")])

    assert models.Value.objects.get().value == "120"
    assert history(indicator="1.1") == [("+", "100", 1), ("~", "120", 2)]


def approve(period: str, unit: str = "66") -> None:
    models.Submission.objects.create(framework=models.Framework.objects.get(code="mini"),
                                     org_unit=models.OrgUnit.objects.get(code=unit), period=period,
                                     status=models.SubmissionStatus.APPROVED)


def test_a_change_in_an_approved_period_refuses_the_whole_load(mini: None) -> None:
    services.save_values(monthly("66", "861058"))
    approve("2025-06")
    counts = (models.Value.objects.count(), models.Value.history.count())
    load = [*monthly("643", "12000"), *monthly("66", "861058"), Value("mini", "1.1", "66", "2025-06", "900000")]

    with CaptureQueriesContext(connection) as queries, pytest.raises(InputError) as refused:
        services.save_values(load)

    assert str(refused.value) == ("bộ chỉ tiêu mini, chỉ tiêu 1.1, đơn vị 66, kỳ 2025-06: kỳ đã được phê duyệt, "
                                  "không thể sửa; quản trị cấp tỉnh có thể mở lại")
    assert (models.Value.objects.count(), models.Value.history.count()) == counts  # not even 643's new values
    assert sum("entry_submission" in q["sql"] for q in queries.captured_queries) == 1  # one lock query per load


def test_an_unchanged_value_of_an_approved_period_may_be_loaded_again(mini: None) -> None:
    services.save_values(monthly("66", "861058"))
    approve("2025-06")

    services.save_values([*monthly("66", "861058"), Value("mini", "1.1", "643", "2025-06", "1200")])

    assert models.Value.objects.filter(org_unit__code="643").count() == 1
    assert models.Value.history.count() == len(MONTHS) * 2 + 1


def test_queries_grow_with_the_chunks_not_with_the_values(mini: None) -> None:
    values = monthly("66", "861058") + monthly("643", "12000")  # 96 values: 14 chunks of 7
    with CaptureQueriesContext(connection) as created:
        services.save_values(values)
    with CaptureQueriesContext(connection) as changed:
        services.save_values([replace(v, value="1") for v in values])

    # Per chunk: the stored rows, the rows written, the new ids, the history rows.
    assert len(created) <= 10 + 4 * 14 and len(changed) <= 10 + 3 * 14


def test_org_units_in_bulk_with_parents_listed_after_their_children(db: None) -> None:
    load(DATA / "org_units_children_first.csv")

    tree = services.hierarchy()
    assert [tree[c].parent for c in ("24121", "24133", "643", "66")] == ["643", "643", "66", ""]
    created = models.OrgUnit.history.values_list("code", "history_type", "parent_id")
    assert sorted(created) == sorted((c, "+", p) for c, p in models.OrgUnit.objects.values_list("code", "parent_id"))
    history_rows = models.OrgUnit.history.count()

    load(DATA / "org_units_children_first.csv")
    assert models.OrgUnit.history.count() == history_rows  # nothing changed, nothing recorded


def test_a_renamed_unit_is_one_history_row_and_the_hierarchy_sees_it(db: None, tmp_path: Path) -> None:
    load(DATA / "org_units_children_first.csv")
    assert services.hierarchy()["24133"].name == "Xã Hòa Thuận"
    path = tmp_path / "units.csv"
    path.write_text("code,name,type,parent,valid_from,valid_to\n24133,Xã Hòa Thuận (mới),xã,66,01/07/2025,\n",
                    encoding="utf-8")

    before = models.OrgUnit.history.count()

    load(path)

    unit = services.hierarchy()["24133"]
    assert (unit.name, unit.parent, unit.valid_from, unit.valid_to) == ("Xã Hòa Thuận (mới)", "66",
                                                                        date(2025, 7, 1), None)
    changes = models.OrgUnit.history.order_by("history_id").values_list("code", "history_type")
    assert list(changes[before:]) == [("24133", "~")]


def test_recorded_evaluations_in_bulk_with_their_history(mini: None, tmp_path: Path) -> None:
    load(DATA / "evaluations.csv")
    stored = {e.unit: e for e in services.recorded_evaluations()}
    assert stored["66"].status == EvaluationStatus.NOT_MET
    met = replace(stored["66"], status=EvaluationStatus.MET, note="rà soát lại")
    unchanged = replace(stored["643"], recorded_by="", recorded_at=None)

    services.save_recorded_evaluations([met, unchanged], recorded_by="cli:thanhtra")

    rows = models.RecordedEvaluation.objects.order_by("org_unit__code")
    assert list(rows.values_list("org_unit__code", "status", "recorded_by")) == [
        ("643", "met", "cli:ketoan"), ("66", "met", "cli:thanhtra")]
    assert list(models.RecordedEvaluation.history.order_by("history_id").values_list("history_type", "status")) == [
        ("+", "not_met"), ("+", "met"), ("~", "met")]


# --- Loads at the same time, in real processes, on a file database (SQLite) or the test database ------------

CHISO = [sys.executable, "-m", "chiso.cli"]
SNAPSHOT = """
import json, sys
from chiso.store.setup import open_store
open_store(sys.argv[1])
from chiso.store import models
key = ("org_unit__code", "indicator", "period")
values = {" ".join(row[:3]): row[3:] for row in models.Value.objects.values_list(*key, "value", "version")}
history = {}
for *k, value, kind in models.Value.history.order_by("history_id").values_list(*key, "value", "history_type"):
    history.setdefault(" ".join(k), []).append([value, kind])
print(json.dumps({"values": values, "history": history}))
"""
APPROVE = """
import sys
from chiso.store.setup import open_store
open_store(sys.argv[1])
from chiso.store import models
models.Submission.objects.create(framework=models.Framework.objects.get(code="mini"),
                                 org_unit=models.OrgUnit.objects.get(code="66"), period="2025-06",
                                 status=models.SubmissionStatus.APPROVED)
"""


def store_url(tmp_path: Path, env: dict[str, str]) -> str:
    """A database the processes share: a SQLite file of their own, or this run's PostgreSQL test database."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'chiso.sqlite3'}"
        subprocess.run([*CHISO, "migrate", "--db", url], env=env, check=True, capture_output=True, timeout=300)
        return url
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def values_file(path: Path, units: range, text: str, extra: str = "") -> Path:
    rows = [f"mini,{code},{unit},{month},{text},,tệp {path.stem}" for unit in units for month in MONTHS
            for code in ("1.1", "1.2")]
    path.write_text("framework,indicator,unit,period,value,note,source\n" + "\n".join(rows) + "\n" + extra,
                    encoding="utf-8")
    return path


def units_file(path: Path) -> Path:
    communes = "\n".join(f"66{n:03d},Xã số {n},xã,66,," for n in range(1, 181))
    path.write_text(f"code,name,type,parent,valid_from,valid_to\n66,Tỉnh Đắk Lắk,tỉnh,,,\n{communes}\n",
                    encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_loads_at_the_same_time_each_complete_or_are_refused_whole(tmp_path: Path) -> None:
    env = {**os.environ, "CHISO_HOME": str(tmp_path / "home"), "COLUMNS": "300"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = store_url(tmp_path, env)
    setup = [DATA / "mini.yaml", units_file(tmp_path / "units.csv")]
    subprocess.run([*CHISO, "load", *map(str, setup), "--db", url], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", APPROVE, url], env=env, check=True, capture_output=True)
    files = {"a": values_file(tmp_path / "a.csv", range(66001, 66061), "111"),  # 60 units × 48 values
             "b": values_file(tmp_path / "b.csv", range(66041, 66101), "222"),  # 20 of them shared with a
             "c": values_file(tmp_path / "c.csv", range(66101, 66161), "333"),  # disjoint
             "d": values_file(tmp_path / "d.csv", range(66161, 66181), "444", "mini,1.1,66,2025-06,1,,\n")}

    running = {name: subprocess.Popen([*CHISO, "load", str(path), "--db", url], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True) for name, path in files.items()}
    outcome = {name: (p.wait(timeout=300), p.stdout.read() if p.stdout else "") for name, p in running.items()}
    snapshot = json.loads(subprocess.run([sys.executable, "-c", SNAPSHOT, url], env=env, check=True,
                                         capture_output=True, text=True).stdout)

    assert {name: code for name, (code, _) in outcome.items()} == {"a": 0, "b": 0, "c": 0, "d": 2}, outcome
    assert "kỳ đã được phê duyệt" in outcome["d"][1]
    values, kept = snapshot["values"], snapshot["history"]
    assert len(values) == 160 * 48  # a, b and c whole; nothing of d
    shared = {text for key, (text, _) in values.items() if 66041 <= int(key.split()[0]) <= 66060}
    assert shared in ({"111"}, {"222"})  # one load's values over the other's, never a mix
    assert all(len(kept[key]) == version and kept[key][-1][0] == text for key, (text, version) in values.items())
    assert sum(map(len, kept.values())) == 160 * 48 + 20 * 48  # one history row per change
