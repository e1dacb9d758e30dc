"""Checks (``chiso check``): findings derived from a framework's formulas, relations, rules and types.

``run_checks(framework, values)`` runs every registered validator; ``register`` adds a kind of check.
"""

from chiso.checks.context import CheckContext, CheckSettings
from chiso.checks.finding import ERROR, WARNING, Finding
from chiso.checks.registry import Validator, register, unregister, validators
from chiso.checks.run import check_units, run_checks

__all__ = ["ERROR", "WARNING", "CheckContext", "CheckSettings", "Finding", "Validator", "register",
           "check_units", "run_checks", "unregister", "validators"]
