"""``innokg push``, streaming, against a real Oxigraph server on loopback (and nginx in front of it for the
credentials): blank nodes stay whole whatever the batch size, replace and merge do what they say, the Graph
Store Protocol route sends PUT then POST, credentials come from the environment or netrc, a 503 is retried.

Expected values are the dataset's own: what is pushed must be, statement for statement, what a local store
of the same file holds (compared as graphs, blank nodes and all, by Oxigraph's canonicalisation).
"""

from __future__ import annotations

import gzip
import http.server
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from innokg.errors import InputError, QueryError
from innokg.sparql import load_store, run_remote
from innokg.sparql.auth import credentials
from innokg.sparql.push import BLANK_REQUEST, file_quads, push_files, update_batches
from innokg.sparql.remote import ox_term
from support.oxigraph_server import free_port, start_oxigraph, stop
from support.virtuoso import start_virtuoso, virtuoso_missing

ROOT = Path(__file__).resolve().parents[2]
ECO = ROOT / "tests" / "fixtures" / "queries" / "ecosystem.trig"
#: a blank-node component of 1,401 statements and a blank node stated in two graphs (see its README)
BLANKS = ROOT / "tests" / "fixtures" / "push-blank" / "blank-components.trig"
INNOKG = "https://w3id.org/innokg/graph/"


def remote_store(base: str) -> ox.Store:
    """Everything the server holds, with its named graphs, as a local store (CONSTRUCT cannot keep graphs:
    one SELECT over GRAPH ?g)."""
    res = run_remote(f"{base}/query", "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", check_union=False)
    store = ox.Store()

    def term(t):
        if t.type == "uri":
            return ox.NamedNode(t.value)
        if t.type == "bnode":
            return ox.BlankNode(t.value)
        dt = ox.NamedNode(t.datatype) if t.datatype else None
        return ox.Literal(t.value, language=t.lang, datatype=None if t.lang else dt)

    store.extend(ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in res.rows)
    return store


def canonical(store: ox.Store) -> set[str]:
    """The store's statements with blank nodes canonically renamed (two isomorphic datasets give one set)."""
    ds = ox.Dataset(iter(store))
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}


@pytest.fixture()
def server(tmp_path):
    proc, base = start_oxigraph(tmp_path / "db")
    yield base
    stop(proc)


def test_update_batches_never_split_a_blank_node():
    """Every request parses on its own, stays near the batch size, and no blank node is in two operations; the
    statements about blank nodes go in ``INSERT … WHERE {}`` (Virtuoso refuses blank nodes in ``INSERT DATA``)."""
    store = load_store(ECO)
    requests = update_batches(store, batch_size=3)
    seen: dict[str, tuple[int, int]] = {}
    total = 0
    for i, req in enumerate(requests[1:]):  # [0] clears
        for j, op in enumerate(req.split(" ;\n")):  # an N-Triples line holds no newline: the split is safe
            template = op.startswith("INSERT {")
            assert template or op.startswith("INSERT DATA {"), op[:40]
            body = op.removeprefix("INSERT DATA {").removeprefix("INSERT {").removesuffix(" WHERE {}").rstrip()
            quads = list(ox.parse(body.removesuffix("}").encode(), ox.RdfFormat.TRIG))
            total += len(quads)
            for q in quads:
                for t in (q.subject, q.object):
                    if isinstance(t, ox.BlankNode):
                        assert template, f"blank node {t.value} in INSERT DATA"
                        assert seen.setdefault(t.value, (i, j)) == (i, j), \
                            f"blank node {t.value} in operations {seen[t.value]} and {(i, j)}"
    assert total == len(store)
    assert seen, "the fixture has blank nodes (monetary amounts): the check would be empty without them"
    assert len(requests) > len(store) // 6  # batches of about 3, not one request


