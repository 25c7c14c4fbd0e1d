"""Independent analyses in worker processes: :func:`run_tasks` runs one function on many inputs.

Used by :func:`innokg.analysis.temporal.analyze_over_time` (``--jobs N``): each period's network is
analysed by the very same function a single-window run calls, only in another process, so its
numbers are the same to the last bit whatever the number of workers (the graph and the results
cross the process boundary by :mod:`pickle`, which keeps node order, attributes and every double
exactly).

How the workers are run, and why:

* **spawn**, not fork: a worker is a fresh interpreter that receives one network at a time, so it
  holds that network and its analysis, not a copy-on-write image of the whole loaded knowledge graph
  (whose pages a forked child would touch and duplicate); spawning also avoids forking a process
  whose native libraries may run threads.
* **stopping**: workers ignore SIGINT (a terminal's Ctrl-C reaches the whole process group; the
  parent alone decides) and are killed by the parent as soon as the run ends for any reason
  (SIGINT/SIGTERM to the parent, a failure, an error in another period); on Linux each worker also
  asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``), so a parent killed
  with SIGKILL (by the CLI's watchdog, by the OOM killer) leaves no worker behind.
* **pipelined**: an argument is read (``args[i]``) only when its task is about to be handed out, and
  the parent makes and pickles the next arguments (one per worker) while the workers are busy; so a
  sequence that makes its items on demand (each period's network, projected when asked for) has them
  made while the workers analyse the others, instead of all of them before the first worker starts.
  The workers are started first, so that their start-up (imports) overlaps the first arguments too.
* **failures**: an :class:`~innokg.errors.InnokgError` raised in a worker is raised again in the
  parent, the same error a one-process run gives; any other exception becomes a
  :class:`~innokg.errors.WorkerError` naming the task; a worker that dies (killed, out of memory)
  is a :class:`~innokg.errors.WorkerError` naming the task and the signal.

Examples
--------
>>> run_tasks(abs, [-1, 2, -3], jobs=1)
[1, 2, 3]
"""

from __future__ import annotations

import os
import signal
import time
import traceback
from collections import deque
from typing import Any, Callable, Sequence

from innokg.errors import InnokgError, WorkerError

__all__ = ["available_cores", "worker_count", "run_tasks"]

