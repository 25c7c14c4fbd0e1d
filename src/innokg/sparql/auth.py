"""HTTP authentication for SPARQL stores: bearer tokens, HTTP basic and HTTP digest.

Credentials come from the environment or a netrc file, never from the command line, where other users of the
machine could read them (:func:`credentials`). A bearer token and HTTP basic go with every request. HTTP digest
(RFC 7616) — what Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth`` ask for — never sends the
password: the first request to a server fetches its challenge (a nonce), and every request after it answers that
challenge with a fresh nonce count; a challenge the server calls stale is fetched again.

References
----------
.. [1] R. Shekh-Yusef, D. Ahrens, S. Bremer, "HTTP Digest Access Authentication", RFC 7616 (2015).
.. [2] J. Reschke, "The 'Basic' HTTP Authentication Scheme", RFC 7617 (2015).
"""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
import secrets
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from innokg.errors import ConfigError

__all__ = ["AUTH_VAR", "PASSWORD_VAR", "TOKEN_VAR", "USER_VAR", "Auth", "credentials", "digest_challenge"]

#: environment variables read by :func:`credentials`
TOKEN_VAR, USER_VAR, PASSWORD_VAR, AUTH_VAR = ("INNOKG_SPARQL_TOKEN", "INNOKG_SPARQL_USER", "INNOKG_SPARQL_PASSWORD",
                                               "INNOKG_SPARQL_AUTH")
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256, "SHA-512-256": lambda b: hashlib.new("sha512_256", b)}


def digest_challenge(header: str | None) -> dict[str, str] | None:
    """The parameters of the ``Digest`` challenge in a ``WWW-Authenticate`` header, or ``None``.

    Examples
    --------
    >>> digest_challenge('Digest realm="SPARQL", nonce="5f", qop="auth", algorithm="MD5"')["nonce"]
    '5f'
    >>> digest_challenge('Basic realm="x"') is None
    True
    """
    if not header:
        return None
    at = header.lower().find("digest ")
    if at < 0:
        return None
    # RFC 7235 lists challenges comma-separated like their parameters: a parameter has "=", a new scheme has not
    params: dict[str, str] = {}
    for item in urllib.request.parse_http_list(header[at + len("digest "):]):
        if "=" not in item:
            break
        key, _, value = item.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        params[key.strip().lower()] = value
    return params if "nonce" in params and "realm" in params else None


