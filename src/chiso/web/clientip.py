"""The client's address, as django-axes counts failed logins by it: the connection's, or a trusted proxy's word.

X-Forwarded-For is written by whoever sends the request, so it is read only when the connection comes from a
proxy named in CHISO_TRUSTED_PROXIES (addresses or networks), and then from the right: the right-most address
that no trusted proxy added is the client, whatever was written before it. django-ipware is not used: it
matches its trusted proxies against the header's own entries, not the connection, so a client reaching the
server directly could still choose its address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def proxy_list(entries: Iterable[str]) -> list[str]:
    """The trusted proxies as networks (an address alone is a network of one); a bad entry is named."""
    found = []
    for entry in (e.strip() for e in entries):
        try:
            found.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError as exc:
            raise ImproperlyConfigured(f"CHISO_TRUSTED_PROXIES: «{entry}» không phải là địa chỉ IP hay mạng "
                             "(ví dụ 10.0.0.5 hoặc 10.0.0.0/24)") from exc
    return found


def client_ip(request: HttpRequest) -> str:
    peer = str(request.META.get("REMOTE_ADDR", ""))
    proxies = _networks(tuple(settings.TRUSTED_PROXIES))
    if not proxies or not _trusted(_address(peer), proxies):
        return peer
    chosen = peer
    for entry in reversed(str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        address = _address(entry.strip())
        if address is None:
            break  # a hop that is not an address: nothing before it can be believed
        chosen = str(address)
        if not _trusted(address, proxies):
            break
    return chosen


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in proxy_list(entries))


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: Address | None, proxies: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in proxies)
