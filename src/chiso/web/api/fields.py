"""The fields clients' data is read with: strict about JSON types, strict about empty query parameters.

DRF's own fields coerce: a CharField takes 5 for "5", an IntegerField takes "5" for 5, and an optional query
parameter sent empty (``?unit=``) is taken as not sent, so a program that lost a value would get everything.
The fields here refuse each of these, in Vietnamese, as the OpenAPI document describes them.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import ProhibitSurrogateCharactersValidator
from rest_framework.utils import html

from chiso.errors import InputError
from chiso.periods import Period

MESSAGES = {
    "required": "Trường này là bắt buộc.",
    "blank": "Trường này không được bỏ trống.",
    "null": "Trường này không được để null.",
    "invalid": "Cần một chuỗi ký tự.",
    "max_length": "Dài quá {max_length} ký tự.",
    "min_length": "Cần ít nhất {min_length} ký tự.",
    "max_value": "Không được lớn hơn {max_value}.",
    "min_value": "Không được nhỏ hơn {min_value}.",
    "max_string_length": "Số quá lớn.",
    "empty": "Để trống: hãy bỏ hẳn tham số nếu không dùng, hoặc ghi một giá trị.",
}
_TEXT = {**MESSAGES, "type": "Cần một chuỗi ký tự, không phải {kind}."}
_WHOLE = {**MESSAGES, "invalid": "Cần một số nguyên.", "type": "Cần một số nguyên, không phải {kind}."}
_KINDS = ((bool, "true/false"), (int, "số"), (float, "số"), (str, "chuỗi ký tự"), (list, "danh sách"),
          (dict, "đối tượng"))
MAX_VERSION = 2**31 - 1  # the largest PositiveIntegerField every supported database stores
PERIOD_PATTERN = "^[0-9]{4}([SsQq][0-9]|-[0-9]{2}|[Mm]0?1-[0-9]{1,2})?$"  # as in catalog/schema/framework.schema.json
_EMPTY = object()  # an optional query parameter sent without a value


def kind(data: object) -> str:
    """What a JSON value is, in Vietnamese (bool before int: True is an int in Python)."""
    return next((name for python, name in _KINDS if isinstance(data, python)), "null")


class Input(serializers.Serializer):  # type: ignore[misc]
    """What a request's data is read with: a body that is no object is refused in Vietnamese."""

    default_error_messages = {"invalid": "Dữ liệu không hợp lệ: cần một đối tượng (JSON object hoặc biểu mẫu), "
                                         "không phải {datatype}."}


class Query(Input):
    """Read from the query string: an optional parameter sent empty is refused rather than taken as absent."""


class Strict:
    """Refuses ``?name=`` for an optional parameter of a Query, which DRF would drop as if it was not sent."""

    field_name: str
    required: bool

    def get_value(self, dictionary: Any) -> Any:
        empty = html.is_html_input(dictionary) and dictionary.get(self.field_name) == ""
        if empty and not self.required and isinstance(getattr(self, "parent", None), Query):
            return _EMPTY
        return super().get_value(dictionary)  # type: ignore[misc]

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data is _EMPTY:
            self.fail("empty")  # type: ignore[attr-defined]
        return super().run_validation(data)  # type: ignore[misc]


class Text(Strict, serializers.CharField):  # type: ignore[misc]
    """A string and nothing else, whose refusals, even of NUL or surrogate characters, are in Vietnamese.

    Set in __init__ because DRF copies a serializer's fields by building them again from their arguments.
    """

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("allow_blank", False):
            kwargs.setdefault("min_length", 1)  # refused as blank; so described in the OpenAPI document
        super().__init__(error_messages=_TEXT, **kwargs)
        for validator in self.validators:
            if isinstance(validator, ProhibitNullCharactersValidator):
                validator.message = "Không được chứa ký tự NUL (\\x00)."
            if isinstance(validator, ProhibitSurrogateCharactersValidator):
                validator.message = "Không được chứa ký tự thay thế (surrogate) U+{code_point:X}."

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("type", kind=kind(data))
        found: str = super().to_internal_value(data)
        return found


def text(max_length: int | None = None, **kwargs: Any) -> Text:
    return Text(max_length=max_length, **kwargs)


class Whole(Strict, serializers.IntegerField):  # type: ignore[misc]
    """An integer: in a JSON body a number, never a string or true/false; in a query string its digits."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=_WHOLE, **kwargs)

    def to_internal_value(self, data: object) -> int:
        textual = isinstance(data, str) and isinstance(getattr(self, "parent", None), Query)
        if isinstance(data, bool) or (isinstance(data, str | list | dict) and not textual):
            self.fail("type", kind=kind(data))
        found: int = super().to_internal_value(data)
        return found


def version_field() -> Whole:
    return Whole(required=False, min_value=0, max_value=MAX_VERSION,
                 help_text="Phiên bản đã đọc (0: chưa có giá trị). Khác phiên bản đang lưu → 409, không lưu gì.")


class Choice(Strict, serializers.ChoiceField):  # type: ignore[misc]
    """One of a few words, the choices named when another is sent."""

    def __init__(self, choices: list[str], **kwargs: Any) -> None:
        listed = ", ".join(choices[:-1]) + f" hoặc {choices[-1]}" if len(choices) > 1 else choices[0]
        super().__init__(choices=choices, error_messages={
            **MESSAGES, "invalid_choice": f"«{{input}}» không phải lựa chọn hợp lệ (cần: {listed})."}, **kwargs)


@extend_schema_field({"type": "string", "pattern": PERIOD_PATTERN})
class PeriodField(Text):
    """A period code, read into its canonical form (2025s1 → 2025S1), refused with the core's own message."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=10, trim_whitespace=False, **kwargs)

    def to_internal_value(self, data: object) -> str:
        code = super().to_internal_value(data)
        if code != code.strip():  # the pattern has no room for it, though the core's reading of a file allows it
            raise serializers.ValidationError(f"Mã kỳ «{code}» có khoảng trắng ở đầu hoặc cuối (cần: 2024, "
                                              "2025S1, 2025Q2, 2025-06 hoặc 2024M1-9).")
        return period_code(code)


def period_code(code: str) -> str:
    try:
        return Period.parse(code).code
    except InputError as exc:
        raise serializers.ValidationError(f"{exc}.") from None
