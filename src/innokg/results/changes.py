"""What changed between two builds of the dataset (``innokg diff OLD NEW``).

Two datasets are compared statement by statement, per named graph: a statement is *added* when only NEW has it,
*removed* when only OLD has it; a property of an entity whose values were removed and others added in the same
graph is a *changed value* (an amount, a date, a role). Blank nodes carry no identity from one build to the
next, so a statement pointing to one (an amount, an address) is compared with the blank node's description
written in Turtle, ``[ <p> <o> ; … ]``: two amounts are the same when they say the same.

Terms are compared in their N-Quads form as written (the form ``innokg import`` and ``innokg publish`` write);
other RDF formats are first serialized to N-Quads by Oxigraph. The lines are compared first, as byte strings;
only the blank nodes named in lines that differ are described, which keeps ``innokg diff`` fast on millions of
statements (benchmarks/diff.py).

Outputs: a text summary (per graph, per entity, changed values), a CSV table (one row per change), and an RDF
changeset in the Talis ChangeSet vocabulary [1]_ (one ``cs:ChangeSet`` per entity and graph, its statements
reified as ``cs:addition`` / ``cs:removal``).

References
----------
.. [1] S. Tunnicliffe, I. Davis, "Changeset", vocabulary, 2009, http://purl.org/vocab/changeset/schema#.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import hashlib
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from innokg.errors import InputError

__all__ = ["Change", "DatasetChanges", "changes_csv", "changes_text", "changeset_turtle", "dataset_changes",
           "read_statements"]

CS = "http://purl.org/vocab/changeset/schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_SUFFIXES = {".trig": "TRIG", ".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".rdf": "RDF_XML",
                 ".nq": "N_QUADS"}


@dataclass(frozen=True)
class Change:
    """One change: ``kind`` is ``added``, ``removed`` or ``changed`` (a property's values replaced)."""

    kind: str
    graph: str
    entity: str
    property: str
    old: tuple[str, ...] = ()  # N-Triples terms (a blank node as its Turtle description)
    new: tuple[str, ...] = ()


def _nquads_bytes(path: Path) -> bytes:
    """The file's N-Quads: as it is for .nq(.gz), through Oxigraph for the other RDF formats."""
    name = path.name.removesuffix(".gz")
    suffix = Path(name).suffix.lower()
    if suffix not in _RDF_SUFFIXES:
        raise InputError(f"unknown RDF file type {suffix!r}", where=str(path),
                         hint="give a .nq, .nq.gz, .trig, .ttl, .nt, .jsonld or .rdf file")
    if not path.is_file():
        raise InputError("no such file", where=str(path), hint="give the path of a built or published dataset")
    try:
        data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {exc}", where=str(path)) from None
    if suffix == ".nq":
        return data.replace(b"\r\n", b"\n")
    import pyoxigraph as ox

    try:
        quads = ox.parse(data, format=getattr(ox.RdfFormat, _RDF_SUFFIXES[suffix]))
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    except SyntaxError as exc:
        raise InputError(f"not valid {_RDF_SUFFIXES[suffix]}: {exc}", where=str(path)) from None


def _statement(line: bytes | str) -> str:
    """An N-Quads line without its final `` .`` (decoded)."""
    text = line.decode("utf-8", errors="replace") if isinstance(line, bytes) else line
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def split_statement(line: str) -> tuple[str, str, str, str]:
    """(graph, subject, predicate, object) of an N-Quads line without its final `` .``.

    Examples
    --------
    >>> split_statement('<s> <p> "a b"@en <g>')
    ('<g>', '<s>', '<p>', '"a b"@en')
    >>> split_statement('<s> <p> "x <y>"^^<d>')
    ('', '<s>', '<p>', '"x <y>"^^<d>')
    """
    s, p, rest = line.split(" ", 2)
    head, _, last = rest.rpartition(" ")
    if head and '"' not in last and (last.startswith("_:") or (last.startswith("<") and last.endswith(">"))):
        return last, s, p, head
    return "", s, p, rest


@dataclass
class Statements:
    """The N-Quads lines of a dataset, and what is needed to describe its blank nodes.

    ``about``: the lines whose subject is a blank node, sorted (so a node's lines are found by bisection);
    ``refs``: label -> the lines whose (non-blank) subject points to it; ``parents``: label -> the blank nodes
    that point to it.
    """

    lines: set[bytes] = field(default_factory=set)
    about: list[bytes] = field(default_factory=list)
    refs: dict[bytes, list[bytes]] = field(default_factory=lambda: defaultdict(list))
    parents: dict[bytes, set[bytes]] = field(default_factory=lambda: defaultdict(set))

    @property
    def size(self) -> int:
        """Statements compared: those whose subject is not a blank node (the others describe their node)."""
        return len(self.lines) - len(self.about)

    def props(self, label: bytes) -> list[bytes]:
        """The rest (``<p> <o> <g> .``) of each line about the blank node ``label``."""
        prefix = label + b" "
        i = bisect.bisect_left(self.about, prefix)
        out = []
        while i < len(self.about) and self.about[i].startswith(prefix):
            out.append(self.about[i][len(prefix):])
            i += 1
        return out

    def describe(self, label: bytes, _seen: frozenset = frozenset()) -> str:
        """A blank node as Turtle: ``[ <p> <o> ; … ]``, its own blank nodes described in turn, sorted."""
        if label in _seen:
            return "[]"
        pairs = []
        for rest in self.props(label):
            po = _statement(rest)
            head, _, last = po.rpartition(" ")
            if head and '"' not in last and (last.startswith("<") or last.startswith("_:")):
                po = head  # the graph
            p, o = po.split(" ", 1)
            if o.startswith("_:"):
                o = self.describe(o.encode("utf-8"), _seen | {label})
            pairs.append(f"{p} {o}")
        return "[ " + " ; ".join(sorted(pairs)) + " ]"


def _object_label(line: bytes) -> bytes | None:
    """The blank node a line with a non-blank subject points to, if any."""
    parts = line.split(b" ", 3)
    return parts[2] if len(parts) > 2 and parts[2][:2] == b"_:" else None


def read_statements(path: str | Path) -> Statements:
    """The statements of an RDF file, indexed for :func:`dataset_changes`."""
    path = Path(path)
    st = Statements(lines=set(_nquads_bytes(path).split(b"\n")))
    st.lines.discard(b"")
    with_bnodes = [line for line in st.lines if b"_:" in line]  # (or "_:" inside a literal: no index entry)
    st.about = sorted(line for line in with_bnodes if line[:2] == b"_:")
    for line in (line for line in st.about if line.count(b"_:") > 1):  # a blank node inside a blank node
        label, rest = line.split(b" ", 1)
        child = _object_label(b"x " + rest)
        if child:
            st.parents[child].add(label)
    for line in with_bnodes:
        if line[:2] != b"_:":
            label = _object_label(line)
            if label:
                st.refs[label].append(line)
    return st


@dataclass
class DatasetChanges:
    """The changes from OLD to NEW."""

    old: str
    new: str
    old_size: int
    new_size: int
    changes: list[Change]
    added: int
    removed: int
    by_graph: dict[str, tuple[int, int]]  # graph -> (added, removed)
    by_entity: dict[tuple[str, str], tuple[int, int]]  # (graph, entity) -> (added, removed)

    def digest(self) -> str:
        """SHA-256 of the change list (same changes, same digest)."""
        h = hashlib.sha256()
        for c in self.changes:
            h.update("\t".join((c.kind, c.graph, c.entity, c.property, *c.old, "->", *c.new)).encode() + b"\n")
        return h.hexdigest()


def _labels(line: bytes) -> list[bytes]:
    """The blank nodes a line names as subject or object."""
    found = [line.split(b" ", 1)[0]] if line[:2] == b"_:" else []
    obj = _object_label(b"x " + line.split(b" ", 1)[1]) if line[:2] == b"_:" else _object_label(line)
    return found + ([obj] if obj else [])


def _folded(st: Statements, labels: set[bytes]) -> dict[str, tuple[str, str, str, str]]:
    """The statements of ``st`` about the blank nodes ``labels``, each folded into the statement that points to
    the node (or on its own, for a node nothing points to): key -> (graph, subject, predicate, object)."""
    out = {}
    for label in labels:
        if label in st.parents or label not in st.refs and not st.props(label):
            continue  # described inside the blank node that points to it; or not in this dataset
        desc = st.describe(label)
        if label in st.refs:
            for line in st.refs[label]:
                g, s, p, _o = split_statement(_statement(line))
                out[f"{s} {p} {desc} {g}".rstrip()] = (g, s, p, desc)
        else:
            out[desc] = ("", desc, "", "")
    return out


def _split(line: bytes, where) -> tuple[str, str, str, str]:
    text = _statement(line)
    if text.startswith("#"):
        return ("", "", "", text)  # a comment line: shown as it is
    try:
        return split_statement(text)
    except ValueError:
        raise InputError(f"not an N-Quads statement: {text[:80]!r}", where=str(where),
                         hint="give N-Quads (one statement per line) or another RDF format by its suffix") from None


def dataset_changes(old: str | Path, new: str | Path) -> DatasetChanges:
    """Compare two RDF files (see the module docstring).

    The N-Quads lines are compared first; the blank nodes named in a line that differs (and those that point
    to them) are then compared by their descriptions. A blank node whose lines are all the same in both files
    says the same in both, so the usual case — an import or a dump written again with a few values changed —
    describes only the few blank nodes involved.
    """
    a, b = read_statements(old), read_statements(new)
    differ = a.lines ^ b.lines
    affected: set[bytes] = set()
    plain_removed, plain_added = [], []
    for line in differ:
        labels = _labels(line) if b"_:" in line else []
        if labels:
            affected.update(labels)
        elif line in a.lines:
            plain_removed.append(line)
        else:
            plain_added.append(line)
    todo = list(affected)
    while todo:  # up to the blank nodes that IRIs point to
        label = todo.pop()
        for parent in a.parents.get(label, set()) | b.parents.get(label, set()):
            if parent not in affected:
                affected.add(parent)
                todo.append(parent)
    fa, fb = _folded(a, affected), _folded(b, affected)
    removed = [_split(line, old) for line in plain_removed] + [fa[k] for k in fa.keys() - fb.keys()]
    added = [_split(line, new) for line in plain_added] + [fb[k] for k in fb.keys() - fa.keys()]
    # (graph, entity, property) -> removed objects, added objects
    slots: dict[tuple[str, str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for g, s, p, o in removed:
        slots[(g, s, p)][0].append(o)
    for g, s, p, o in added:
        slots[(g, s, p)][1].append(o)
    changes: list[Change] = []
    by_graph: Counter = Counter()
    by_entity: Counter = Counter()
    for (g, s, p), (olds, news) in slots.items():
        by_graph[(g, "added")] += len(news)
        by_graph[(g, "removed")] += len(olds)
        by_entity[(g, s, "added")] += len(news)
        by_entity[(g, s, "removed")] += len(olds)
        if olds and news:
            changes.append(Change("changed", g, s, p, tuple(sorted(olds)), tuple(sorted(news))))
        else:
            changes += [Change("removed", g, s, p, old=(o,)) for o in sorted(olds)]
            changes += [Change("added", g, s, p, new=(o,)) for o in sorted(news)]
    changes.sort(key=lambda c: (c.graph, c.entity, c.property, c.kind, c.old, c.new))
    graphs = sorted({g for g, _k in by_graph})
    entities = sorted({(g, s) for g, s, _k in by_entity})
    return DatasetChanges(
        str(old), str(new), a.size, b.size, changes, len(added), len(removed),
        {g: (by_graph[(g, "added")], by_graph[(g, "removed")]) for g in graphs},
        {(g, s): (by_entity[(g, s, "added")], by_entity[(g, s, "removed")]) for g, s in entities})


def _iri(term: str) -> str:
    return term[1:-1] if term.startswith("<") and term.endswith(">") else term


def changes_text(ch: DatasetChanges, limit: int | None = 50) -> str:
    """A summary for people: totals, per graph, per entity (the first ``limit``), then the changes."""
    lines = [f"{ch.old} -> {ch.new}",
             f"{ch.old_size} -> {ch.new_size} statements: +{ch.added} added, -{ch.removed} removed, "
             f"in {len(ch.by_graph)} graphs and {len(ch.by_entity)} entities "
             f"({sum(c.kind == 'changed' for c in ch.changes)} changed values)"]
    if ch.by_graph:
        lines += ["", "per graph (added, removed):"]
        lines += [f"  {_iri(g) or '(default graph)'}  +{a} -{r}" for g, (a, r) in ch.by_graph.items()]
    if ch.by_entity:
        shown = list(ch.by_entity.items())[:limit] if limit is not None else list(ch.by_entity.items())
        lines += ["", f"per entity (added, removed){'' if len(shown) == len(ch.by_entity) else f', first {len(shown)}'}:"]
        lines += [f"  {_iri(s)}  +{a} -{r}" for (_g, s), (a, r) in shown]
        shown_changes = ch.changes[:limit] if limit is not None else ch.changes
        lines += ["", f"changes{'' if len(shown_changes) == len(ch.changes) else f', first {len(shown_changes)}'}:"]
        for c in shown_changes:
            old, new = " | ".join(c.old), " | ".join(c.new)
            what = {"changed": f"{old} -> {new}", "added": f"+ {new}", "removed": f"- {old}"}[c.kind]
            lines.append(f"  {c.kind:8} {_iri(c.entity)}  {_iri(c.property)}  {what}")
    else:
        lines += ["", "no changes"]
    return "\n".join(lines) + "\n"


CSV_HEADER = ["change", "graph", "entity", "property", "old", "new"]


def changes_csv(ch: DatasetChanges) -> bytes:
    """One row per change: ``change`` (added/removed/changed), graph, entity, property (IRIs), old, new
    (N-Triples terms, a blank node as its Turtle description, several values joined by `` | ``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for c in ch.changes:
        w.writerow([c.kind, _iri(c.graph), _iri(c.entity), _iri(c.property), " | ".join(c.old), " | ".join(c.new)])
    return buf.getvalue().encode("utf-8")


def changeset_turtle(ch: DatasetChanges, base: str = "https://w3id.org/innokg/", created: str | None = None) -> bytes:
    """The changes as Turtle in the ChangeSet vocabulary: one ``cs:ChangeSet`` per (graph, entity)."""
    out = [f"@prefix cs: <{CS}> .", f"@prefix rdf: <{RDF}> .", "@prefix void: <http://rdfs.org/ns/void#> .",
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .", ""]
    groups: dict[tuple[str, str], list[Change]] = defaultdict(list)
    for c in ch.changes:
        groups[(c.graph, c.entity)].append(c)
    for (g, s), cs in groups.items():
        iri = f"<{base}changes/{hashlib.sha1((g + ' ' + s).encode()).hexdigest()[:16]}>"
        subject = s  # an IRI, or a blank node's description, which is Turtle too
        block = [f"{iri} a cs:ChangeSet ;", f"    cs:subjectOfChange {subject} ;"]
        if g:
            block.append(f"    void:inDataset {g} ;")
        if created:
            block.append(f'    cs:createdDate "{created}"^^xsd:date ;')
        stmts = []
        for c in cs:
            for kind, values in (("removal", c.old), ("addition", c.new)):
                for o in values:
                    stmts.append(f"    cs:{kind} [ a rdf:Statement ; rdf:subject {subject} ; "
                                 f"rdf:predicate {c.property} ; rdf:object {o} ]")
        block.append(" ;\n".join(stmts) + " .")
        out.append("\n".join(block))
    return ("\n".join(out) + "\n").encode("utf-8")