@pytest.mark.slow
@pytest.mark.parametrize("protocol,suffix", [("update", "/update"), ("gsp", "/store")])
def test_streamed_push_equals_the_file(server, protocol, suffix, tmp_path):
    """The gzipped N-Quads of the fixture, pushed in batches of 4: the server holds exactly the file."""
    store = load_store(ECO)
    nq = tmp_path / "eco.nq.gz"
    nq.write_bytes(gzip.compress(store.dump(format=ox.RdfFormat.N_QUADS)))
    summary = push_files([nq], server + suffix, protocol=protocol, batch_size=4)
    assert summary.statements == len(store)
    assert summary.requests >= len(store) // 8
    assert canonical(remote_store(server)) == canonical(store)
    # again: replaced, not added to
    push_files([nq], server + suffix, protocol=protocol, batch_size=4)
    assert canonical(remote_store(server)) == canonical(store)


@pytest.mark.slow
def test_merge_adds_and_replace_clears(server, tmp_path):
    a, b = tmp_path / "a.trig", tmp_path / "b.trig"
    a.write_text(f"<{INNOKG}a> {{ <http://x/s> <http://x/p> 1 }}\n")
    b.write_text(f"<{INNOKG}b> {{ <http://x/s> <http://x/p> 2 }}\n")
    push_files([a], server + "/update")
    push_files([b], server + "/update", mode="merge")
    assert len(remote_store(server)) == 2
    push_files([b], server + "/update")  # replace: every innokg graph cleared first
    assert {str(q.graph_name) for q in remote_store(server)} == {f"<{INNOKG}b>"}


@pytest.mark.slow
def test_cli_push_streams_a_folder_and_reports_each_graph(server, run_cli, tmp_path):
    (tmp_path / "d").mkdir()
    shutil.copy(ECO, tmp_path / "d" / "eco.trig")
    (tmp_path / "d" / "extra.ttl").write_text("[] <http://x/p> [ <http://x/q> 1 ] .\n")
    r = run_cli("push", "--endpoint", f"{server}/update", "--data", str(tmp_path / "d"), "--batch-size", "2")
    assert r.returncode == 0, r.stderr
    expected = canonical(load_store(tmp_path / "d"))  # both files in one store, as innokg loads a folder
    assert canonical(remote_store(server)) == expected
    assert f"[INFO] [{server}/update] <{INNOKG}extra>: 2 statements" in r.stderr
    assert f"pushed {len(expected)} statements" in r.stderr


def test_malformed_file_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://x/s> <http://x/p> .\n")
    with pytest.raises(Exception) as err:
        list(file_quads([bad]))
    assert str(bad) in str(err.value) and ":1" in str(err.value)


def test_unknown_authentication_scheme_is_one_line(run_cli, monkeypatch):
    """Digest against a real server is tested on Virtuoso (tests/cli/test_endpoint_commands.py)."""
    for k, v in {"INNOKG_SPARQL_TOKEN": "", "INNOKG_SPARQL_USER": "dba", "INNOKG_SPARQL_AUTH": "ntlm"}.items():
        monkeypatch.setenv(k, v)
    r = run_cli("push", "--endpoint", "http://127.0.0.1:9/update", "--data", ECO)
    assert r.returncode == 2
    assert r.stderr.strip() == "[ERROR] [$INNOKG_SPARQL_AUTH] unknown authentication scheme 'ntlm' (use 'basic' or 'digest')"


# --- credentials: nginx in front of Oxigraph, letting through only the right Authorization header -------------

BASIC = "Basic ZGJhOnB3"  # dba:pw


