"""The `chiso` command: a thin layer over the core and the store. Each module registers its commands."""

from __future__ import annotations

from chiso.cli import (  # noqa: F401  (importing registers the commands)
    analysis,
    appendix,
    backup,
    completeness,
    data,
    demo,
    dossiers,
    exchange,
    indices,
    remind,
    report,
    rounds,
    synth,
    units,
    web,
)
from chiso.cli.app import app

__all__ = ["app"]