@dataclass
class Auth:
    """How to authenticate to a store: ``scheme`` is ``"bearer"``, ``"basic"`` or ``"digest"``.

    :meth:`header` gives the ``Authorization`` value for one request; :meth:`challenged` takes a ``401`` answer's
    ``WWW-Authenticate`` header and says whether the request is worth sending again. Thread-safe (one nonce count
    per server).

    Examples
    --------
    >>> Auth("basic", user="dba", password="pw").header("POST", "http://h/update")
    'Basic ZGJhOnB3'
    >>> a = Auth("digest", user="Mufasa", password="Circle of Life")
    >>> a.challenged("http://h/dir/index.html", 'Digest realm="http-auth@example.org", qop="auth", '
    ...              'algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"')
    True
    >>> h = a.header("GET", "http://h/dir/index.html", cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    >>> h.split("response=")[1].split(",")[0]  # RFC 7616 §3.9.1's worked example
    '"8ca523f5e9506fed4657c9700eebdbec"'
    """

    scheme: str
    user: str = ""
    password: str = field(default="", repr=False)  # never in a message or a log
    token: str = field(default="", repr=False)
    _challenges: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _counts: dict[str, int] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def header(self, method: str, url: str, *, cnonce: str | None = None) -> str | None:
        """The ``Authorization`` value for a ``method`` request to ``url``; ``None`` for digest before the
        server's challenge is known (send the request without, and pass the ``401`` to :meth:`challenged`, or
        call :meth:`fetch_challenge` first)."""
        if self.scheme == "bearer":
            return f"Bearer {self.token}"
        if self.scheme == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        origin, uri = _origin(url), _request_uri(url)
        with self._lock:
            chal = self._challenges.get(origin)
            if chal is None:
                return None
            nc = self._counts[origin] = self._counts.get(origin, 0) + 1
        return _digest_response(chal, self.user, self.password, method, uri, nc, cnonce or secrets.token_hex(16))

    def challenged(self, url: str, www_authenticate: str | None) -> bool:
        """Take a ``401`` answer's ``WWW-Authenticate`` header; ``True`` if sending the request again with
        :meth:`header` may now succeed (a first or a stale digest challenge), ``False`` if the credentials
        were refused."""
        if self.scheme != "digest":
            return False
        chal = digest_challenge(www_authenticate)
        if chal is None or chal.get("algorithm", "MD5").upper().removesuffix("-SESS") not in _HASHES:
            return False
        origin = _origin(url)
        with self._lock:
            known = self._challenges.get(origin)
            if known is not None and known["nonce"] == chal["nonce"]:
                return False  # our answer to this very challenge was refused: a wrong user or password
            if known is not None and chal.get("stale", "").lower() != "true" and self._counts.get(origin):
                return False  # a new challenge without stale=true after answering one: refused
            self._challenges[origin], self._counts[origin] = chal, 0
        return True

    def forget(self, url: str) -> None:
        """Drop the digest challenge of ``url``'s server (the next :meth:`fetch_challenge` asks anew)."""
        with self._lock:
            self._challenges.pop(_origin(url), None)
            self._counts.pop(_origin(url), None)

    def fetch_challenge(self, url: str, timeout: float = 60) -> None:
        """Ask ``url`` (``GET``, no credentials) for its digest challenge, if none is known yet."""
        if self.scheme != "digest" or _origin(url) in self._challenges:
            return
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout):
                return  # no authentication asked for
        except urllib.error.HTTPError as exc:
            exc.read()
            if exc.code == 401:
                self.challenged(url, exc.headers.get("WWW-Authenticate"))
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError):
            return  # the request itself will say that the server cannot be reached


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _request_uri(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _digest_response(chal: dict[str, str], user: str, password: str, method: str, uri: str, nc: int,
                     cnonce: str) -> str:
    algorithm = chal.get("algorithm", "MD5")
    h = _HASHES[algorithm.upper().removesuffix("-SESS")]

    def hx(text: str) -> str:
        return h(text.encode("utf-8")).hexdigest()

    realm, nonce = chal["realm"], chal["nonce"]
    ha1 = hx(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = hx(f"{ha1}:{nonce}:{cnonce}")
    ha2 = hx(f"{method}:{uri}")
    qops = [q.strip() for q in chal.get("qop", "").split(",") if q.strip()]
    parts = [f'username="{_quoted(user)}"', f'realm="{_quoted(realm)}"', f'nonce="{_quoted(nonce)}"',
             f'uri="{_quoted(uri)}"', f"algorithm={algorithm}"]
    if "auth" in qops:
        count = f"{nc:08x}"
        response = hx(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
        parts[4:4] = [f'response="{response}"']
        parts += [f'cnonce="{_quoted(cnonce)}"', f"nc={count}", "qop=auth"]
    else:  # RFC 2069 compatibility: no qop (auth-int alone is not supported: the server refuses, and says so)
        parts[4:4] = [f'response="{hx(f"{ha1}:{nonce}:{ha2}")}"']
    if "opaque" in chal:
        parts.append(f'opaque="{_quoted(chal["opaque"])}"')
    return "Digest " + ", ".join(parts)


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def credentials(endpoint: str, *, environ: dict[str, str] | None = None) -> Auth | None:
    """How to authenticate to ``endpoint``, or ``None``.

    In this order: a bearer token in ``$INNOKG_SPARQL_TOKEN``; a user and password in ``$INNOKG_SPARQL_USER`` /
    ``$INNOKG_SPARQL_PASSWORD``; the endpoint host's entry in the netrc file (``$NETRC``, else ``~/.netrc``).
    A user and password go as HTTP basic, or as HTTP digest with ``$INNOKG_SPARQL_AUTH=digest`` (Virtuoso).
    Never from the command line, where other users of the machine could read it.

    Examples
    --------
    >>> credentials("http://h/update", environ={"INNOKG_SPARQL_TOKEN": "t0k"}).header("POST", "http://h/update")
    'Bearer t0k'
    >>> credentials("http://h/update", environ={"INNOKG_SPARQL_USER": "dba", "INNOKG_SPARQL_PASSWORD": "pw"}).scheme
    'basic'
    >>> credentials("http://h/sparql-auth", environ={"INNOKG_SPARQL_USER": "dba", "INNOKG_SPARQL_AUTH": "digest"})
    Auth(scheme='digest', user='dba')
    """
    env = os.environ if environ is None else environ
    if env.get(TOKEN_VAR):
        return Auth("bearer", token=env[TOKEN_VAR])
    scheme = (env.get(AUTH_VAR) or "basic").strip().lower()
    if scheme not in {"basic", "digest"}:
        raise ConfigError(f"unknown authentication scheme {env[AUTH_VAR]!r}", where=f"${AUTH_VAR}",
                          hint="use 'basic' or 'digest'")
    if env.get(USER_VAR):
        return Auth(scheme, user=env[USER_VAR], password=env.get(PASSWORD_VAR, ""))
    path = env.get("NETRC") or (os.path.expanduser("~/.netrc") if environ is None else None)
    if path and os.path.isfile(path):
        host = urllib.parse.urlsplit(endpoint).hostname or ""
        try:
            entry = netrc.netrc(path).authenticators(host)
        except netrc.NetrcParseError as exc:  # its message quotes the token it could not read: maybe a password
            raise ConfigError("cannot read the netrc file: not in netrc's format", where=f"{path}:{exc.lineno}",
                              hint="each entry: machine HOST login USER password PASSWORD") from None
        except OSError as exc:
            raise ConfigError(f"cannot read the netrc file: {exc.strerror or exc}", where=path) from None
        if entry:
            login, _, password = entry
            return Auth(scheme, user=login, password=password or "")
    return None
