"""``innokg serve`` — the linked-data site live, with a SPARQL 1.1 endpoint.

Routes (``<doc>`` is an entity's document path, ``org/sihk-hagen``):

========================  =================================================================
``/id/<kind>/<slug>``     303 See Other to ``/doc/<kind>/<slug>.<ext>``, by the Accept header
``/graph/<name>``         303 See Other to ``/doc/graph/<name>.<ext>``
``/doc/<doc>``            the document in the negotiated format (``Vary: Accept``)
``/doc/<doc>.<ext>``      one format: ``html``, ``ttl``, ``jsonld``, ``nt``, ``rdf``
``/sparql``               SPARQL 1.1 Protocol (GET, POST form, POST direct); without a
                          query: the query page (HTML) or the service description (RDF)
anything else             a file of the published site (index, dumps, VoID, ontology docs)
========================  =================================================================

An Accept header that admits none of the offered types gets ``406 Not Acceptable``
with the list of types. Files are served with Werkzeug's ``safe_join``, so no
request path reaches outside the published folder, and a file that is (or passes
through) a symbolic link leading out of it is a 404. The server is Waitress (a
production WSGI server) with the connection limits and per-client query budgets
of :mod:`innokg.serve.limits` (and its I/O thread answering quick queries itself),
one log line per request, and binds to 127.0.0.1
unless told otherwise. Its temporary folder is removed on every exit and, after a
``kill -9``, at the next start.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, abort, redirect, request, send_from_directory
from markupsafe import Markup

from innokg.errors import ParameterError
from innokg.publish.data import DEFAULT_BASE, LinkedData, check_base_iri
from innokg.serve.endpoint import QueryPool
from innokg.serve.explorer import explorer_lane, register_explorer
from innokg.serve.limits import QueryAdmission, RequestLog, make_server, query_hash
from innokg.serve.protocol import SECURITY_HEADERS, QueryAnswerer, lean_sparql_route
from innokg.publish.formats import DOC_FORMATS, by_extension, negotiate
from innokg.publish.pages import PageRenderer, script_safe_json
from innokg.publish.site import load_linked_data, publish_site, render_document

__all__ = ["create_app", "library_queries", "run_server"]

MAX_QUERY_BYTES = 256 * 1024
DEFAULT_QUERY = """PREFIX ikg: <https://w3id.org/innokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?hub ?label ?g WHERE {
  GRAPH ?g { ?hub a ikg:DigitalInnovationHub ; rdfs:label ?label }
} ORDER BY ?hub LIMIT 100
"""


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def library_queries(folder: str | Path, log: Callable[[str], None] = _stderr) -> list[dict]:
    """The query library (see :mod:`innokg.sparql.library`) as name, summary, description and text.

    A malformed file does not hide the others: it is left out with a warning (to ``log``).
    """
    from innokg.errors import InnokgError
    from innokg.sparql.library import INTERNAL_FOLDERS, load_library, load_query

    root = Path(folder)
    if not root.is_dir():
        return []
    try:
        library = load_library(root)
    except InnokgError:
        library = []
        for path in sorted(root.rglob("*.rq")):
            rel = path.relative_to(root).with_suffix("")
            if rel.parts[0] in INTERNAL_FOLDERS:
                continue
            try:
                library.append(load_query(path, name=rel.as_posix()))
            except InnokgError as exc:
                log(f"[WARNING] [{path}] left off the query page: {exc.message}")
    out = []
    for q in library:
        params = "; ".join(p.describe() for p in q.params)
        description = q.description.strip() + (f" Parameters (unbound here, so they match anything): {params}."
                                                if params else "")
        out.append({"name": q.name, "summary": q.summary, "description": description.strip(), "text": q.text})
    return out


def create_app(ld: LinkedData, site_dir: str | Path, pool: QueryPool | None, *, result_limit: int = 10000,
               time_limit: float = 10.0, queries: list[dict] = (), admission: QueryAdmission | None = None,
               query_store=None):
    """The WSGI application serving ``ld`` and the published folder ``site_dir``.

    ``admission`` (see :mod:`innokg.serve.limits`) decides whether a query may run
    now; without it every query waits for a worker. ``query_store`` holds the same
    data as the workers' stores; with it, queries whose cost their text bounds run
    in the HTTP thread (:mod:`innokg.serve.protocol`). Query requests to ``/sparql``
    are answered by :func:`innokg.serve.protocol.lean_sparql_route`, the rest by Flask.
    """
    app = Flask("innokg.publish", static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_QUERY_BYTES
    site_dir = os.path.realpath(site_dir)
    renderer = PageRenderer(ld, endpoint="sparql")
    offered = [f.media_type for f in DOC_FORMATS]
    answerer = QueryAnswerer(pool, query_store, result_limit=result_limit, admission=admission,
                             max_bytes=MAX_QUERY_BYTES)
    app.answerer = answerer

    @app.after_request
    def _headers(resp: Response) -> Response:
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        if request.method == "OPTIONS":  # CORS preflight of a browser SPARQL client elsewhere
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            resp.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            resp.headers["Access-Control-Max-Age"] = "86400"
        return resp

    def not_acceptable(types: list[str]) -> Response:
        return Response("Not acceptable. Offered: " + ", ".join(types) + "\n", status=406,
                        mimetype="text/plain", headers={"Vary": "Accept"})

    def see_other(doc_path: str | None) -> Response:
        if doc_path is None or ld.iri_of(doc_path) is None:
            abort(404)
        media = negotiate(request.headers.get("Accept"), offered)
        if media is None:
            return not_acceptable(offered)
        fmt = next(f for f in DOC_FORMATS if f.media_type == media)
        resp = redirect(f"/doc/{doc_path}.{fmt.extension}", code=303)
        resp.headers["Vary"] = "Accept"
        return resp

    @app.get("/id/<path:rest>")
    def entity_iri(rest: str):
        raw = request.path[len("/id/"):]  # keep a trailing slash (concept schemes)
        return see_other(ld.doc_path(ld.id_space + raw))

    @app.get("/graph/<path:rest>")
    def graph_iri(rest: str):
        return see_other(ld.doc_path(ld.graph_space + rest))

    @app.get("/doc/<path:rest>")
    def document(rest: str):
        stem, dot, ext = rest.rpartition(".")
        fmt = by_extension(ext) if dot and "/" not in ext else None
        doc_path = stem if fmt else rest
        iri = ld.iri_of(doc_path)
        if iri is None:
            abort(404)
        headers = {"Vary": "Accept"}
        if fmt is None:
            media = negotiate(request.headers.get("Accept"), offered)
            if media is None:
                return not_acceptable(offered)
            fmt = next(f for f in DOC_FORMATS if f.media_type == media)
            headers["Content-Location"] = f"/doc/{doc_path}.{fmt.extension}"
        else:
            headers = {}
        body = render_document(renderer, iri, fmt)
        return Response(body, content_type=fmt.content_type, headers=headers)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        if request.method == "POST":
            ctype = (request.mimetype or "").lower()
            if ctype == "application/sparql-update" or "update" in request.form:
                return Response("updates are refused: this endpoint is read-only\n", status=403,
                                mimetype="text/plain")
            if ctype == "application/sparql-query":
                query = request.get_data(as_text=True)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                query = request.form.get("query")
            else:
                return Response("POST a query as application/x-www-form-urlencoded (query=…) or as "
                                "application/sparql-query\n", status=415, mimetype="text/plain")
        else:
            if "update" in request.args:
                return Response("updates are refused: this endpoint is read-only\n", status=403,
                                mimetype="text/plain")
            query = request.args.get("query")
        if not query:
            return service_or_page()
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return Response("query too long\n", status=413, mimetype="text/plain")
        request.environ["innokg.query_hash"] = query_hash(query)
        params = request.values  # query string and form fields together
        job = {"query": query, "accept": request.headers.get("Accept"), "format": params.get("format"),
               "default_graphs": params.getlist("default-graph-uri"),
               "named_graphs": params.getlist("named-graph-uri"),
               "limit": result_limit, "notice": request.host_url + "sparql#limits", "max_bytes": MAX_QUERY_BYTES}
        status, headers, body = answerer.answer(job, request.remote_addr or "-", request.environ)
        return Response(body, status=status, headers=headers)

    def service_or_page():
        media = negotiate(request.headers.get("Accept"), ["text/html", "text/turtle"])
        if media == "text/turtle":
            resp = site_file("sparql-service-description.ttl")
            resp.mimetype = "text/turtle"
            return resp
        if media is None:
            return not_acceptable(["text/html", "text/turtle"])
        lib = [{"name": q["name"], "summary": q["summary"], "description": q["description"], "text": q["text"]}
               for q in queries]
        html = renderer.page("query.html", root="", title="SPARQL query", time_limit=f"{time_limit:g}",
                             result_limit=result_limit, endpoint_url=request.host_url + "sparql",
                             library=lib, library_json=Markup(script_safe_json(json.dumps(lib))),
                             default_query=DEFAULT_QUERY)
        return Response(html, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})

    def site_file(path: str) -> Response:
        """A file of the site; 404 for one that is (or passes through) a link leading out of the site."""
        real = os.path.realpath(os.path.join(site_dir, path))
        if real != site_dir and not real.startswith(site_dir + os.sep):
            abort(404)
        return send_from_directory(site_dir, path)

    def described(html: str, rdf: dict[str, str]) -> Response:
        """A resource whose page is ``html`` and whose RDF is the files in ``rdf`` (media type -> file)."""
        types = ["text/html", *rdf]
        media = negotiate(request.headers.get("Accept"), types)
        if media is None:
            return not_acceptable(types)
        resp = site_file(html if media == "text/html" else rdf[media])
        resp.headers["Vary"] = "Accept"
        if media != "text/html":
            resp.headers["Content-Type"] = media + "; charset=utf-8"
        return resp

    @app.get("/")
    def index():  # the site, or the dataset's description
        return described("index.html", {"text/turtle": "void.ttl", "application/ld+json": "void.jsonld"})

    @app.get("/.well-known/void")
    def well_known_void():  # VoID §7.2
        return redirect("/void.ttl", code=303)

    @app.get("/ontology")
    def ontology():  # the ontology IRI: its documentation or its source
        return described("ontology/index.html", {"text/turtle": "ontology/innokg.ttl"})

    @app.get("/<path:path>")
    def static_file(path: str):
        # send_from_directory joins with werkzeug.security.safe_join: "..", absolute
        # paths and other escapes give 404, never a file outside site_dir
        target = Path(site_dir, path)
        if path.endswith("/") or target.is_dir():
            path = path.rstrip("/") + "/index.html"
        resp = site_file(path)
        resp.headers.setdefault("Vary", "Accept")
        return resp

    register_explorer(app, ld, renderer, list(queries))  # /explore…: search, facets, editor, networks

    @app.errorhandler(404)
    def _404(e):
        return Response("not found\n", status=404, mimetype="text/plain")

    @app.errorhandler(413)
    def _413(e):
        return Response("request too large\n", status=413, mimetype="text/plain")

    return lean_sparql_route(app, answerer, result_limit=result_limit, max_bytes=MAX_QUERY_BYTES)


def _work_folder() -> tempfile.TemporaryDirectory:
    """A temporary folder for this server, locked while it runs; stale ones of killed servers are removed first.

    Each folder holds a ``.lock`` file the server keeps locked (``flock``); the
    kernel drops the lock when the process ends however it ends (even ``kill -9``),
    so a folder whose lock can be taken belongs to no running server.
    """
    import fcntl
    import shutil

    for old in Path(tempfile.gettempdir()).glob("innokg-serve-*"):
        try:
            if old.is_symlink() or not old.is_dir() or old.stat().st_uid != os.getuid():
                continue
            fd = os.open(old / ".lock", os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a running server holds it
        else:
            shutil.rmtree(old, ignore_errors=True)
        finally:
            os.close(fd)
    work = tempfile.TemporaryDirectory(prefix="innokg-serve-")
    fd = os.open(Path(work.name) / ".lock", os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    work.lock_fd = fd  # held (open) for the life of the process
    return work


def run_server(*, host: str = "127.0.0.1", port: int = 8080, data: str | None = None, base_iri: str = DEFAULT_BASE,
               site_dir: str | Path | None = None, site_url: str | None = None, ontology_dir: str | Path = "ontology",
               shapes_dir: str | Path = "shapes", queries_dir: str | Path = "queries", time_limit: float = 10.0,
               result_limit: int = 10000, workers: int = 2, threads: int = 32, explorer_threads: int = 2,
               memory_limit: int = 4096,
               client_queries: int | None = None, client_budget: float | None = None,
               client_connections: int = 32, request_timeout: float = 10.0,
               store: str | Path | None = None, log: Callable[[str], None] = _stderr) -> int:
    """Serve the graph live until SIGTERM or Ctrl-C; return the exit code (0).

    The options are those of ``innokg serve`` (see the README); ``log`` receives
    the ``[INFO]``/``[WARNING]`` lines (the address served, a public ``host``,
    library queries left off the query page).
    """
    check_base_iri(base_iri)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log(f"[WARNING] [--host] binding {host}: the server is reachable from other machines")
    ontology_files = sorted(Path(ontology_dir).glob("*.ttl"))
    clock = [time.monotonic()]  # where the start-up time goes, logged when serving

    def lap() -> float:
        clock.append(time.monotonic())
        return clock[-1] - clock[-2]

    ld = load_linked_data(data, base_iri, ontology_files, store=store)
    work = _work_folder()
    atexit.register(work.cleanup)
    if store is not None and base_iri == DEFAULT_BASE:
        # the query workers open the on-disk store read-only, all the same files: no copy per worker
        nq = Path(store)
        from innokg.load.store import open_store

        query_store = open_store(store)[0]  # the same files, for bounded queries in the HTTP threads
    else:  # each worker loads the (rebased) dataset into memory
        nq = Path(work.name) / "data.nq"
        nq.write_bytes(ox.serialize(ld.store, format=ox.RdfFormat.N_QUADS))
        query_store = ld.store  # what the workers load, for bounded queries in the HTTP threads
    t_data = lap()
    # bind first, so that the site published below can announce the real address
    holder: dict = {}

    def app(environ, start_response):
        return holder["app"](environ, start_response)

    admission = QueryAdmission(slots=max(1, threads - max(1, threads // 4)),
                               per_client=client_queries or max(1, workers // 2),
                               budget=client_budget if client_budget is not None else 2 * time_limit)
    def quick(method: str, query_string: str, content_type: str, body: bytes):
        route = holder.get("app")
        return None if route is None else route.quick(method, query_string, content_type, body)

    try:
        server = make_server(RequestLog(app, log), host=host, port=port, threads=threads, quick=quick, log=log,
                             max_request_body_size=MAX_QUERY_BYTES * 4, per_client=client_connections,
                             request_timeout=request_timeout, admission=admission,
                             # search and facet pages: threads of their own
                             cheap=explorer_lane if explorer_threads else None, lane_threads=explorer_threads)
    except ValueError:  # Waitress: "Invalid host/port specified."
        raise ParameterError(f"cannot listen on {host!r}: not an address or host name of this machine",
                             where="--host", hint="use an IP address such as 127.0.0.1 or 0.0.0.0") from None
    except OSError as exc:
        raise ParameterError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", where="--port",
                             hint="choose another port, or 0 for any free one") from None
    shown = f"[{host}]" if ":" in host else host
    url = site_url or f"http://{shown}:{server.effective_port}/"
    try:
        check_base_iri(url, where="--site-url")
    except ParameterError:
        server.close()
        raise
    # the query workers (processes of their own) load the data while this process publishes the site
    started: dict = {}

    def start_pool() -> None:
        try:
            started["pool"] = QueryPool(str(nq), size=workers, time_limit=time_limit,
                                        memory_limit=memory_limit * 1024 ** 2)
        except BaseException as exc:  # noqa: BLE001 - raised again in the main thread
            started["error"] = exc

    starter = threading.Thread(target=start_pool, name="innokg-pool-start", daemon=True)
    starter.start()
    try:
        if site_dir is None:
            site_dir = Path(work.name) / "site"
            publish_site(ld, site_dir, site_url=url, ontology_files=ontology_files,
                         shapes_files=sorted(Path(shapes_dir).glob("*.ttl")), entity_pages=False,
                         explorer=False)  # /explore is served live
    except BaseException:
        starter.join()
        if "pool" in started:
            started["pool"].close()
        server.close()
        raise
    t_site = lap()
    starter.join()
    t_pool = lap()
    if "error" in started:
        server.close()
        raise started["error"]
    pool = started["pool"]
    holder["app"] = create_app(ld, site_dir, pool, result_limit=result_limit, time_limit=time_limit,
                               queries=library_queries(queries_dir, log), admission=admission,
                               query_store=query_store)
    t_app = lap()

    stopping: list[int] = []

    def _stop(signum, frame):
        # once, whichever comes first: the signal may come from the shell's group and from innokg's supervisor,
        # and Ctrl-C and a SIGTERM may come together; a second one must not break into the clean-up below
        if not stopping:
            stopping.append(signum)
            raise KeyboardInterrupt

    # set inside the try, so that a signal that comes as they are set still cleans up; kept once the server has
    # stopped (a copy of the signal, from the shell's group or the supervisor, may come after the clean-up)
    try:
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        log(f"[INFO] [serve] serving http://{shown}:{server.effective_port}/ "
            f"({len(ld.entities())} entities, {workers} query workers, time limit {time_limit:g} s, "
            f"result cap {result_limit})")
        log(f"[INFO] [serve] started in {clock[-1] - clock[0]:.1f} s: data {t_data:.1f} s, site {t_site:.1f} s, "
            f"then waited {t_pool:.1f} s for the query workers (loading meanwhile), explorer index and pages "
            f"{t_app:.1f} s")
        sys.stderr.flush()
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.append(0)  # from here on, every signal is the one already being acted on
        pool.close()
        server.close()
        work.cleanup()
    return 0
