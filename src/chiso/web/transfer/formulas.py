"""A derived indicator's formula as an Excel formula, so a template shows its rates while it is filled offline.

The cell stays empty while an input is missing or a divisor is zero, as chiso computes it (missing is never
zero), and the result is rounded half up to the places the rate is reported with, as Excel's ROUND does.
"""

from __future__ import annotations

from collections.abc import Mapping

from chiso.formulas import Formula
from chiso.formulas.parser import Arithmetic, Call, Comparison, Negation, Node, Number, Reference


def excel_formula(formula: Formula, cells: Mapping[str, str], places: int) -> str | None:
    """``=IF(OR(D9="",D10=""),"",IFERROR(ROUND(D10/D9*100,2),""))``; None if a reference has no cell."""
    if isinstance(formula.tree, Comparison) or any(code not in cells for code in formula.references):
        return None
    body = f'IFERROR(ROUND({_expression(formula.tree, cells)},{places}),"")'
    if not formula.references:
        return f"={body}"
    blanks = ",".join(f'{cells[code]}=""' for code in formula.references)
    return f'=IF(OR({blanks}),"",{body})'


def _expression(node: Node, cells: Mapping[str, str]) -> str:
    if isinstance(node, Number):
        return format(node.value, "f")
    if isinstance(node, Reference):
        return cells[node.code]
    if isinstance(node, Negation):
        return f"-({_expression(node.operand, cells)})"
    if isinstance(node, Arithmetic):
        return f"({_expression(node.left, cells)}{node.operator}{_expression(node.right, cells)})"
    return _call(node, cells)


def _call(node: Call, cells: Mapping[str, str]) -> str:
    # chiso's functions (sum, min, max, abs, round) have Excel namesakes with the same arguments.
    arguments = ",".join(_expression(argument, cells) for argument in node.arguments)
    return f"{node.function.upper()}({arguments})"
