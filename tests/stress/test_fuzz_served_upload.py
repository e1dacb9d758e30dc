"""Hostile workbooks uploaded to the served app (gunicorn, two workers), as they were measured to hurt it:
4 M cells in some 160 KB held a worker for 30 s and 1,29 GB until gunicorn killed it; 400.000 cells in some
20 KB grew a worker by hundreds of MB that it kept. Each is now refused at once, and the workers' memory
stays where it was.
"""

from __future__ import annotations

import http.client
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hostile_xlsx import DATA_PART, META_PART, bomb_sheet, lying, part, replaced
from stress.served import Answer, Client, Say, form_fields, new_store, served

pytestmark = pytest.mark.stress

SECONDS = 5.0
GROWTH_MB = 60.0  # of a worker's peak resident memory over all the uploads


def multipart(client: Client, path: str, fields: dict[str, str], name: str, content: bytes) -> Answer:
    """A form with a file posted as a browser posts it."""
    boundary = uuid.uuid4().hex
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                    for key, value in fields.items())
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
             "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    address = urlsplit(client.base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=120)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": client.base + "/excel/",
               "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def workers_peak_mb(home: Path) -> dict[int, float]:
    """Each process serving the store under ``home`` (gunicorn's master and workers): its peak resident MB."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if f"CHISO_HOME={home}".encode() not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            status = (proc / "status").read_text()
        except OSError:
            continue
        peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        found[int(proc.name)] = int(peak.split()[1]) / 1024
    return found


def test_hostile_workbooks_leave_the_served_workers_alone(tmp_path: Path, say: Say) -> None:
    store = new_store(tmp_path / "store")
    with served(store) as base:
        client = Client(base)
        client.login("nhaplieu")
        fields = form_fields(client.get("/excel/").text)
        real = _template_bytes(client)
        files = {
            "4 M cells": replaced(real, {DATA_PART: bomb_sheet(40_000, 100)}),
            "400.000 cells": replaced(real, {DATA_PART: bomb_sheet(4_000, 100)}),
            "a size that lies": lying(replaced(real, {DATA_PART: bomb_sheet(40_000, 100)}), DATA_PART, 15_000),
            "a value in B1048576": replaced(real, {META_PART: part(real, META_PART).replace(
                b"</sheetData>", b'<row r="1048576"><c r="B1048576"><v>7</v></c></row></sheetData>')}),
        }
        before = workers_peak_mb(store.home)
        for label, content in files.items():
            for _ in range(3):  # each worker gets its turn
                started = time.perf_counter()
                answer = multipart(client, "/excel/tai-len/", fields | {"framework": "cqs", "unit": "643",
                                                                        "period": "2025S1"}, "mau.xlsx", content)
                seconds = time.perf_counter() - started
                assert answer.status == 400 and "Tệp «mau.xlsx»" in answer.text, (label, answer.status)
                assert seconds < SECONDS, (label, seconds)
            say(f"served upload, {label} ({len(content) // 1024} KB): refused in {seconds * 1000:.0f} ms")
        after = workers_peak_mb(store.home)
    growth = max(after[pid] - before.get(pid, after[pid]) for pid in after)
    say(f"served upload: workers' peak resident memory {max(before.values()):.0f} → {max(after.values()):.0f} MB")
    assert growth < GROWTH_MB


def _template_bytes(client: Client) -> bytes:
    address = urlsplit(client.base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
    try:
        connection.request("GET", "/excel/mau/cqs/643/2025S1.xlsx",
                           headers={"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())})
        return connection.getresponse().read()
    finally:
        connection.close()
