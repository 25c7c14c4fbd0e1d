"""Run R's ``sna`` on a networkx graph and read back its numbers exactly.

R prints every double with ``%.17g`` so that the value read back is the very
double R computed (round-trip exact), and comparisons can be made to the last digit.
The test that calls :func:`run_sna_brokerage` skips, saying why, when ``Rscript``
or the R package ``sna`` (Debian ``r-cran-sna``) is absent.
"""

from __future__ import annotations

import functools
import math
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

R_BROKERAGE = r"""
suppressPackageStartupMessages(library(sna))
fmt <- function(x) ifelse(is.nan(x), "NaN", ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x)))
# one call analyses every network folder given (one R start-up for all of them)
for (dir in commandArgs(trailingOnly = TRUE)) {
  n <- as.integer(readLines(file.path(dir, "n.txt"), n = 1))
  el <- read.table(file.path(dir, "el.txt"), header = FALSE, colClasses = "integer")
  cl <- readLines(file.path(dir, "cl.txt"))
  mat <- matrix(0, n, n)
  if (nrow(el) > 0) for (r in seq_len(nrow(el))) mat[el[r, 1], el[r, 2]] <- 1
  b <- brokerage(mat, cl)
  out <- file(file.path(dir, "out.txt"), "w")
  for (part in c("raw.nli", "exp.nli", "sd.nli", "z.nli")) {
    m <- b[[part]]
    for (i in seq_len(nrow(m))) writeLines(paste(part, i, paste(fmt(m[i, ]), collapse = " ")), out)
  }
  for (part in c("raw.gli", "exp.gli", "sd.gli", "z.gli")) writeLines(paste(part, 0, paste(fmt(b[[part]]), collapse = " ")), out)
  close(out)
}
"""


@functools.lru_cache(maxsize=None)  # R's start-up with sna loaded: once per test process, not once per test
def require_sna() -> str:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is absent: install the Debian package r-cran-sna (see .ci/debian-packages.txt)")
    r = subprocess.run([rscript, "-e", "quit(status = !requireNamespace('sna', quietly = TRUE))"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("the R package sna is absent: install the Debian package r-cran-sna")
    return rscript


_SPECIAL = {"NaN": math.nan, "NA": math.nan, "Inf": math.inf, "-Inf": -math.inf}


def _parse(tok: str) -> float:
    return _SPECIAL[tok] if tok in _SPECIAL else float(tok)


def run_sna_brokerage(G, groups: dict) -> dict:
    """``sna::brokerage`` on ``G`` (undirected graphs as symmetric matrices).

    Returns ``{"raw.nli": {node: [6 floats]}, ..., "raw.gli": [6 floats], ...}``.
    """
    return run_sna_brokerage_many([(G, groups)])[0]


def run_sna_brokerage_many(items: list) -> list[dict]:
    """:func:`run_sna_brokerage` for several ``(G, groups)`` pairs in one R process."""
    rscript = require_sna()
    with tempfile.TemporaryDirectory() as tmp:
        dirs = []
        for k, (G, groups) in enumerate(items):
            t = Path(tmp) / str(k)
            t.mkdir()
            nodes = list(G.nodes())
            index = {v: i + 1 for i, v in enumerate(nodes)}
            (t / "n.txt").write_text(f"{len(nodes)}\n")
            lines = []
            for u, v in G.edges():
                if u == v:
                    continue
                lines.append(f"{index[u]} {index[v]}")
                if not G.is_directed():
                    lines.append(f"{index[v]} {index[u]}")
            (t / "el.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
            (t / "cl.txt").write_text("\n".join(str(groups[v]) for v in nodes) + "\n")
            dirs.append((t, nodes))
        script = Path(tmp) / "b.R"
        script.write_text(R_BROKERAGE)
        r = subprocess.run([rscript, str(script), *(str(t) for t, _ in dirs)], capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        results = []
        for t, nodes in dirs:
            result: dict = {}
            for line in (t / "out.txt").read_text().splitlines():
                part, i, *vals = line.split()
                values = [_parse(x) for x in vals]
                if part.endswith(".gli"):
                    result[part] = values
                else:
                    result.setdefault(part, {})[nodes[int(i) - 1]] = values
            results.append(result)
        return results
