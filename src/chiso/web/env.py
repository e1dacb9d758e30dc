"""Typed helpers that read chiso's settings from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def home() -> Path:
    default = Path.home() / ".local" / "share" / "chiso"
    return Path(os.environ.get("CHISO_HOME") or default).expanduser()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    return default if not raw else [item.strip() for item in raw.split(",") if item.strip()]


def env_seconds(name: str, default: float) -> float:
    raw = (os.environ.get(name) or "").strip()
    try:
        seconds = float(raw.replace(",", ".")) if raw else default
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 86400:
        raise ImproperlyConfigured(f"{name}={raw!r}: cần một số giây từ 0 đến 86399, ví dụ 20")
    return seconds


def env_int(name: str, default: int, low: int, high: int) -> int:
    raw = (os.environ.get(name) or "").strip()
    try:
        number = int(raw) if raw else default
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise ImproperlyConfigured(f"{name}={raw!r}: cần một số nguyên từ {low} đến {high}")
    return number


# Short names of Django's mail backends for CHISO_EMAIL_BACKEND; a dotted path is taken as written.
EMAIL_BACKENDS = {name: f"django.core.mail.backends.{module}.EmailBackend" for name, module in (
    ("console", "console"), ("file", "filebased"), ("smtp", "smtp"), ("locmem", "locmem"), ("dummy", "dummy"))}


def email_backend(name: str) -> str:
    """CHISO_EMAIL_BACKEND: console (the default: mail printed on standard output, nothing sent), file, smtp,
    or a backend's dotted path."""
    if "." in name:
        return name
    if name not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(f"CHISO_EMAIL_BACKEND={name!r}: cần console, file, smtp hoặc đường dẫn một backend")
    return EMAIL_BACKENDS[name]


def default_database_url(chiso_home: Path) -> str:
    return f"sqlite:///{chiso_home / 'chiso.sqlite3'}"


# How long a SQLite transaction waits for the write lock held by another process before giving up (seconds).
SQLITE_BUSY_TIMEOUT = 20.0

# Several processes write one SQLite file (gunicorn's workers, `chiso load`, the dossiers command):
# - WAL: readers never wait for the writer, nor the writer for readers (set once, kept in the file);
# - IMMEDIATE: a transaction takes the write lock when it begins. A deferred one reads first and asks for
#   the lock at its first write; should another process hold it by then, SQLite refuses at once ("database
#   is locked") rather than wait, as waiting could deadlock. Taken at the start, the lock is waited for, and
#   writing transactions run one after another, each reading what the one before it committed: the check
#   of a version and the write that follows it cannot be interleaved with another write.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL"}


def database_config(chiso_home: Path) -> dict[str, Any]:
    """The database of the web app and of the command line alike (settings.DATABASES["default"])."""
    url = os.environ.get("CHISO_DATABASE_URL") or default_database_url(chiso_home)
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {**SQLITE_OPTIONS, "timeout": env_seconds("CHISO_SQLITE_BUSY_TIMEOUT", SQLITE_BUSY_TIMEOUT)}
        config["CONN_MAX_AGE"] = 0
    return config


def secret_key(chiso_home: Path) -> str:
    """From CHISO_SECRET_KEY(_FILE); otherwise generated once and kept beside the data, never in the repo."""
    if os.environ.get("CHISO_SECRET_KEY"):
        return os.environ["CHISO_SECRET_KEY"]
    if os.environ.get("CHISO_SECRET_KEY_FILE"):
        return Path(os.environ["CHISO_SECRET_KEY_FILE"]).read_text().strip()
    path = chiso_home / "secret_key"
    if not path.exists():
        chiso_home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
