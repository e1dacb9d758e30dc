"""Stress tests: off by default, run with ``pytest -m stress`` (``make stress``).

pyproject's addopts deselect them with ``-m "not stress"``; a run that gives its own ``-m`` (the PostgreSQL
run's ``-m "not sqlite_only"``) replaces that, so they are deselected here too unless the expression names
them. Their figures are written to the terminal whether or not output is captured.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stress.served import Say, new_store


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "stress" in (config.getoption("markexpr") or ""):
        return
    stress = [item for item in items if item.get_closest_marker("stress") is not None]
    if stress:
        config.hook.pytest_deselected(items=stress)
        items[:] = [item for item in items if item.get_closest_marker("stress") is None]


@pytest.fixture
def say(request: pytest.FixtureRequest) -> Say:
    """Writes a line of figures to the terminal, past pytest's capture."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")

    def write(line: str) -> None:
        with capture.global_and_fixture_disabled():
            print(line, flush=True)

    return write


@pytest.fixture(scope="session")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store built once (migrated, shipped data, accounts), for each test to copy."""
    found = new_store(tmp_path_factory.mktemp("sqlite-store")).sqlite_file
    assert found is not None
    return found
