"""Errors the core raises. Every input error names where it happened and what was expected."""

from __future__ import annotations

import errno


class ChisoError(Exception):
    """Base class of every error chiso reports to a user."""


class InputError(ChisoError):
    """Bad input: names the file, line, column and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.expected = expected

    def located(self, *, file: str | None = None, line: int | None = None,
                column: str | None = None) -> InputError:
        """A copy with the missing parts of the location filled in."""
        return InputError(
            self.message,
            file=self.file or file,
            line=self.line if self.line is not None else line,
            column=self.column or column,
            expected=self.expected,
        )

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"tệp {self.file}")
        if self.line is not None:
            where.append(f"dòng {self.line}")
        if self.column:
            kind = "tùy chọn" if self.column.startswith("--") else "cột"
            where.append(f"{kind} «{self.column}»")
        text = ", ".join(where)
        text = f"{text}: {self.message}" if text else self.message
        if self.expected:
            text += f" (cần: {self.expected})"
        return text


_OS_REASONS = {
    errno.ENOENT: "thư mục hoặc tệp không tồn tại",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đường dẫn là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.ENOSPC: "hết chỗ trên đĩa",
    errno.EROFS: "hệ thống tệp chỉ cho đọc",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Vietnamese, for the common cases a user can fix."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


class InputErrors(ChisoError):
    """Several input errors found in one pass, so a user can fix a file in one go."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(map(str, self.errors))
