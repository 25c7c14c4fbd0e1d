"""SHACL-SPARQL constraints and targets pass the query guard before either engine runs them.

A shapes file is data a user may have been sent; its ``sh:select`` could hold ``SERVICE <http://…>`` (nested in
``FILTER EXISTS``, or ``SILENT``), which pyshacl (through rdflib) and Oxigraph would both execute. A listener on
loopback stands where such a query would connect: the command must refuse the shapes with one
``[ERROR] [file shape <iri>:line:column] SERVICE is refused …`` line and exit 2, and the listener must see no connection, with either engine.
"""

from __future__ import annotations

import pytest

from support.paths import ROOT
from support.loopback import Listener

MINI = ROOT / "tests" / "fixtures" / "build" / "mini.trig"

CONSTRAINT = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
@prefix t: <https://w3id.org/innokg/test-shapes#> .
t:LeakShape a sh:NodeShape ; sh:targetClass schema:MonetaryAmount ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "leak" ; sh:select \"\"\"
SELECT $this WHERE { $this ?p ?o .
  FILTER EXISTS { SELECT ?x WHERE { SERVICE SILENT <http://127.0.0.1:PORT/sparql> { ?x ?y ?z } } } }\"\"\" ] .
"""

TARGET = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
@prefix t: <https://w3id.org/innokg/test-shapes#> .
t:LeakTargetShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:select \"\"\"
SELECT ?this WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?this ?p ?o } }\"\"\" ] ;
    sh:property [ sh:path schema:currency ; sh:minCount 1 ] .
"""


@pytest.fixture
def listener():
    with Listener() as lis:
        yield lis


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
@pytest.mark.parametrize("text,shape", [(CONSTRAINT, "LeakShape"), (TARGET, "LeakTargetShape")],
                         ids=["constraint", "target"])
def test_service_in_shapes_is_refused_and_nothing_connects(run_cli, tmp_path, listener, engine, text, shape):
    shapes = tmp_path / "leak.ttl"
    shapes.write_text(text.replace("PORT", str(listener.port)), encoding="utf-8")
    r = run_cli("validate", MINI, "--shapes", shapes, "--engine", engine)
    assert r.returncode == 2, r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("[ERROR]")]
    assert len(errors) == 1 and "SERVICE is refused" in errors[0], r.stderr
    # where: the shapes file, the shape that holds the query, and the line:column of SERVICE in its text
    assert errors[0].startswith(f"[ERROR] [{shapes} shape <https://w3id.org/innokg/test-shapes#{shape}>:"), errors[0]
    assert listener.settle() == 0