#: seconds a worker may take to leave after being told the work is done, before it is killed
_LEAVE = 2.0


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it, else ``os.cpu_count()``).

    Examples
    --------
    >>> available_cores() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(jobs: int, tasks: int) -> int:
    """How many workers ``jobs`` asks for on ``tasks`` tasks: ``0`` = every available core; never more
    than the tasks; ``1`` (or a single task) = none, the work runs in this process.

    Examples
    --------
    >>> worker_count(1, 7), worker_count(4, 2), worker_count(3, 7)
    (1, 2, 3)
    """
    if jobs < 0:
        raise ValueError("jobs must be ≥ 0")
    n = available_cores() if jobs == 0 else jobs
    return max(1, min(n, tasks))


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent ends (nothing elsewhere)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(conn, parent: int) -> None:  # pragma: no cover - runs in a worker process
    """A worker's loop: receive ``(index, function, argument)``, send back the result, until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # the parent ended before the request above took effect
        os._exit(1)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        i, func, arg = task
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            out = func(arg)
        except InnokgError as exc:
            conn.send(("innokg", i, (type(exc), exc.message, exc.where, exc.hint)))
        except Exception as exc:  # a bug: the parent reports it in one line
            conn.send(("bug", i, (f"{type(exc).__name__}: {exc}", traceback.format_exc())))
        else:
            conn.send(("ok", i, (out, time.perf_counter() - t0, time.process_time() - c0)))


def _signal_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"ended with exit code {code}"


def run_tasks(func: Callable[[Any], Any], args: Sequence[Any], jobs: int = 1, *,
              name: Callable[[int], str] = lambda i: f"task {i + 1}",
              started: Callable[[int], None] | None = None,
              finished: Callable[[int, Any, float, float], None] | None = None) -> list[Any]:
    """``[func(a) for a in args]``, in that order, on ``jobs`` worker processes.

    Parameters
    ----------
    func : callable
        A module-level function (workers import it by name).
    args : sequence
        One argument per task; each is sent to a worker by :mod:`pickle`. ``args[i]`` is read once, in
        task order, only when task ``i`` is next (with workers: while the workers are busy, at most one
        argument per worker ahead of them), so a sequence that makes its items on demand overlaps making
        them with the work.
    jobs : int
        Worker processes (``0`` = every available core, at most one per task); with one worker or one
        task, everything runs in this process, no worker is started.
    name : callable
        ``name(i)``: how errors name task ``i`` (e.g. ``"period 2017"``).
    started, finished : callable, optional
        Called in this process when task ``i`` is handed out (its argument made), and when its result
        is back: ``finished(i, result, wall seconds, CPU seconds)`` (with workers, after the worker got its
        next task).

    Raises
    ------
    InnokgError
        What ``func`` raised in a worker (the same error as in one process).
    WorkerError
        A worker died, or ``func`` raised anything else (a bug).
    """
    n = worker_count(jobs, len(args))
    started = started or (lambda _i: None)
    finished = finished or (lambda _i, _r, _w, _c: None)
    if n == 1:
        out = []
        for i in range(len(args)):
            a = args[i]
            started(i)
            t0, c0 = time.perf_counter(), time.process_time()
            out.append(func(a))
            finished(i, out[-1], time.perf_counter() - t0, time.process_time() - c0)
        return out

    import multiprocessing as mp
    from multiprocessing.connection import wait
    from multiprocessing.reduction import ForkingPickler

    ctx = mp.get_context("spawn")
    todo = deque(range(len(args)))
    made: dict[int, Any] = {}  # tasks whose message is pickled, ready to hand out (at most one per worker)
    results: list[Any] = [None] * len(args)
    workers: list[tuple[Any, Any]] = []  # (process, connection)
    busy: dict[Any, int] = {}  # connection -> task index

    def make_next() -> None:
        """Make and pickle the argument of the first task not yet made (what ``conn.send`` would pickle)."""
        i = next(j for j in todo if j not in made)
        made[i] = ForkingPickler.dumps((i, func, args[i]))

    def can_make() -> bool:
        return len(made) < min(n, len(todo))

    try:
        for _ in range(n):
            here, there = ctx.Pipe()
            p = ctx.Process(target=_serve, args=(there, os.getpid()), daemon=True)
            p.start()
            there.close()
            workers.append((p, here))
        by_conn = {c: p for p, c in workers}
        by_sentinel = {p.sentinel: c for p, c in workers}

        def died(conn, i: int) -> WorkerError:
            p = by_conn[conn]
            p.join(1)
            return WorkerError(f"its worker process {_signal_name(p.exitcode)}; nothing was written", where=name(i),
                               hint="out of memory? run with fewer --jobs, or --jobs 1")

        def hand_out(conn) -> None:
            if todo:
                if todo[0] not in made:
                    make_next()
                i = todo.popleft()
                message = made.pop(i)
                started(i)
                busy[conn] = i
                try:
                    conn.send_bytes(message)
                except OSError:  # the worker ended before it took its task
                    raise died(conn, i) from None

        for _, conn in workers:
            hand_out(conn)
        while busy:
            # while every worker is busy, make the next tasks' arguments; look for results in between
            ahead = can_make()
            ready = wait(list(busy) + [p.sentinel for p, c in workers if c in busy], 0 if ahead else None)
            if not ready and ahead:
                make_next()
                continue
            for r in ready:
                conn = by_sentinel.get(r, r)
                if conn not in busy:
                    continue
                i = busy[conn]
                try:
                    kind, _, payload = conn.recv()
                except (EOFError, OSError):
                    raise died(conn, i) from None
                del busy[conn]
                if kind == "innokg":
                    cls, message, where, hint = payload
                    raise cls(message, where=where, hint=hint)
                if kind == "bug":
                    raise WorkerError(f"internal error in the worker: {payload[0]}", where=name(i),
                                      hint="run again with --jobs 1 --verbose for the traceback and report it")
                out, wall, cpu = payload
                results[i] = out
                hand_out(conn)  # the worker first: then what this process does with the result
                finished(i, out, wall, cpu)
        for _, conn in workers:
            try:
                conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + _LEAVE
        for p, _ in workers:
            p.join(max(0.0, deadline - time.monotonic()))
    finally:
        for p, conn in workers:  # on any way out: no worker outlives the call
            if p.exitcode is None:
                p.kill()
        for p, conn in workers:
            p.join(1)
            conn.close()
    return results
