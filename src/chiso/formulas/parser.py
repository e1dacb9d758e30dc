"""Formulas of derived indicators (``{5.1.2} / {5.1.1} * 100``): parsed by a grammar, evaluated in Decimal.

Formulas come from framework files anyone may edit, so they are parsed, never handed to ``eval``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TypeAlias

from lark import Lark, Token, Transformer, UnexpectedInput, UnexpectedToken, v_args
from lark.exceptions import VisitError

from chiso.errors import InputError

Values: TypeAlias = Mapping[str, Decimal | None]

_GRAMMAR = r"""
?start: sum
      | sum COMPARATOR sum                  -> compare

?sum: product
    | sum "+" product                       -> add
    | sum "-" product                       -> sub

?product: unary
        | product "*" unary                 -> mul
        | product "/" unary                 -> div

?unary: atom
      | "-" unary                           -> neg

?atom: NUMBER                               -> number
     | REF                                  -> reference
     | NAME "(" sum ("," sum)* ")"          -> call
     | "(" sum ")"

COMPARATOR: /<=|>=|==|!=|<|>/
NUMBER: /[0-9]+(\.[0-9]+)?/
// Anything between braces is a reference, so that "{}" or "{5..1}" is reported as a bad code.
REF: /\{[^{}]*\}/
NAME: /[A-Za-z_][A-Za-z0-9_]*/

%ignore /\s+/
"""

_PARSER = Lark(_GRAMMAR, parser="lalr")

_CODE = re.compile(r"[A-Za-z0-9]+(\.[A-Za-z0-9]+)*")

# decimal128's 34 digits, well above 28, so that rounding for a report is the only rounding anyone sees.
_CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN)

_MAX_ROUND_DIGITS = 15

# Names of the grammar's terminals as a user would say them, in the order they are listed.
_TERMINALS = {
    "NUMBER": "số",
    "REF": "{mã chỉ tiêu}",
    "NAME": "hàm",
    "LPAR": "«(»",
    "PLUS": "«+»",
    "MINUS": "«-»",
    "STAR": "«*»",
    "SLASH": "«/»",
    "COMPARATOR": "phép so sánh",
    "COMMA": "«,»",
    "RPAR": "«)»",
    "$END": "hết công thức",
}


# --- The tree ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: Decimal

    def evaluate(self, values: Values) -> Decimal | None:
        return self.value

    def codes(self) -> Iterator[str]:
        return iter(())


@dataclass(frozen=True)
class Reference:
    code: str

    def evaluate(self, values: Values) -> Decimal | None:
        return values.get(self.code)

    def codes(self) -> Iterator[str]:
        yield self.code


@dataclass(frozen=True)
class Negation:
    operand: Node

    def evaluate(self, values: Values) -> Decimal | None:
        value = self.operand.evaluate(values)
        return None if value is None else -value

    def codes(self) -> Iterator[str]:
        return self.operand.codes()


def _divide(left: Decimal, right: Decimal) -> Decimal | None:
    return None if right == 0 else left / right


_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal | None]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _divide,
}


@dataclass(frozen=True)
class Arithmetic:
    operator: str
    left: Node
    right: Node

    def evaluate(self, values: Values) -> Decimal | None:
        left, right = self.left.evaluate(values), self.right.evaluate(values)
        if left is None or right is None:
            return None
        return _ARITHMETIC[self.operator](left, right)

    def codes(self) -> Iterator[str]:
        yield from self.left.codes()
        yield from self.right.codes()


def _round(value: Decimal, digits: Decimal) -> Decimal:
    # Half up, as reports are rounded by hand: 46.145 → 46.15, not the banker's 46.14.
    return value.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _Function:
    minimum: int
    maximum: int | None
    apply: Callable[[Sequence[Decimal]], Decimal]


_FUNCTIONS = {
    "sum": _Function(1, None, lambda args: sum(args, Decimal(0))),
    "min": _Function(1, None, lambda args: min(args)),
    "max": _Function(1, None, lambda args: max(args)),
    "abs": _Function(1, 1, lambda args: abs(args[0])),
    "round": _Function(2, 2, lambda args: _round(args[0], args[1])),
}


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple[Node, ...]

    def evaluate(self, values: Values) -> Decimal | None:
        arguments = [argument.evaluate(values) for argument in self.arguments]
        present = [argument for argument in arguments if argument is not None]
        # A missing argument is never read as zero: sum(712, missing) is unknown, not 712.
        if len(present) < len(arguments):
            return None
        return _FUNCTIONS[self.function].apply(present)

    def codes(self) -> Iterator[str]:
        for argument in self.arguments:
            yield from argument.codes()


Node: TypeAlias = Number | Reference | Negation | Arithmetic | Call

_COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Comparison:
    operator: str
    left: Node
    right: Node

    def evaluate(self, values: Values) -> bool | None:
        left, right = self.left.evaluate(values), self.right.evaluate(values)
        if left is None or right is None:
            return None
        return _COMPARISONS[self.operator](left, right)

    def codes(self) -> Iterator[str]:
        yield from self.left.codes()
        yield from self.right.codes()


# --- The formula ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A parsed formula. Two formulas are equal when their texts are."""

    text: str
    tree: Node | Comparison = field(repr=False, compare=False)
    references: tuple[str, ...] = field(repr=False, compare=False)

    @property
    def is_comparison(self) -> bool:
        return isinstance(self.tree, Comparison)

    def evaluate(self, values: Values) -> Decimal | bool | None:
        """The value, or None when a referenced value is missing or a divisor is zero."""
        with localcontext(_CONTEXT):
            return self.tree.evaluate(values)

    def __str__(self) -> str:
        return self.text


