"""A finding: one thing ``chiso check`` found wrong, or worth a second look, in the reported values."""

from __future__ import annotations

from dataclasses import dataclass

from chiso.i18n import Phrase

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Finding:
    """What a check found for one indicator of one org unit in one period.

    ``expected`` and ``reported`` are canonical value texts (``19.12``, ``1168``, ``<=100``) so that
    findings compare and serialise exactly; ``message`` is for people and writes numbers the
    Vietnamese way (``1.247.855``, ``46,14``). It is written out from ``text`` when read, in the reader's
    language (``chiso.i18n``): a finding computed once, or kept in a cache, reads in Vietnamese or English.
    """

    rule: str
    severity: str
    framework: str
    indicator: str
    unit: str
    period: str
    text: Phrase
    expected: str | None = None
    reported: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def message(self) -> str:
        return self.text.render()

    def to_dict(self) -> dict[str, str | None]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "framework": self.framework,
            "indicator": self.indicator,
            "unit": self.unit,
            "period": self.period,
            "message": self.message,
            "expected": self.expected,
            "reported": self.reported,
        }
