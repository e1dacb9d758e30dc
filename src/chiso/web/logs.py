"""Where the web app writes what went wrong: CHISO_HOME/logs/, and stderr.

- chiso.log: every server error (and security warnings, lockouts), one JSON object a line: time, level,
  logger, message, the request's method, path, user id and status, the exception with its traceback.
- gunicorn.log and access.log: gunicorn's own lines, when served by `chiso serve`.

Each file is rotated at LOG_BYTES and keeps LOG_BACKUPS old ones; gunicorn's workers share them, so the
handler locks the file (concurrent-log-handler) rather than each process rotating on its own. Nothing that
carries a secret is written: no query string, body, header or cookie (where passwords, tokens and session
ids travel), and a traceback holds source lines, never local variables.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from django.http import HttpRequest

LOG_BYTES = 10 * 1024 * 1024
LOG_BACKUPS = 5
HANDLER = "concurrent_log_handler.ConcurrentRotatingFileHandler"
# Security warnings (a bad Host header, a CSRF failure) and lockouts are worth reading beside the errors.
DJANGO_LOGGERS = {"django.request": "ERROR", "django.security": "WARNING", "axes": "WARNING", "chiso": "WARNING"}
GUNICORN_FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
            "process": record.process}
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            entry |= {"method": request.method, "path": request.path, "user_id": _user_id(request)}
        status = getattr(record, "status_code", None)  # given by Django with the request
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry |= _exception(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _user_id(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)  # absent when the failure came before AuthenticationMiddleware
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # the failure may be the database itself: the record is written without the user
        return None


def _exception(exc_info: ExcInfo) -> dict[str, str]:
    kind, error, _tb = exc_info
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    return {"exception": name, "exception_message": str(error),
            "traceback": "".join(traceback.format_exception(*exc_info))}


def django_logging(logs: Path) -> dict[str, Any]:
    """settings.LOGGING: the loggers above, to chiso.log and stderr."""
    logs.mkdir(parents=True, exist_ok=True)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"file": _rotating(logs / "chiso.log", "json"),
                     "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}},
        "loggers": {name: {"handlers": ["file", "stderr"], "level": level, "propagate": False}
                    for name, level in DJANGO_LOGGERS.items()},
    }


def gunicorn_logging(logs: Path) -> dict[str, Any]:
    """gunicorn's logconfig_dict: its errors to stderr and gunicorn.log, each request to stdout and access.log."""
    logs.mkdir(parents=True, exist_ok=True)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"generic": {"format": GUNICORN_FORMAT, "datefmt": "[%Y-%m-%d %H:%M:%S %z]"},
                       "access": {"format": "%(message)s"}},
        "handlers": {
            "error_console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "generic"},
            "error_file": _rotating(logs / "gunicorn.log", "generic"),
            "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "access"},
            "access_file": _rotating(logs / "access.log", "access")},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console", "error_file"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console", "access_file"], "propagate": False}},
        "root": {"level": "WARNING", "handlers": ["error_console"]},
    }


def _rotating(path: Path, formatter: str) -> dict[str, Any]:
    return {"class": HANDLER, "filename": str(path), "maxBytes": LOG_BYTES, "backupCount": LOG_BACKUPS,
            "encoding": "utf-8", "formatter": formatter}
