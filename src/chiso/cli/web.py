"""`chiso user add|token|unlock` and `chiso serve`: accounts and the web app."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from chiso.cli.app import DbOption, app, console, reports_errors
from chiso.cli.store import open_store
from chiso.errors import InputError, os_reason

users = typer.Typer(help="Tài khoản người dùng.", no_args_is_help=True)
app.add_typer(users, name="user")

DEMO_PASSWORD = "chiso-demo-2025"
UNIX_PATH_MAX = 107  # sizeof(sockaddr_un.sun_path) on Linux, less the final NUL
DEMO_ACCOUNTS = (  # username, role, unit: documented in the README, for the demo database only
    ("quantri", "admin", "66"),
    ("pheduyet", "approver", "66"),
    ("nhaplieu", "reporter", "66"),  # 643 ended on 30/06/2025: the demo's round asks the province
    ("xem", "viewer", "66"),
)


@users.command("add")
@reports_errors
def add(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    role: Annotated[str, typer.Option(help="admin, reporter, approver hoặc viewer.")],
    unit: Annotated[str, typer.Option(help="Mã đơn vị người dùng phụ trách (kể cả các đơn vị cấp dưới).")],
    password_file: Annotated[Path | None, typer.Option(help="Tệp chứa mật khẩu (dòng đầu).")] = None,
    email: Annotated[str, typer.Option(help="Thư điện tử.")] = "",
    db: DbOption = None,
) -> None:
    """Tạo hoặc cập nhật tài khoản, không hỏi gì. Mật khẩu lấy từ --password-file hoặc biến CHISO_PASSWORD."""
    password = _password(password_file)
    open_store(db)
    from chiso.web.accounts.services import add_user

    found = add_user(username, password, role, unit, email=email)
    console.print(f"Đã lưu tài khoản {username}: {found.get_role_display()}, {found.org_unit.name}.")


@users.command("token")
@reports_errors
def token(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    new: Annotated[bool, typer.Option("--new", help="Thu hồi mã cũ và tạo mã mới.")] = False,
    db: DbOption = None,
) -> None:
    """In mã xác thực API (token) của tài khoản, tạo mới nếu chưa có. Gửi kèm: «Authorization: Token <mã>»."""
    open_store(db)
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InputError(f"không có tài khoản «{username}»", expected="tên một tài khoản đã tạo bằng «chiso user add»")
    if new:
        Token.objects.filter(user=user).delete()
    found, _created = Token.objects.get_or_create(user=user)
    print(found.key)  # the key alone on stdout, so a script can read it: TOKEN=$(chiso user token quantri)


@users.command("unlock")
@reports_errors
def unlock(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    ip: Annotated[str | None, typer.Option(help="Chỉ mở khoá từ địa chỉ IP này (mặc định: mọi địa chỉ).")] = None,
    db: DbOption = None,
) -> None:
    """Mở khoá đăng nhập của tài khoản bị tạm khoá do nhập sai mật khẩu nhiều lần."""
    open_store(db)
    from axes.utils import reset

    count = reset(username=username, ip=ip)
    where = f" từ {ip}" if ip else ""
    console.print(f"Đã mở khoá đăng nhập cho «{username}»{where} (xoá {count} bản ghi đăng nhập sai).")


def _password(path: Path | None) -> str:
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else "tệp rỗng"
            raise InputError(f"không đọc được mật khẩu: {reason}", file=str(path)) from exc
    if os.environ.get("CHISO_PASSWORD"):
        return os.environ["CHISO_PASSWORD"]
    raise InputError("chưa có mật khẩu", column="--password-file",
                     expected="--password-file TỆP hoặc biến môi trường CHISO_PASSWORD")


def add_demo_accounts() -> None:
    from chiso.web.accounts.services import add_user

    for username, role, unit in DEMO_ACCOUNTS:
        add_user(username, DEMO_PASSWORD, role, unit, check_password=False)


@app.command()
@reports_errors
def serve(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng.")] = 8000,
    workers: Annotated[int, typer.Option(help="Số tiến trình phục vụ.")] = 2,
    db: DbOption = None,
) -> None:
    """Chạy ứng dụng web (gunicorn; tệp tĩnh do WhiteNoise phục vụ, không cần cài đặt thêm)."""
    open_store(db)
    run_server(host, port, workers)


def run_server(host: str, port: int, workers: int) -> None:
    from chiso.web.env import home

    console.print(f"chiso đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
    sys.stdout.flush()
    # exec: gunicorn takes over the process, so Ctrl+C and signals reach it directly.
    os.execv(sys.executable, gunicorn_command(home(), host, port, workers))


def gunicorn_command(chiso_home: Path, host: str, port: int, workers: int) -> list[str]:
    """Everything gunicorn writes goes under CHISO_HOME: its logs (gunicorn_conf) and its control socket."""
    socket = control_socket(chiso_home, port)
    return [sys.executable, "-m", "gunicorn", "chiso.web.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--graceful-timeout", "5", "--config", "python:chiso.web.gunicorn_conf",
            *(["--control-socket", str(socket)] if socket else ["--no-control-socket"])]


def control_socket(chiso_home: Path, port: int) -> Path | None:
    """The socket `gunicornc -s PATH` talks to, one per port (gunicorn's default is one for the whole account, in ~).

    None when the path is longer than a unix socket's address can hold: the server then runs without one.
    """
    path = chiso_home.absolute() / "run" / f"gunicorn-{port}.ctl"
    return path if len(os.fsencode(path)) <= UNIX_PATH_MAX else None
