"""The web-server rules written by ``innokg publish``, run in real nginx and Apache on loopback.

Each server gets a throw-away configuration that includes the generated rules
(``nginx/http.conf`` + ``nginx/server.conf``; ``.htaccess``), serves the
published folder on a free 127.0.0.1 port, and is stopped after the test.
Skipped when the server is not installed (Debian ``nginx-light``, ``apache2-bin``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from support.cli import cli_env

pytestmark = pytest.mark.slow  # real nginx and Apache processes

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "publish" / "ecosystem.trig"
SIHK = URIRef("https://w3id.org/innokg/id/org/sihk-hagen")
ALT = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("server exited: " + (log.read_text() if log.exists() else ""))
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


@pytest.fixture(scope="module")
def published():
    """A site published for http://127.0.0.1:PORT/ in a folder the servers' users can read."""
    port = _free_port()
    work = Path(tempfile.mkdtemp(prefix="innokg-web-"))
    work.chmod(0o755)
    site = work / "site"
    r = subprocess.run([sys.executable, "-m", "innokg.cli", "publish", str(site), "--data", str(FIXTURE),
                        "--site-url", f"http://127.0.0.1:{port}/"], cwd=ROOT, env=cli_env(),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    # the IRIs stay at w3id.org: the rules for forwarding them here come with the site
    assert f"RewriteRule ^(.*)$ http://127.0.0.1:{port}/$1 [R=302,L]" in (site / "persistent-iri.htaccess").read_text()
    for d in [site, *[p for p in site.rglob("*") if p.is_dir()]]:
        d.chmod(0o755)
    yield work, site, port
    shutil.rmtree(work, ignore_errors=True)


def _check_rules(base: str) -> None:
    def see_other(path: str, accept: str | None) -> str:
        r = requests.get(base + path, headers={"Accept": accept} if accept else {}, allow_redirects=False,
                         timeout=10)
        assert r.status_code == 303, (path, accept, r.status_code, r.text[:200])
        return r.headers["Location"]

    assert see_other("id/org/sihk-hagen", "text/turtle").endswith("/doc/org/sihk-hagen.ttl")
    assert see_other("id/org/sihk-hagen", "application/ld+json").endswith("/doc/org/sihk-hagen.jsonld")
    assert see_other("id/org/sihk-hagen", "application/n-triples").endswith("/doc/org/sihk-hagen.nt")
    assert see_other("id/org/sihk-hagen", "application/rdf+xml").endswith("/doc/org/sihk-hagen.rdf")
    assert see_other("id/org/sihk-hagen", BROWSER).endswith("/doc/org/sihk-hagen.html")
    assert see_other("id/org/sihk-hagen", None).endswith("/doc/org/sihk-hagen.html")
    assert see_other("id/role/", "text/turtle").endswith("/doc/role/index.ttl")
    assert see_other("graph/funding-notice-2021", "text/turtle").endswith("/doc/graph/funding-notice-2021.ttl")
    # following the redirect gives the document in that format
    for accept, fmt in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/n-triples", "nt")):
        r = requests.get(base + "id/org/sihk-hagen", headers={"Accept": accept}, timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept), (accept, r.headers)
        assert (SIHK, ALT, Literal("SIHK")) in Graph().parse(data=r.content, format=fmt)
    r = requests.get(base + "id/org/sihk-hagen", headers={"Accept": BROWSER}, timeout=10)
    assert r.headers["Content-Type"].startswith("text/html") and "<h1>" in r.text
    # a document without extension, negotiated in place
    r = requests.get(base + "doc/org/sihk-hagen", headers={"Accept": "application/ld+json"}, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/ld+json")
    assert "Accept" in r.headers.get("Vary", "")
    assert requests.get(base + "dumps/innokg.trig", timeout=10).status_code == 200
    # the dataset and the ontology
    assert "void:Dataset" in requests.get(base + ".well-known/void", timeout=10).text
    r = requests.get(base, headers={"Accept": "text/turtle"}, timeout=10)
    assert "void:Dataset" in r.text
    r = requests.get(base + "ontology", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200 and "owl:Ontology" in r.text
    r = requests.get(base + "ontology", headers={"Accept": BROWSER}, timeout=10)
    assert r.status_code == 200 and 'id="Chamber"' in r.text
    assert requests.get(base, timeout=10).status_code == 200


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx (Debian nginx-light) is not installed")
def test_nginx_rules(published):
    work, site, port = published
    conf = work / "nginx-test.conf"
    tmp = work / "nginx-tmp"
    tmp.mkdir(exist_ok=True)
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    include {site}/nginx/http.conf;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/nginx/server.conf;
    }}
}}
""")
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        _wait(f"http://127.0.0.1:{port}/", proc, work / "nginx-error.log")
        _check_rules(f"http://127.0.0.1:{port}/")
    finally:
        proc.send_signal(signal.SIGQUIT)
        proc.wait(10)


@pytest.mark.skipif(shutil.which("apache2") is None or not Path("/usr/lib/apache2/modules/mod_rewrite.so").exists(),
                    reason="Apache (Debian apache2-bin) is not installed")
def test_apache_htaccess(published):
    work, site, port = published
    mods = "/usr/lib/apache2/modules"
    user = "www-data" if os.getuid() == 0 else None
    conf = work / "httpd-test.conf"
    conf.write_text("\n".join([
        f"LoadModule mpm_event_module {mods}/mod_mpm_event.so",
        f"LoadModule authz_core_module {mods}/mod_authz_core.so",
        f"LoadModule mime_module {mods}/mod_mime.so",
        f"LoadModule dir_module {mods}/mod_dir.so",
        f"LoadModule rewrite_module {mods}/mod_rewrite.so",
        f"LoadModule headers_module {mods}/mod_headers.so",
        f"ServerRoot {work}",
        "ServerName 127.0.0.1",
        f"TypesConfig {'/etc/mime.types' if Path('/etc/mime.types').exists() else '/dev/null'}",
        f"Listen 127.0.0.1:{port}",
        f"PidFile {work}/httpd.pid",
        f"ErrorLog {work}/httpd-error.log",
        f"DefaultRuntimeDir {work}",
        *([f"User {user}", f"Group {user}"] if user else []),
        f"DocumentRoot {site}",
        f'<Directory "{site}">',
        "    AllowOverride All",
        "    Require all granted",
        "</Directory>",
        "",
    ]))
    proc = subprocess.Popen(["apache2", "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait(f"http://127.0.0.1:{port}/", proc, work / "httpd-error.log")
        _check_rules(f"http://127.0.0.1:{port}/")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
