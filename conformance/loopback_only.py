"""pytest plugin: let the tests under it reach 127.0.0.0/8, ::1 and `localhost` only.

conformance/patch-tests.sh loads it (`-p loopback_only`) into redis-py's own test
suite. A few of those tests build ClusterNode("1.1.1.1", 1111) and the like; none is
meant to connect, and this makes sure none can: every TCP connect (sync sockets and
asyncio, which connects through socket.connect too) and every name look-up of
anything else fails at once with an OSError, as an unreachable host would, and is
counted. The count is printed at the end of the run ("loopback_only: N refused").
"""
import ipaddress
import socket

REFUSED = []

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo
_gethostbyname = socket.gethostbyname
_gethostbyname_ex = socket.gethostbyname_ex


def _loopback_host(host):
    if host is None:
        return True  # getaddrinfo(None, port): the local host
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = host.strip("[]")
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name other than localhost: never looked up


def _check(sock_or_none, address, what):
    if sock_or_none is not None and sock_or_none.family not in (socket.AF_INET, socket.AF_INET6):
        return  # unix sockets and the like
    host = address[0] if isinstance(address, tuple) else address
    if not _loopback_host(host):
        REFUSED.append(f"{what} {address!r}")
        raise OSError(101, f"loopback_only: refused {what} to {address!r}")


def connect(self, address):
    _check(self, address, "connect")
    return _connect(self, address)


def connect_ex(self, address):
    _check(self, address, "connect")
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    _check(None, (host,), "getaddrinfo")
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    _check(None, (host,), "gethostbyname")
    return _gethostbyname(host)


def gethostbyname_ex(host):
    _check(None, (host,), "gethostbyname_ex")
    return _gethostbyname_ex(host)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
socket.gethostbyname = gethostbyname
socket.gethostbyname_ex = gethostbyname_ex


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"loopback_only: {len(REFUSED)} refused")
    for item in sorted(set(REFUSED)):
        terminalreporter.write_line(f"  {item}")
