"""Validators by kind. Built-in checks and any added later register the same way::

    @register("unit_total", "Tổng các xã bằng số của huyện")
    def unit_total(ctx: CheckContext) -> Iterable[Finding]: ...

``run_checks`` runs every registered validator, or those of the kinds asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chiso.checks.context import CheckContext, CheckSettings
from chiso.checks.finding import Finding

__all__ = ["CheckContext", "CheckSettings", "Validator", "ValidatorFunction", "register", "unregister",
           "validator", "validators"]

ValidatorFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Validator:
    """A registered check: its kind (as named on the command line), a Vietnamese label, the function."""

    kind: str
    label: str
    function: ValidatorFunction

    def __call__(self, ctx: CheckContext) -> Iterable[Finding]:
        return self.function(ctx)


_REGISTRY: dict[str, Validator] = {}


def register(kind: str, label: str) -> Callable[[ValidatorFunction], ValidatorFunction]:
    """Decorator registering a validator of ``kind``; a kind is registered once, so none is shadowed."""

    def decorate(function: ValidatorFunction) -> ValidatorFunction:
        if kind in _REGISTRY:
            raise ValueError(f"a validator of kind {kind!r} is already registered")
        _REGISTRY[kind] = Validator(kind, label, function)
        return function

    return decorate


def unregister(kind: str) -> None:
    """Remove the validator of ``kind`` (for plug-ins and tests that registered one)."""
    _REGISTRY.pop(kind, None)


def validators() -> list[Validator]:
    """The registered validators, in registration order (built-ins first)."""
    return list(_REGISTRY.values())


def validator(kind: str) -> Validator | None:
    return _REGISTRY.get(kind)
