"""Write outputs whole or not at all.

Every output innokg writes (a dataset folder, a report, a static site, a single
file) is first written to a temporary sibling and moved into place only when it is
complete. A run that fails, raises or is killed midway leaves what was there before
untouched.

Temporary siblings are named ``.<name>.tmp-<pid>-<random>``; a folder being
replaced is parked as ``.<name>.old-<pid>`` for the instant of the swap (on Linux
the swap is a single ``renameat2(RENAME_EXCHANGE)``, so ``<name>`` never goes
missing). A run that was killed leaves such siblings behind; the next run that
writes the same target removes those whose process is gone (:func:`clean_stale`)
and, if the target itself went missing in the middle of a swap, puts the parked
previous version back.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

__all__ = ["atomic_dir", "atomic_file", "clean_stale", "run_pid", "RUN_LOG", "RUN_PID"]

#: environment variable naming a file to which every output target is appended as it is
#: started (set by the ``innokg`` process that supervises the run, :mod:`innokg.cli`, which cleans them up after a
#: run it had to kill: ``clean_stale(target, dead=pid)``)
RUN_LOG = "INNOKG_RUN_LOG"
#: environment variable with the process id of the ``innokg`` process that supervises this run
#: (:mod:`innokg.cli`): temporary siblings are named after it, the process id the user knows
RUN_PID = "INNOKG_RUN_PID"


def run_pid() -> int:
    """The process id temporary siblings carry: the supervising ``innokg`` process's, else this one's."""
    try:
        pid = int(os.environ.get(RUN_PID, ""))
    except ValueError:
        return os.getpid()
    return pid if pid == os.getppid() else os.getpid()  # only the run's own parent: not inherited further


def _note_target(target: Path) -> None:
    log = os.environ.get(RUN_LOG)
    if log:
        with contextlib.suppress(OSError), open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{target.resolve()}\n")

_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)(?:-.*)?$")


def _alive(pid: int) -> bool:
    if pid in (os.getpid(), run_pid()):
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def clean_stale(target: str | os.PathLike, dead: int | None = None) -> list[Path]:
    """Remove temporary siblings of ``target`` left by runs that were killed.

    Only siblings whose process id is no longer running (or is ``dead``, a process
    known to be killed but perhaps not yet reaped) are touched. When
    ``target`` is missing but a parked previous version (``.<name>.old-<pid>``)
    exists, that version is moved back into place first.

    Returns
    -------
    list of Path
        The siblings removed or restored.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / ".out.tmp-999999999-abc").mkdir()
    >>> [p.name for p in clean_stale(root / "out")]
    ['.out.tmp-999999999-abc']
    >>> sorted(p.name for p in root.iterdir())
    []
    """
    target = Path(target)
    parent = target.parent
    if not parent.is_dir():
        return []
    touched: list[Path] = []
    for sib in sorted(parent.iterdir()):
        m = _STALE.match(sib.name)
        if not m or m.group("name") != target.name or (int(m.group("pid")) != dead and _alive(int(m.group("pid")))):
            continue
        if m.group("kind") == "old" and not os.path.lexists(target):
            os.replace(sib, target)  # killed mid-swap: the previous output comes back
        elif sib.is_dir() and not sib.is_symlink():
            shutil.rmtree(sib, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                sib.unlink()
        touched.append(sib)
    return touched


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask is process-wide and not thread-safe to probe later
_RENAME_EXCHANGE = 2
_renameat2 = None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False when unsupported."""
    global _renameat2
    if _renameat2 is None:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            fn = libc.renameat2
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            fn.restype = ctypes.c_int
            _renameat2 = fn
        except (OSError, AttributeError):
            _renameat2 = False
    if not _renameat2:
        return False
    at_fdcwd = -100
    rc = _renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: errors that mean "the output could not be written" (disk full, file too large, quota, read-only)
_WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS}


def _errno(exc: OSError) -> int | None:
    """The error number, also of Oxigraph's OSErrors, which carry it only in the message."""
    if exc.errno is not None:
        return exc.errno
    m = re.search(r"\(os error (\d+)\)", str(exc))
    return int(m.group(1)) if m else None


def _write_error(exc: OSError, target: Path):
    from innokg.errors import InputError

    reason = exc.strerror or os.strerror(_errno(exc) or 0)
    return InputError(f"could not write: {reason}; nothing was written", where=str(target),
                      hint="free some space or choose another place; the previous output is untouched")


@contextlib.contextmanager
def atomic_dir(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a fresh temporary folder that replaces ``target`` on success.

    The temporary folder sits beside ``target`` (same file system, so the final
    step is a rename). On an exception it is removed and ``target`` is untouched;
    if the process is killed, ``target`` is untouched too and the next call for the
    same target removes the leftover (see :func:`clean_stale`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_dir(root / "out") as tmp:
    ...     _ = (tmp / "a.txt").write_text("hello")
    >>> (root / "out" / "a.txt").read_text()
    'hello'
    >>> sorted(p.name for p in root.iterdir())
    ['out']
    """
    target = Path(target)
    if os.path.lexists(target) and not target.is_dir():
        from innokg.errors import InputError

        raise InputError("exists and is not a folder", where=str(target),
                         hint="choose another --out or remove the file")
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    _note_target(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{run_pid()}-", dir=target.parent))
    os.chmod(tmp, 0o777 & ~_UMASK)  # mkdtemp makes 0700; an output folder is readable like any other
    try:
        yield tmp
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if _errno(exc) in _WRITE_ERRNOS:
            raise _write_error(exc, target) from exc
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if target.is_dir() and not target.is_symlink() and _exchange(tmp, target):
        # tmp now holds the previous output
        shutil.rmtree(tmp, ignore_errors=True)
        _fsync_dir(target.parent)
        return
    old = None
    if os.path.lexists(target):
        old = target.parent / f".{target.name}.old-{run_pid()}"
        if os.path.lexists(old):
            shutil.rmtree(old)
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(target.parent)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8"):
    """Open a temporary file that replaces ``target`` when the block ends cleanly.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_file(p) as fh:
    ...     _ = fh.write("whole")
    >>> p.read_text()
    'whole'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    _note_target(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.tmp-{run_pid()}-", dir=target.parent)
    if "b" in mode:
        encoding = None
    try:
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.exists(target):
            # keep the permissions of the file being replaced (mkstemp makes 0600)
            shutil.copymode(target, name)
        else:
            os.chmod(name, 0o666 & ~_UMASK)
        os.replace(name, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        if isinstance(exc, OSError) and _errno(exc) in _WRITE_ERRNOS:
            raise _write_error(exc, target) from exc
        raise
    _fsync_dir(target.parent)
