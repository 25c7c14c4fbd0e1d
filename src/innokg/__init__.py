"""innokg — a knowledge graph of the innovation ecosystem."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("innokg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from innokg.errors import InnokgError

__all__ = ["__version__", "InnokgError"]
