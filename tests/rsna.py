"""Run R's ``sna`` on a networkx graph and read back its numbers exactly.

R prints every double with ``%.17g`` so that the value read back is the very
double R computed (round-trip exact), and comparisons can be made to the last digit.
The test that calls :func:`run_sna_brokerage` skips, saying why, when ``Rscript``
or the R package ``sna`` (Debian ``r-cran-sna``) is absent.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

R_BROKERAGE = r"""
suppressPackageStartupMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(readLines(args[1], n = 1))
el <- read.table(args[2], header = FALSE, colClasses = "integer")
cl <- readLines(args[3])
mat <- matrix(0, n, n)
if (nrow(el) > 0) for (r in seq_len(nrow(el))) mat[el[r, 1], el[r, 2]] <- 1
b <- brokerage(mat, cl)
fmt <- function(x) ifelse(is.nan(x), "NaN", ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x)))
out <- file(args[4], "w")
for (part in c("raw.nli", "exp.nli", "sd.nli", "z.nli")) {
  m <- b[[part]]
  for (i in seq_len(nrow(m))) writeLines(paste(part, i, paste(fmt(m[i, ]), collapse = " ")), out)
}
for (part in c("raw.gli", "exp.gli", "sd.gli", "z.gli")) writeLines(paste(part, 0, paste(fmt(b[[part]]), collapse = " ")), out)
close(out)
"""


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
    rscript = require_sna()
    nodes = list(G.nodes())
    index = {v: i + 1 for i, v in enumerate(nodes)}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
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
        (t / "b.R").write_text(R_BROKERAGE)
        r = subprocess.run([rscript, str(t / "b.R"), str(t / "n.txt"), str(t / "el.txt"),
                            str(t / "cl.txt"), str(t / "out.txt")], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        result: dict = {}
        for line in (t / "out.txt").read_text().splitlines():
            part, i, *vals = line.split()
            values = [_parse(x) for x in vals]
            if part.endswith(".gli"):
                result[part] = values
            else:
                result.setdefault(part, {})[nodes[int(i) - 1]] = values
        return result