@pytest.fixture()
def guarded(tmp_path, server):
    if shutil.which("nginx") is None:
        pytest.skip("nginx (Debian nginx-light, installed by .ci/system-deps.sh) is not installed")
    port = free_port()
    upstream = server.removeprefix("http://")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_buffer_size 16m; client_max_body_size 64m;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
    map $http_authorization $allowed {{ "Bearer s3cret" 1; "{BASIC}" 1; default 0; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            if ($allowed = 0) {{ return 401; }}
            proxy_pass http://{upstream};
            proxy_buffering off;
        }}
    }}
}}
""")
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp_path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base, timeout=2)
        except urllib.error.HTTPError:
            break  # 401: nginx answers
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"nginx did not start: {(tmp_path / 'nginx-error.log').read_text()}")
            time.sleep(0.1)
    yield base
    proc.send_signal(signal.SIGQUIT)
    proc.wait(10)


@pytest.mark.slow
def test_credentials_from_environment_and_netrc(guarded, server, run_cli_process, tmp_path):
    clean = {"INNOKG_SPARQL_TOKEN": "", "INNOKG_SPARQL_USER": "", "NETRC": str(tmp_path / "none")}
    r = run_cli_process("push", "--endpoint", f"{guarded}/update", "--data", str(ECO), env=clean)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].startswith(f"[ERROR] [{guarded}/update] HTTP 401"), r.stderr
    assert "Traceback" not in r.stderr

    r = run_cli_process("push", "--endpoint", f"{guarded}/update", "--data", str(ECO),
                        env={**clean, "INNOKG_SPARQL_TOKEN": "s3cret"})
    assert r.returncode == 0, r.stderr
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password pw\n")
    netrc.chmod(0o600)
    r = run_cli_process("push", "--endpoint", f"{guarded}/update", "--data", str(ECO), "--mode", "merge",
                        env={**clean, "NETRC": str(netrc)})
    assert r.returncode == 0, r.stderr
    # and the queries of `innokg query --endpoint` carry the same credentials
    r = run_cli_process("sparql", "-", "--endpoint", f"{guarded}/query", "--format", "csv",
                        input="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                        env={**clean, "INNOKG_SPARQL_USER": "dba", "INNOKG_SPARQL_PASSWORD": "pw"})
    assert r.returncode == 0, r.stderr
    assert "password" not in r.stderr and "s3cret" not in r.stderr


# --- retries: a real HTTP server on loopback that is busy (503) for its first two requests ------------------


class _Busy(http.server.BaseHTTPRequestHandler):
    upstream = ""
    refusals = 0

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if type(self).refusals < 2:
            type(self).refusals += 1
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        req = urllib.request.Request(self.upstream + self.path, data=body, method="POST",
                                     headers={"Content-Type": self.headers["Content-Type"]})
        with urllib.request.urlopen(req, timeout=30) as resp:
            self.send_response(resp.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.slow
def test_busy_store_is_retried_then_succeeds(server):
    _Busy.upstream, _Busy.refusals = server, 0
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Busy)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        summary = push_files([ECO], f"{base}/update", batch_size=50)
        assert summary.retries == 2
        assert canonical(remote_store(server)) == canonical(load_store(ECO))
        _Busy.refusals = 0
        with pytest.raises(QueryError) as err:
            push_files([ECO], f"{base}/update", retries=1)
        assert "HTTP 503" in str(err.value)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_broken_netrc_never_echoes_its_tokens(tmp_path):
    """netrc's own parse error quotes the token it could not read — here a password (a cold review, 2026-12-03)."""
    from innokg.errors import ConfigError
    from innokg.sparql.auth import credentials

    bad = tmp_path / "netrc"
    bad.write_text("machine 127.0.0.1\nmachine 127.0.0.1 login u s3cretpw\n")
    bad.chmod(0o600)
    with pytest.raises(ConfigError) as err:
        credentials("http://127.0.0.1:7878/sparql", environ={"NETRC": str(bad)})
    assert "s3cretpw" not in err.value.format() and err.value.format().startswith(f"[ERROR] [{bad}:")


# --- blank-node components no single request can carry (issue 17) -------------------------------------------------

