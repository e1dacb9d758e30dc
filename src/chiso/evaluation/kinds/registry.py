"""The target kind registry. Built-in kinds and any added later register the same way::

    @register_kind
    class Percentile(TargetKindType):
        name, label = "percentile", "Phân vị"
        ...

A framework names a kind with ``kind:``; without it, the first registered kind whose shape the mapping
has is chosen, else ``qualitative``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from chiso.catalog.model import Indicator, TargetKind
from chiso.errors import InputError
from chiso.evaluation.kinds.base import TargetKindType

Kind = TypeVar("Kind", bound=type[TargetKindType])

_REGISTRY: dict[str, TargetKindType] = {}


def register_kind(cls: Kind) -> Kind:
    """Class decorator registering one instance of ``cls`` under ``cls.name``; a name is registered once."""
    if cls.name in _REGISTRY:
        raise ValueError(f"a target kind named {cls.name!r} is already registered")
    _REGISTRY[cls.name] = cls()
    return cls


def unregister_kind(name: str) -> None:
    """Remove the kind ``name`` (for plug-ins and tests that registered one)."""
    _REGISTRY.pop(name, None)


def kinds() -> list[TargetKindType]:
    """The registered kinds in registration order (built-ins first)."""
    return list(_REGISTRY.values())


def kind_named(name: str) -> TargetKindType:
    found = _REGISTRY.get(name)
    if found is None:
        raise InputError(f"loại chỉ tiêu «{name}» chưa được đăng ký", expected=", ".join(_REGISTRY))
    return found


def kind_for(raw: dict[str, Any], indicator: Indicator) -> TargetKindType:
    """The kind a target mapping names, or the one its shape shows."""
    if raw.get("kind") is not None:
        return kind_named(str(raw["kind"]).strip())
    found = next((k for k in _REGISTRY.values() if k.matches(raw, indicator)), None)
    return found or kind_named(TargetKind.QUALITATIVE)


def is_forecastable(name: str) -> bool:
    return kind_named(name).forecastable
