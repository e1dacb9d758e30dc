"""Formulas of derived indicators and custom check rules: parsing, evaluation and dependencies.

``parse_formula("round({5.1.2} / {5.1.1} * 100, 2)")`` references ``5.1.2`` and ``5.1.1`` and, with 712
and 1543, evaluates to ``Decimal("46.14")``. ``check_formulas`` rejects unknown references and cycles;
``evaluation_order`` lists derived indicators so that each comes after those it references.
"""

from chiso.formulas.graph import check_formulas, evaluation_order
from chiso.formulas.parser import Formula, parse_formula

__all__ = ["Formula", "check_formulas", "evaluation_order", "parse_formula"]
