"""The tables of a store at a given set of migrations, and bringing a database to that set and back up.

A backup reads and a restore writes a store with the models of the migrations applied to it (Django's
historical models), not today's: so a store that is behind can be backed up before ``chiso migrate``, and
a backup made by an older chiso is restored into the schema it was made with, then migrated forward by
the same migrations, data migrations included, that an upgrade in place would run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps.registry import Apps
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections
from django.db import models as db
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

Migration = tuple[str, str]

# Sessions are not kept: a restored store signs everyone in again.
LEFT_OUT = frozenset({"django_session"})
# Tables `chiso migrate` fills by itself: rows there do not make a store non-empty.
MADE_BY_MIGRATE = frozenset({"django_migrations", "django_content_type", "auth_permission", *LEFT_OUT})


@dataclass(frozen=True)
class Table:
    name: str
    model: type[db.Model]
    fields: list[db.Field]  # type: ignore[type-arg]

    @property
    def label(self) -> str:
        return str(self.model._meta.label_lower)

    @property
    def columns(self) -> list[str]:
        return [str(f.column) for f in self.fields]


def applied(using: str) -> set[Migration]:
    """The migrations recorded in the database (none when it has no tables yet)."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return set()
    return set(recorder.applied_migrations())


def loader(using: str | None = None) -> MigrationLoader:
    return MigrationLoader(connections[using] if using else None, ignore_no_migrations=True)


def unknown(migrations: Iterable[Migration], known: MigrationLoader) -> list[Migration]:
    """The migrations this chiso does not have (made by a newer one), in order."""
    return sorted(m for m in migrations if m not in known.disk_migrations)


def ahead_of_code(using: str) -> list[Migration]:
    """Migrations of chiso's own apps that the database has and this chiso lacks: a newer chiso migrated it."""
    found = loader(using)
    return [m for m in unknown(applied(using), found) if m[0] in found.migrated_apps]


def state_apps(migrations: Iterable[Migration], known: MigrationLoader) -> Apps:
    """The models as they are once exactly these migrations are applied."""
    nodes = set(migrations) & set(known.graph.nodes)
    leaves = [n for n in sorted(nodes) if not any(child in nodes for child in known.graph.node_map[n].children)]
    return known.project_state(nodes=leaves, at_end=True).apps


def tables(apps: Apps) -> list[Table]:
    """Every table of those models but the left-out ones, once each (proxies share their concrete table)."""
    found: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in LEFT_OUT or meta.db_table in found:
            continue
        found[meta.db_table] = Table(meta.db_table, model, list(meta.concrete_fields))
    return [found[name] for name in sorted(found)]


def migrate_to(using: str, migrations: Iterable[Migration]) -> None:
    """Applies or unapplies migrations until the database has exactly these (and their dependencies)."""
    wanted = set(migrations)
    executor = MigrationExecutor(connections[using])
    graph = executor.loader.graph
    targets: list[tuple[str, str | None]] = []
    for app in sorted({key[0] for key in graph.nodes}):
        mine = {n for n in wanted if n[0] == app}
        last = [n for n in mine if not any(c in mine for c in graph.node_map[n].children)]
        targets.append(max(last) if last else (app, None))
    executor.migrate(targets, plan=executor.migration_plan(targets))


def migrate_latest(using: str) -> None:
    """Every migration applied, then what `migrate` adds after them (content types, permissions of new models)."""
    executor = MigrationExecutor(connections[using])
    targets = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=using)
