"""The curated graph validated as ``innokg build`` validates it, once per test session, shared by the test files
that read the findings.

``innokg.pipeline.prepare(None, engine="pyshacl")`` — graph/ and ontology/, OWL RL rules, every shape of
shapes/, pyshacl (what ``--engine auto`` picks for the curated graph, and the reference the SPARQL engine is held
to) — takes ~8 CPU s, most of it pyshacl. Two test files need exactly that report: ``tests/validate/test_shapes.py``
(no Violation, the known gaps among the Warnings) and ``tests/validate/test_store_engine.py`` (the SPARQL engine
prints the same lines). With ``--dist loadscope`` they run on different pytest-xdist workers, so
:func:`curated_findings` makes the report in the first worker that asks, under a file lock in the session's shared
folder, and hands the others the same findings read back from JSON.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import logging
import os
from pathlib import Path

__all__ = ["curated_findings"]


def curated_findings(folder: Path) -> list:
    """The findings (:class:`innokg.validate.report.Finding`, in the report's order) of ``prepare(None,
    engine="pyshacl")``: the curated graph reasoned and validated with all shapes by pyshacl. ``folder`` is the
    session's shared folder (the ``session_folder`` fixture); the file names the working folder, since findings
    name files relative to it."""
    from innokg.validate.report import Finding

    out = folder / "curated-findings.json"
    with open(folder / "curated-findings.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker validates, the others wait for it
        if not out.exists() or json.loads(out.read_text(encoding="utf-8"))["cwd"] != os.getcwd():
            from innokg.pipeline import prepare

            logging.getLogger("rdflib").setLevel(logging.ERROR)  # ill-typed literals are findings, not log noise
            report = prepare(None, engine="pyshacl").report
            part = out.with_suffix(".part")
            findings = [dataclasses.asdict(f) for f in report.findings]
            part.write_text(json.dumps({"cwd": os.getcwd(), "findings": findings}, ensure_ascii=False),
                            encoding="utf-8")
            os.replace(part, out)
    return [Finding(**f) for f in json.loads(out.read_text(encoding="utf-8"))["findings"]]
