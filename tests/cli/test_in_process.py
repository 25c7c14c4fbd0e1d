"""The fast tier's ``run_cli`` (``innokg.cli.main`` in this process) gives what the real command gives.

Each case runs once in-process and once as ``python -m innokg.cli`` and compares exit code,
stdout and stderr byte for byte: help text (wrapped as on a pipe), usage errors, a load error
with its ``[ERROR] [file:line:column]`` line, a traceback with ``--verbose``, stdin, a query's
rows on stdout, a command that exits 1.
"""

from __future__ import annotations

import re

import pytest

from support.bad_input import BAD, MINI_SHAPES

CASES = {
    "help": (["--help"], None),
    "command-help": (["validate", "--help"], None),
    "version": (["--version"], None),
    "unknown-command": (["frobnicate"], None),
    "bad-choice": (["validate", "--severity", "fatal", "bom.trig"], None),
    "load-error": (["validate", "--no-reason", "--shapes", MINI_SHAPES, "malformed-statement.ttl"], None),
    "verbose-traceback": (["--verbose", "validate", "--no-reason", "--shapes", MINI_SHAPES, "unclosed-graph.trig"],
                          None),
    "stdin-query": (["sparql", "-", "-d", "../queries/ecosystem.trig", "--format", "csv"],
                    "SELECT ?s WHERE { ?s a <https://w3id.org/innokg/ontology#Cluster> } ORDER BY ?s"),
    "import-with-findings": (["import", "import/orgs.yaml", "-o", "/dev/null"], None),
}


def _same_text(text: str) -> str:
    """Stderr without what may differ: timings, and a traceback's frames (``-m`` adds runpy's)."""
    text = re.sub(r"\b\d+\.\d+ s\b", "N s", text)
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("  ")) if "Traceback" in text else text


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_process_equals_the_real_command(name, run_cli, run_cli_process):
    args, stdin = CASES[name]
    fast = run_cli(*args, cwd=BAD, input=stdin)
    real = run_cli_process(*args, cwd=BAD, input=stdin)
    assert fast.returncode == real.returncode, (fast.stderr, real.stderr)
    assert fast.stdout == real.stdout
    assert _same_text(fast.stderr) == _same_text(real.stderr)
