"""Frameworks in the store: their YAML text is the definition, parsed once per text and only when asked for."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.store import models

_parsed: dict[tuple[str, str, str], Framework] = {}


class StoredFrameworks(Mapping[str, Framework]):
    """The stored frameworks by code; a framework is parsed the first time it is looked up (a command that
    reads one framework does not pay for the others). Each carries the admin's choice of official source."""

    def __init__(self, sources: dict[str, str], official: Mapping[str, str] | None = None) -> None:
        self._sources = sources
        self._official = official or {}

    def __getitem__(self, code: str) -> Framework:
        source, official = self._sources[code], self._official.get(code, "")
        if (code, source, official) not in _parsed:
            parsed = load_framework(source, file=f"{code} (kho)")
            _parsed[code, source, official] = replace(parsed, chosen_official=official) if official else parsed
        return _parsed[code, source, official]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, code: object) -> bool:
        return code in self._sources


def frameworks() -> StoredFrameworks:
    """Every stored framework by code."""
    rows = models.Framework.objects.values_list("code", "source", "official_origin")
    found = list(rows)
    return StoredFrameworks({code: source for code, source, _ in found},
                            {code: official for code, _, official in found if official})


def save_framework(framework: Framework) -> None:
    models.Framework.objects.update_or_create(
        code=framework.code, defaults={"title": framework.title, "source": framework.source_text})