def parse_formula(text: str) -> Formula:
    """Parse ``text``; if it is not a formula, raise InputError naming the position and the offending text."""
    if not text.strip():
        raise InputError(f"công thức «{text}»: công thức rỗng", expected=_describe(["NUMBER", "REF", "NAME"]))
    tree = _build(text)
    return Formula(text=text, tree=tree, references=tuple(dict.fromkeys(tree.codes())))


# --- Parsing ----------------------------------------------------------------------------------------------


class _Rejected(Exception):
    """A well-formed part that is still wrong (an unknown function, a bad code); the caller adds the text."""

    def __init__(self, detail: str, expected: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.expected = expected


def _build(text: str) -> Node | Comparison:
    try:
        tree: Node | Comparison = _Builder().transform(_PARSER.parse(text))
    except UnexpectedInput as error:
        raise _syntax_error(text, error) from None
    except VisitError as error:
        if isinstance(error.orig_exc, _Rejected):
            rejected = error.orig_exc
            raise InputError(f"công thức «{text}»: {rejected.detail}", expected=rejected.expected) from None
        raise
    return tree


def _at(token: Token) -> str:
    return f"ở ký tự {(token.start_pos or 0) + 1}"


@v_args(inline=True)
class _Builder(Transformer[Token, "Node | Comparison"]):
    def number(self, token: Token) -> Number:
        return Number(Decimal(token))

    def reference(self, token: Token) -> Reference:
        code = token[1:-1]
        if not code:
            raise _Rejected(f"mã chỉ tiêu rỗng «{token}» {_at(token)}", "mã chỉ tiêu, ví dụ {5.1.2}")
        if not _CODE.fullmatch(code):
            raise _Rejected(f"mã chỉ tiêu không hợp lệ «{token}» {_at(token)}",
                            "chữ và số cách nhau bởi dấu chấm, ví dụ {5.1.2} hay {III.5}")
        return Reference(code)

    def neg(self, operand: Node) -> Negation:
        return Negation(operand)

    def add(self, left: Node, right: Node) -> Arithmetic:
        return Arithmetic("+", left, right)

    def sub(self, left: Node, right: Node) -> Arithmetic:
        return Arithmetic("-", left, right)

    def mul(self, left: Node, right: Node) -> Arithmetic:
        return Arithmetic("*", left, right)

    def div(self, left: Node, right: Node) -> Arithmetic:
        return Arithmetic("/", left, right)

    def call(self, name: Token, *arguments: Node) -> Call:
        function = _function(name)
        _check_arity(name, function, len(arguments))
        if name.lower() == "round":
            _check_round_digits(name, arguments[1])
        return Call(name.lower(), arguments)

    def compare(self, left: Node, comparator: Token, right: Node) -> Comparison:
        return Comparison(str(comparator), left, right)


def _function(name: Token) -> _Function:
    function = _FUNCTIONS.get(name.lower())
    if function is None:
        raise _Rejected(f"hàm không tồn tại «{name}» {_at(name)}",
                        "một trong các hàm " + ", ".join(_FUNCTIONS))
    return function


def _check_arity(name: Token, function: _Function, count: int) -> None:
    if function.minimum <= count <= (function.maximum or count):
        return
    at_least = function.maximum is None
    wanted = f"ít nhất {function.minimum} đối số" if at_least else f"đúng {function.maximum} đối số"
    raise _Rejected(f"hàm «{name}» {_at(name)} nhận {count} đối số", wanted)


def _check_round_digits(name: Token, digits: Node) -> None:
    # A literal, so that a bad number of digits is caught when the framework is loaded, not mid-report.
    if isinstance(digits, Number) and digits.value in range(_MAX_ROUND_DIGITS + 1):
        return
    raise _Rejected(f"hàm «{name}» {_at(name)}: số chữ số thập phân phải là một số nguyên viết sẵn",
                    f"round(x, n) với n từ 0 đến {_MAX_ROUND_DIGITS}, ví dụ round({{5.1.2}} * 100, 2)")


def _syntax_error(text: str, error: UnexpectedInput) -> InputError:
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        position, where = len(text), ": công thức kết thúc giữa chừng"
    else:
        position = error.pos_in_stream or 0
        offending = _offending(text, error, position)
        where = f" ở ký tự {position + 1} («{offending}»){_HINTS.get(offending, '')}"
    return InputError(f"công thức «{text}»: lỗi cú pháp{where}{_bracket_hint(text)}",
                      expected=_describe(_expected_at(text, position)))


# Mistakes common enough to explain: a code without braces, a Vietnamese decimal comma.
_HINTS = {
    ".": ", mã chỉ tiêu phải đặt trong ngoặc nhọn, ví dụ {5.1.2}",
    ",": ", số thập phân viết với dấu chấm, ví dụ 0.5",
}


def _offending(text: str, error: UnexpectedInput, position: int) -> str:
    if isinstance(error, UnexpectedToken):
        return str(error.token)
    return text[position]


def _expected_at(text: str, position: int) -> set[str]:
    """What could have come at ``position``.

    Lark's own list is taken after the bad token forced reductions, which drops choices (after
    ``({5.1.2} + 1`` it omits ``*``); stepping the parser up to the position and asking there does not.
    """
    parser = _PARSER.parse_interactive(text)
    try:
        for token in parser.iter_parse():
            if token.start_pos is not None and token.start_pos >= position:
                break
    except UnexpectedInput:
        pass  # the lexer stopped at the bad character, leaving the parser where it was before it
    # Lark leaves accepts() unannotated; it returns the names of terminals.
    accepted: set[str] = parser.accepts()  # type: ignore[no-untyped-call]
    return accepted


def _bracket_hint(text: str) -> str:
    for opening, closing in ("(", ")"), ("{", "}"):
        opened, closed = text.count(opening), text.count(closing)
        if opened > closed:
            return f", thiếu «{closing}» (có {opened} dấu «{opening}» nhưng chỉ {closed} dấu «{closing}»)"
        if closed > opened:
            return f", thừa «{closing}» (có {closed} dấu «{closing}» nhưng chỉ {opened} dấu «{opening}»)"
    return ""


def _describe(terminals: Collection[str]) -> str:
    labels = [label for name, label in _TERMINALS.items() if name in terminals]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " hoặc " + labels[-1]
