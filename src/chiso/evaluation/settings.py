"""The ``settings.evaluation`` block of a framework, read as exact decimals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from chiso.catalog.model import Framework
from chiso.errors import InputError


@dataclass(frozen=True)
class EvaluationSettings:
    exceeded_margin: Decimal = Decimal(0)  # 0: any result strictly better than the target is exceeded
    on_track: Decimal | None = None  # forecast thresholds have no default: the province must choose them
    moderate: Decimal | None = None

    @property
    def has_thresholds(self) -> bool:
        return self.on_track is not None and self.moderate is not None


def evaluation_settings(framework: Framework) -> EvaluationSettings:
    raw = framework.settings.get("evaluation") or {}
    if not isinstance(raw, dict):
        raise InputError("settings.evaluation phải là một bảng khoá–giá trị",
                         expected="exceeded_margin, on_track, moderate")
    margin = _decimal(raw, "exceeded_margin")
    return EvaluationSettings(margin if margin is not None else Decimal(0),
                              _decimal(raw, "on_track"), _decimal(raw, "moderate"))


def _decimal(raw: dict[str, object], key: str) -> Decimal | None:
    if raw.get(key) is None:
        return None
    try:
        # str() first: a float set from code would otherwise bring binary noise into the thresholds
        return Decimal(str(raw[key]))
    except InvalidOperation as exc:
        raise InputError(f"settings.evaluation.{key} = «{raw[key]}» không phải là số",
                         expected="số thập phân, ví dụ 0.95") from exc
