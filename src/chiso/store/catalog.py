"""Frameworks in the store: their YAML text is the definition, parsed once per text and only when asked for."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.store import models

_parsed: dict[tuple[str, str], Framework] = {}


class StoredFrameworks(Mapping[str, Framework]):
    """The stored frameworks by code; a framework is parsed the first time it is looked up (a command that
    reads one framework does not pay for the others)."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources

    def __getitem__(self, code: str) -> Framework:
        source = self._sources[code]
        if (code, source) not in _parsed:
            _parsed[code, source] = load_framework(source, file=f"{code} (kho)")
        return _parsed[code, source]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, code: object) -> bool:
        return code in self._sources


def frameworks() -> StoredFrameworks:
    """Every stored framework by code."""
    return StoredFrameworks(dict(models.Framework.objects.values_list("code", "source")))


def save_framework(framework: Framework) -> None:
    models.Framework.objects.update_or_create(
        code=framework.code, defaults={"title": framework.title, "source": framework.source_text})
