"""How formulas depend on each other: unknown references, cycles, and the order to evaluate them in."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from chiso.errors import InputError
from chiso.formulas.parser import Formula


def check_formulas(formulas: Mapping[str, Formula], known_codes: Collection[str]) -> None:
    """Raise InputError for a reference to an indicator that does not exist, or for a cycle of formulas.

    ``formulas`` maps an indicator's code to its formula; derived indicators count as known codes.
    """
    known = set(known_codes) | set(formulas)
    for code, formula in formulas.items():
        _check_references(code, formula, known)
    evaluation_order(formulas)


def _check_references(code: str, formula: Formula, known: set[str]) -> None:
    unknown = [reference for reference in formula.references if reference not in known]
    if unknown:
        listed = ", ".join(f"{{{reference}}}" for reference in unknown)
        raise InputError(f"chỉ tiêu {code}: công thức tham chiếu chỉ tiêu không tồn tại {listed}",
                         expected="mã của một chỉ tiêu có trong bộ chỉ tiêu")


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """The codes of ``formulas``, each after every formula it references; InputError on a cycle."""
    done: dict[str, None] = {}  # a dict keeps insertion order and answers "in" at once
    for code in formulas:
        _visit(code, formulas, [], done)
    return list(done)


def _visit(code: str, formulas: Mapping[str, Formula], path: list[str], done: dict[str, None]) -> None:
    if code in done or code not in formulas:
        return
    if code in path:
        cycle = " → ".join([*path[path.index(code):], code])
        raise InputError(f"vòng lặp công thức: {cycle}",
                         expected="công thức không dựa, trực tiếp hay gián tiếp, vào chính chỉ tiêu của nó")
    path.append(code)
    for reference in formulas[code].references:
        _visit(reference, formulas, path, done)
    path.pop()
    done[code] = None
