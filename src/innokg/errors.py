"""One exception hierarchy for failures to run.

Findings (validation results, analysis results) are *results*, never exceptions.
An :class:`InnokgError` means innokg could not do what it was asked; it names the
file (and line/column where there is one) or the parameter, and says what to do
next. The CLI prints it as ``[ERROR] [where] message`` and exits with code 2.
"""

from __future__ import annotations

__all__ = [
    "InnokgError",
    "InputError",
    "ParseError",
    "ParameterError",
    "QueryError",
    "ConfigError",
    "WorkerError",
]


class InnokgError(Exception):
    """Base class of every error innokg raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong, in one sentence.
    where : str, optional
        The place: ``file``, ``file:line``, ``file:line:column`` or ``--param``.
    hint : str, optional
        What the user can do next.

    Examples
    --------
    >>> e = ParseError("unexpected '.'", where="graph/x.trig:3:7", hint="check the statement")
    >>> e.format()
    "[ERROR] [graph/x.trig:3:7] unexpected '.' (check the statement)"
    """

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def format(self) -> str:
        where = f" [{self.where}]" if self.where else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[ERROR]{where} {self.message}{hint}"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.format()


class InputError(InnokgError):
    """An input file is missing, unreadable, empty or in the wrong encoding."""


class ParseError(InputError):
    """An input file could not be parsed (RDF syntax, CSV shape, SPARQL syntax)."""


class ParameterError(InnokgError):
    """A command-line option or query parameter has a wrong name or value."""


class QueryError(InnokgError):
    """A SPARQL query could not be run (syntax, refused operation, time limit)."""


class ConfigError(InnokgError):
    """A mapping or configuration file is wrong."""


class WorkerError(InnokgError):
    """A worker process (``--jobs N``) died or failed unexpectedly; the run was stopped."""
