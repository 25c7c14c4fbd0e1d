"""The lane of ``innokg serve`` for cheap requests (:class:`innokg.serve.limits.LaneDispatcher`).

A real Waitress server (:func:`innokg.serve.limits.make_server`) on loopback with one ordinary thread and one lane
thread, in front of a tiny WSGI application whose ``/slow`` waits until the test lets it go: while ``/slow`` holds
the ordinary thread, a cheap request (``/explore``) is answered at once, and a second ``/slow`` waits for the
ordinary thread (it never takes the lane's).
"""

from __future__ import annotations

import http.client
import threading

from innokg.serve.explorer import explorer_lane
from innokg.serve.limits import make_server


def _app(release: threading.Event):
    def app(environ, start_response):
        if environ["PATH_INFO"] == "/slow":
            release.wait(20)
        body = threading.current_thread().name.encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    return app


def _get(port: int, path: str, out: dict, key: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    r = conn.getresponse()
    out[key] = (r.status, r.read())
    conn.close()


def test_cheap_requests_pass_a_busy_server():
    release = threading.Event()
    server = make_server(_app(release), host="127.0.0.1", port=0, threads=1, max_request_body_size=1024,
                         cheap=explorer_lane, lane_threads=1)
    stop = threading.Event()

    def loop():  # server.run(), in steps, so that the test can stop it before closing the socket
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    runner = threading.Thread(target=loop, daemon=True)
    runner.start()
    port, out = server.effective_port, {}
    try:
        slow = threading.Thread(target=_get, args=(port, "/slow", out, "slow"))
        slow.start()
        slow2 = threading.Thread(target=_get, args=(port, "/slow?2", out, "slow2"))
        # wait until the ordinary thread holds the first /slow
        deadline = threading.Event()
        for _ in range(100):
            if server.task_dispatcher.active_count >= 1 and not server.task_dispatcher.queue:
                break
            deadline.wait(0.05)
        slow2.start()
        fast = threading.Thread(target=_get, args=(port, "/explore?q=x", out, "fast"))
        fast.start()
        fast.join(10)
        assert out.get("fast", (None,))[0] == 200  # answered while /slow holds the ordinary thread
        assets = {}
        _get(port, "/explore/assets/explorer.css", assets, "css")
        assert assets["css"][0] == 200
        assert "slow" not in out and "slow2" not in out  # the second /slow waits: the lane is not its
        release.set()
        slow.join(10)
        slow2.join(10)
        assert out["slow"][0] == out["slow2"][0] == 200
        assert out["slow"][1] == out["slow2"][1]  # both on the one ordinary thread
    finally:
        release.set()
        stop.set()
        runner.join(5)
        server.close()
        server.task_dispatcher.shutdown()


def test_the_lane_holds_the_explorer_pages_only():
    assert explorer_lane("/explore") and explorer_lane("/explore/assets/vendor/cytoscape.min.js")
    for path in ("/explore/network", "/explore/sparql", "/sparql", "/doc/org/x", "/exploreX", "/"):
        assert not explorer_lane(path), path