AMOUNT = """SELECT ?v ?c WHERE {
  GRAPH <https://w3id.org/innokg/graph/push-blank-a> { <https://example.org/project>
      <https://w3id.org/innokg/ontology#hasTotalCost> ?x . ?x <http://schema.org/value> ?v }
  GRAPH <https://w3id.org/innokg/graph/push-blank-b> { ?x <http://schema.org/currency> ?c } }"""


def _fixture_counts(store: ox.Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in store:
        counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1
    return counts


def test_every_request_is_one_graph_within_the_limit_and_the_data_arrives_whole():
    """A 1,401-statement component and a node in two graphs: every update request writes one graph and at most
    ``BLANK_REQUEST`` statements, and the requests, applied in order to an empty store, give the file's dataset
    (the same 1,406 statements, the amount still one node: README's counts)."""
    source = load_store(BLANKS)
    assert _fixture_counts(source) == {f"{INNOKG}push-blank-a": 1404, f"{INNOKG}push-blank-b": 2}
    target = ox.Store()
    for req in update_batches(source, batch_size=5000)[1:]:  # [0] clears
        template = req.split("} WHERE {")[0] if req.startswith(("INSERT {", "DELETE {")) else req
        assert template.count("GRAPH <") == 1, req[:300]
        assert sum(line.endswith(" .") for line in template.splitlines()) <= BLANK_REQUEST, req[:300]
        target.update(req)
    assert canonical(target) == canonical(source)
    rows = [(r["v"].value, r["c"].value) for r in target.query(AMOUNT)]
    assert rows == [("5", "EUR")]


@pytest.mark.slow  # the Oxigraph server
def test_gsp_refuses_a_blank_node_in_two_graphs(server):
    """The Graph Store Protocol writes one graph per request: a node in two would arrive as two; one line, nothing
    sent. The line names the node as the user can find it: `_:amount` comes after the 700 list cells of graph a, so
    it is the file's 701st blank node (not the reader's internal label)."""
    with pytest.raises(InputError, match=r"^\[ERROR\] \[.*\] blank node no\. 701 of input file 1 is stated in two "
                                         r"graphs.*push-blank-a.*push-blank-b"):
        push_files([BLANKS], server + "/store", protocol="gsp")
    assert len(remote_store(server)) == 0


def _pushed_dataset(query_url: str) -> tuple[set[str], list]:
    res = run_remote(query_url, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                f"FILTER(STRSTARTS(STR(?g), '{INNOKG}push-blank')) }}", check_union=False)
    ds = ox.Dataset(ox.Quad(*(ox_term(t) for t in row)) for row in res.rows)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}, [(a.value, b.value) for a, b in run_remote(query_url, AMOUNT).rows]


@pytest.mark.slow
def test_large_and_two_graph_components_arrive_whole_on_oxigraph(server):
    source = load_store(BLANKS)
    summary = push_files([BLANKS], server + "/update")
    assert summary.graphs == {f"<{INNOKG}push-blank-a>": 1404, f"<{INNOKG}push-blank-b>": 2}
    assert _pushed_dataset(server + "/query") == (canonical(source), [("5", "EUR")])


@pytest.mark.slow
def test_large_and_two_graph_components_arrive_whole_on_virtuoso(tmp_path):
    """Virtuoso 7.2 refuses blank nodes in a template of two graphs (SR002) and overflows on large ones: the same
    file arrives whole, temporary statements gone."""
    why = virtuoso_missing()
    if why:
        pytest.skip(why)
    server = start_virtuoso(tmp_path / "virtuoso")
    try:
        auth = credentials(server.endpoint + "-auth", environ={"INNOKG_SPARQL_USER": "dba",
                                                               "INNOKG_SPARQL_PASSWORD": "dba",
                                                               "INNOKG_SPARQL_AUTH": "digest"})
        summary = push_files([BLANKS], server.endpoint + "-auth", auth=auth)
        assert summary.statements == 1406
        assert _pushed_dataset(server.endpoint) == (canonical(load_store(BLANKS)), [("5", "EUR")])
    finally:
        server.stop()
