"""Declarative table-to-RDF mappings (YAML), run as a streaming N-Quads writer.

A mapping file says, without Python, how the rows of one or more tables
(CSV/TSV/JSON/NGSI-LD, any delimiter and encoding, optionally gzipped) become
statements in the innokg model: subject IRI templates, classes, one value spec
per predicate (column, template or constant; transforms; datatype or language;
links to other subjects; nested nodes such as ``schema:MonetaryAmount``), joins
with lookup tables, and the provenance of each named graph. The format is
documented in ``mappings/README.md``; the design follows the subject-map /
predicate-object-map split of R2RML/RML [1]_ [2]_ in a smaller YAML form.

The engine compiles every value spec into a closure once, then streams the rows
and writes N-Quads lines directly (no intermediate graph), so a 145,000-row table
maps in seconds. A bad cell or row is reported with its file and line
(:class:`Problem`), never silently dropped; a mapping that names a column the
table lacks fails before any output is written (:class:`~innokg.errors.ConfigError`).

References
----------
.. [1] S. Das, S. Sundara, R. Cyganiak, "R2RML: RDB to RDF Mapping Language", W3C Recommendation, 2012.
.. [2] A. Dimou et al., "RML: A Generic Language for Integrated RDF Mappings of Heterogeneous
   Data", LDOW 2014.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote


from innokg.errors import ConfigError, InputError, ParameterError
from innokg.ingest.mapping_file import read_mapping_document
from innokg.ingest.tables import TableSource, columns_of, read_records, resolve
from innokg.ingest.transforms import TRANSFORMS, BadValue, date_datatype, date_parser, repair_text
from innokg import namespaces as NS

__all__ = ["Mapping", "Problem", "load_mapping", "run_mapping", "PREFIXES", "ID", "GRAPH", "IKG"]

ID = str(NS.ID)
GRAPH = str(NS.GRAPH)
IKG = NS.PREFIXES["ikg"]
XSD = NS.PREFIXES["xsd"]
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

#: Prefixes every mapping may use without declaring them.
PREFIXES: dict[str, str] = NS.prefixes("ikg", "org", "schema", "skos", "dcterms", "dcat", "prov", "rdf", "rdfs", "owl", "xsd",
                                        "foaf", "time", "eurio", "id", "graph")

_LEXICAL = {
    "decimal": re.compile(r"-?\d+(\.\d+)?"),
    "integer": re.compile(r"-?\d+"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "gYear": re.compile(r"\d{4}"),
    "gYearMonth": re.compile(r"\d{4}-\d{2}"),
    "boolean": re.compile(r"true|false|0|1"),
}
_PLACEHOLDER = re.compile(r"\{([^{}|]+)((?:\|[^{}|]+)*)\}")
_SPEC_KEYS = {"column", "template", "value", "iri", "node", "transform", "datatype", "lang", "map",
              "unmapped", "when", "unless", "split", "columns", "term", "expect", "format", "time"}
_ENTITY_KEYS = {"subject", "class", "properties", "when", "graph", "name", "optional", "once"}
_TABLE_KEYS = {"file", "format", "delimiter", "encoding", "header", "records", "rows", "nulls", "rename",
               "absent", "join", "constants", "entities", "use", "graph", "dataset", "decimal", "where",
               "derive"}


@dataclass(frozen=True)
class Problem:
    """A bad row or cell: ``severity`` is ``ERROR`` (row skipped) or ``WARNING`` (value skipped).

    ``kept`` marks a WARNING about a value that was written all the same (a suspicious value that
    an ``expect:`` of the mapping flags).
    """

    severity: str
    where: str
    message: str
    kept: bool = False

    def format(self) -> str:
        return f"[{self.severity}] [{self.where}] {self.message}"


class _RowProblem(Exception):
    pass


# ---------------------------------------------------------------------------- terms

def _escape(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


@functools.lru_cache(maxsize=1 << 16)
def _iri_safe(s: str) -> str:
    """``s`` percent-encoded for an IRI (kept for the next row: a dataset repeats its codes, PICs and countries)."""
    return quote(s, safe="-._~")


#: an absolute IRI (a scheme and ``://``), compiled once: :meth:`_Ctx.expand` runs for every IRI of every row
_ABSOLUTE_IRI = re.compile(r"^[a-z][a-z0-9+.-]*://")


class _Ctx:
    """Compilation context: prefixes, base, the columns a table offers, the mapping file."""

    def __init__(self, prefixes: dict[str, str], base: str, where: str):
        self.prefixes = prefixes
        self.base = base
        self.where = where
        self.columns_used: set[str] = set()
        self.decimal_style = "auto"
        self.on_conflict = "keep-all"
        #: (entity name, predicate, IRI template) of every ``iri:`` link, to name the links an entity not made loses
        self.links: list[tuple[str, str, str]] = []

    def expand(self, term: str, what: str) -> str:
        """CURIE, absolute IRI or base-relative path → full IRI."""
        term = term.strip()
        if term.startswith("<") and term.endswith(">"):
            return term[1:-1]
        if _ABSOLUTE_IRI.match(term) or term.startswith("urn:"):
            return term
        if ":" in term:
            pfx, local = term.split(":", 1)
            if pfx in self.prefixes:
                return self.prefixes[pfx] + local
            raise ConfigError(f"unknown prefix {pfx!r} in {what} {term!r}", where=self.where,
                              hint="declare it under `prefixes:`")
        return self.base + term


def _transform_chain(names: Any, ctx: _Ctx, what: str) -> list[Callable[[str], str | None]]:
    if names is None:
        return []
    if isinstance(names, str):
        names = [names]
    out = []
    for n in names:
        if n == "decimal" and ctx.decimal_style != "auto":
            n = f"decimal-{ctx.decimal_style}"
        f = TRANSFORMS.get(n)
        if f is None:
            raise ConfigError(f"unknown transform {n!r} in {what}", where=ctx.where,
                              hint="known: " + ", ".join(sorted(TRANSFORMS)))
        out.append(f)
    return out


def _apply(chain, v: str) -> str | None:
    for f in chain:
        v = f(v)
        if v is None:
            return None
    return v


def _compile_template(tpl: str, ctx: _Ctx, iri: bool, what: str) -> Callable[[dict], list[str]]:
    """``"org/pic-{pic}"`` → row → list of expansions (one per combination of multi-values)."""
    parts: list[Any] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(tpl):
        parts.append(tpl[pos:m.start()])
        col = m.group(1).strip()
        ctx.columns_used.add(col)
        chain = _transform_chain([t for t in m.group(2).split("|") if t], ctx, what)
        parts.append((col, chain))
        pos = m.end()
    parts.append(tpl[pos:])

    #: per placeholder: its column, its transforms, and whether the value is percent-encoded
    slots = [(p[0], p[1], iri and not chain_has_slug(p[1])) for p in parts if not isinstance(p, str)]

    def single(row: dict) -> list[tuple[str, dict]] | None:
        """The one expansion when no column of the template holds several values (most rows); else None."""
        text = []
        k = 0
        for p in parts:
            if isinstance(p, str):
                text.append(p)
                continue
            col, chain, safe = slots[k]
            k += 1
            v = row.get(col)
            if isinstance(v, list):
                return None
            if v is None or v == "":
                return []
            try:
                t = _apply(chain, v)
            except BadValue as exc:
                raise _RowProblem(f"{col}: {exc}") from None
            if not t:
                return []
            text.append(_iri_safe(t) if safe else t)
        return [("".join(text), {})]

    def bound(row: dict) -> list[tuple[str, dict]]:
        """Expansions with, for each multi-valued column, the one value each used."""
        one = single(row)
        if one is not None:
            return one
        pieces: list[list[tuple[str, tuple]]] = []
        for p in parts:
            if isinstance(p, str):
                pieces.append([(p, ())])
                continue
            col, chain = p
            raw = row.get(col)
            multi = isinstance(raw, list)
            vals = raw if multi else [raw]
            got = []
            for v in vals:
                if v is None or v == "":
                    continue
                try:
                    t = _apply(chain, v)
                except BadValue as exc:
                    raise _RowProblem(f"{col}: {exc}") from None
                if t:
                    t = _iri_safe(t) if iri and not chain_has_slug(chain) else t
                    got.append((t, ((col, v),) if multi else ()))
            if not got:
                return []
            pieces.append(got)
        out = []
        for combo in itertools.product(*pieces):
            out.append(("".join(c[0] for c in combo), dict(b for c in combo for b in c[1])))
        return out

    def run(row: dict) -> list[str]:
        return [s for s, _ in bound(row)]

    run.bound = bound  # type: ignore[attr-defined]
    return run


def chain_has_slug(chain) -> bool:
    return bool(chain) and chain[-1] is TRANSFORMS["slug"]


@dataclass
class _Value:
    """A compiled value spec: row -> list of N-Quads object terms (+ nested lines)."""

    fn: Callable[[dict, "_Emitter"], list[str]]
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def applies(self, row: dict) -> bool:
        """``when`` columns all have values and ``unless`` columns are all empty."""
        return not (any(row.get(c) in (None, "", []) for c in self.when)
                    or any(row.get(c) not in (None, "", []) for c in self.unless))


def _check_keys(spec: dict, allowed, ctx: "_Ctx", what: str, kind: str) -> None:
    """A typo in a mapping key fails loudly, naming the keys that ``kind`` allows."""
    unknown = set(spec) - allowed
    if unknown:
        raise ConfigError(f"unknown key(s) {sorted(unknown)} in {what}", where=ctx.where,
                          hint=f"{kind} keys: " + ", ".join(sorted(allowed)))


def _compile_value(spec: Any, ctx: _Ctx, what: str, as_class: bool = False, plain: bool = False) -> _Value:
    """Compile a value spec; ``plain`` (a ``derive:`` column) yields the values as strings, not RDF terms."""
    if isinstance(spec, str):
        spec = {"template": spec}
    if not isinstance(spec, dict):
        raise ConfigError(f"value of {what} must be a mapping or a template string", where=ctx.where)
    _check_keys(spec, _SPEC_KEYS, ctx, what, "value")
    when = tuple(_as_list(spec.get("when")))
    unless = tuple(_as_list(spec.get("unless")))
    ctx.columns_used.update(when)
    ctx.columns_used.update(unless)

    if "node" in spec:
        if plain:
            raise ConfigError(f"{what}: a derived column cannot be a node", where=ctx.where)
        node = _compile_entity({**spec["node"], "subject": None}, ctx, f"{what} node")

        def node_fn(row, em):
            b = em.blank()
            return [b] if node.emit(row, em, b) else []

        return _Value(node_fn, when, unless)

    # the raw values
    sources = [k for k in ("column", "columns", "template", "value", "iri") if k in spec]
    if len(sources) != 1:
        raise ConfigError(f"{what} needs exactly one of column, columns, template, value, iri",
                          where=ctx.where)
    kind = sources[0]
    if spec.get("term", "literal") not in ("iri", "literal"):
        raise ConfigError(f"term must be iri or literal in {what}", where=ctx.where)
    is_iri = kind == "iri" or as_class or spec.get("term") == "iri"
    split = spec.get("split")
    chain = _transform_chain(spec.get("transform"), ctx, what)
    mapping = spec.get("map")
    unmapped = spec.get("unmapped", "warn")
    if unmapped not in ("warn", "keep", "drop"):
        raise ConfigError(f"unmapped must be warn, keep or drop in {what}", where=ctx.where)
    datatype = spec.get("datatype")
    lang = spec.get("lang")
    dt_iri = ctx.expand(datatype, what) if datatype else None
    if "format" in spec:
        chain, dt_iri = _date_format(spec, chain, dt_iri, ctx, what)
    auto_date = any(f is TRANSFORMS["date"] for f in chain) and dt_iri is None
    lexical = _LEXICAL.get(dt_iri[len(XSD):]) if dt_iri and dt_iri.startswith(XSD) else None
    map_to_iri = False
    if mapping is not None:
        if not isinstance(mapping, dict):
            raise ConfigError(f"map in {what} must be a mapping", where=ctx.where)
        mapping = {str(k): ("" if v is None else str(v)) for k, v in mapping.items()}
        map_to_iri = is_iri
        if map_to_iri:
            mapping = {k: (ctx.expand(v, what) if v else "") for k, v in mapping.items()}

    if kind == "column":
        col = spec["column"]
        ctx.columns_used.add(col)

        def raw(row):
            v = row.get(col)
            return v if isinstance(v, list) else [v]
    elif kind == "columns":  # first non-empty of several columns
        cols = _as_list(spec["columns"])
        ctx.columns_used.update(cols)

        def raw(row):
            for c in cols:
                v = row.get(c)
                if v not in (None, "", []):
                    return v if isinstance(v, list) else [v]
            return []
    elif kind == "value":
        const = spec["value"]
        if is_iri:
            const = ctx.expand(str(const), what)

        def raw(row, _c=str(const)):
            return [_c]
    else:
        tpl = _compile_template(str(spec[kind]), ctx, iri=is_iri, what=what)

        def raw(row):
            return tpl(row)

    expect = _compile_expect(spec.get("expect"), ctx, is_iri, what)
    as_iri = is_iri
    pre_expanded = kind == "value" and is_iri

    def fn(row, em):
        out = []
        try:
            raws = raw(row)
        except _RowProblem as exc:  # a transform inside a template could not read a cell
            em.problem("WARNING", f"{what}: {exc}; value left out")
            raws = []
        for v in raws:
            if v is None or v == "":
                continue
            vals = [s.strip() for s in v.split(split)] if split else [v]
            for v in vals:
                if not v:
                    continue
                try:
                    v = _apply(chain, v) if chain else v
                except BadValue as exc:
                    em.problem("WARNING", f"{what}: {exc}; value left out")
                    continue
                if v is None:
                    continue
                if expect is not None:
                    expect(row, v, em)
                expanded = pre_expanded
                if mapping is not None:
                    m = mapping.get(v)
                    if m is None:
                        if unmapped == "warn":
                            em.problem("WARNING", f"{what}: no mapping for {v!r}; value left out")
                            continue
                        if unmapped == "drop":
                            continue
                        m = ctx.expand(v, what) if map_to_iri else v
                    v = m
                    expanded = map_to_iri
                    if not v:
                        continue
                if plain:
                    out.append(v)
                elif as_iri:
                    out.append(f"<{v}>" if expanded else f"<{ctx.expand(v, what)}>")
                elif lang:
                    out.append(f'"{_escape(v)}"@{lang}')
                elif auto_date:
                    out.append(f'"{v}"^^<{XSD}{date_datatype(v)}>')
                elif dt_iri:
                    if lexical is not None and not lexical.fullmatch(v):
                        em.problem("WARNING", f"{what}: {v!r} is not a valid {datatype}; value left out")
                        continue
                    out.append(f'"{_escape(v)}"^^<{dt_iri}>')
                else:
                    out.append(f'"{_escape(v)}"')
        return out

    return _Value(fn, when, unless)


_TIME_FIELDS = re.compile(r"%[HIMSfpXcT]")


def _date_format(spec: dict, chain: list, dt_iri: str | None, ctx: _Ctx, what: str):
    """``format: PATTERN`` (or a list) with ``time: keep|drop``: dates read by declared patterns.

    A pattern with a time (``%H``, ``%M`` …) gives ``xsd:dateTime`` unless ``time: drop``
    (then ``xsd:date``); one without gives ``xsd:date``. The parser runs after ``transform:``.
    """
    patterns = _as_list(spec["format"])
    if not patterns or not all(isinstance(p, str) and "%" in p for p in patterns):
        raise ConfigError(f"{what}: format must be a strptime pattern such as \"%d.%m.%Y %H:%M\" (or a list)",
                          where=ctx.where)
    time = spec.get("time")
    if time not in (None, "keep", "drop"):
        raise ConfigError(f"{what}: time must be keep or drop, not {time!r}", where=ctx.where)
    has_time = any(_TIME_FIELDS.search(p) for p in patterns)
    if time == "keep" and not has_time:
        raise ConfigError(f"{what}: time: keep, but the format has no time (%H:%M)", where=ctx.where)
    keep = has_time and time != "drop"
    want = f"{XSD}{'dateTime' if keep else 'date'}"
    if dt_iri is not None and dt_iri != want:
        raise ConfigError(f"{what}: format with time: {'keep' if keep else 'drop'} gives "
                          f"xsd:{want[len(XSD):]}, not {spec.get('datatype')}", where=ctx.where)
    return [*chain, date_parser(patterns, keep)], want


def _compile_expect(spec: Any, ctx: _Ctx, is_iri: bool, what: str):
    """``expect: {starts-with: TEMPLATE, note: TEXT}``: a value that does not start with the expansion
    is written all the same and reported (WARNING, ``value kept``) — e.g. a postal code in another Land."""
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) - {"starts-with", "note"} or "starts-with" not in spec:
        raise ConfigError(f"expect in {what} must be {{starts-with: TEMPLATE, note: TEXT}}", where=ctx.where)
    tpl = _compile_template(str(spec["starts-with"]), ctx, iri=is_iri, what=f"{what} expect")
    note = f" ({spec['note']})" if spec.get("note") else ""

    def check(row: dict, v: str, em: "_Emitter") -> None:
        try:
            prefixes = tpl(row)
        except _RowProblem:
            return  # the cells the check needs are unreadable: reported where they are used
        if prefixes and not any(v.startswith(p) for p in prefixes):
            em.problem("WARNING", f"{what}: {v!r} does not start with {prefixes[0]!r}{note}; value kept",
                       kept=True)

    return check


def _as_list(x: Any) -> list:
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


# ---------------------------------------------------------------------------- entities

class _Emitter:
    """Collects N-Quads lines and problems for the row being mapped."""

    def __init__(self):
        self.lines: list[str] = []
        self.problems: list[Problem] = []
        self.where = ""
        self.graph = ""
        self._bnode = 0
        self.row_tag = ""
        self.conflicts = 0

    def blank(self) -> str:
        self._bnode += 1
        return f"_:b{self.row_tag}x{self._bnode}"

    def problem(self, severity: str, message: str, kept: bool = False) -> None:
        self.problems.append(Problem(severity, self.where, message, kept))


@dataclass
class _Entity:
    name: str
    subject: Callable[[dict], list[str]] | None
    classes: list[_Value]
    props: list[tuple[str, _Value]]
    when: tuple[str, ...]
    graph: str | None
    optional: bool
    once: bool = True
    template_columns: tuple[str, ...] = ()
    #: subject -> (file:line of the first row naming it, predicate -> the values that row stated)
    seen: dict = field(default_factory=dict)
    #: the raw subject template (links to it are found by the same text in an ``iri:`` spec)
    template: str = ""
    #: "<entity> <predicate>" of the links in the same table that point at this entity's subject
    linked_from: list[str] = field(default_factory=list)
    #: predicate IRI -> the predicate as the mapping writes it (for messages)
    names: dict[str, str] = field(default_factory=dict)
    on_conflict: str = "keep-all"
    columns: tuple[str, ...] = ()

    def emit(self, row: dict, em: _Emitter, subject: str | None = None) -> bool:
        """Write this entity's lines for ``row``; return whether anything was said."""
        g = f"<{self.graph}>" if self.graph else em.graph
        n0 = len(em.lines)
        for c in self.classes:
            for o in c.fn(row, em):
                em.lines.append(f"{subject} {RDF_TYPE} {o} {g} .\n")
        said = False
        for pred, val in self.props:
            if not val.applies(row):
                continue
            for o in val.fn(row, em):
                em.lines.append(f"{subject} {pred} {o} {g} .\n")
                said = True
        if not said and subject is not None and subject.startswith("_:"):
            del em.lines[n0:]  # an empty nested node says nothing
        return said


def _compile_entity(spec: dict, ctx: _Ctx, what: str) -> _Entity:
    if not isinstance(spec, dict):
        raise ConfigError(f"{what} must be a mapping", where=ctx.where)
    _check_keys(spec, _ENTITY_KEYS, ctx, what, "entity")
    outer, ctx.columns_used = ctx.columns_used, set()  # the columns this entity reads, nested nodes included
    try:
        ent = _compile_entity_body(spec, ctx, what)
    finally:
        ent_columns, ctx.columns_used = ctx.columns_used, outer
        outer.update(ent_columns)
    ent.columns = tuple(sorted(ent_columns))
    return ent


def _compile_entity_body(spec: dict, ctx: _Ctx, what: str) -> _Entity:
    subject = None
    if spec.get("subject") is not None:
        tpl = _compile_template(str(spec["subject"]), ctx, iri=True, what=f"{what} subject")

        def subject(row, _tpl=tpl.bound, _x=ctx.expand, _w=f"{what} subject"):
            return [(_x(s, _w), b) for s, b in _tpl(row)]
    classes = []
    for c in _as_list(spec.get("class")):
        spec_c = {"value": c} if isinstance(c, str) else c
        classes.append(_compile_value(spec_c, ctx, f"{what} class", as_class=True))
    props = []
    props_iris = []
    properties = spec.get("properties") or {}
    if not isinstance(properties, dict):
        raise ConfigError(f"{what}: properties must map predicates to value specs", where=ctx.where)
    for pred, specs in properties.items():
        p = f"<{ctx.expand(str(pred), what)}>"
        props_iris.append(p)
        for s in (specs if isinstance(specs, list) else [specs]):
            props.append((p, _compile_value(s, ctx, f"{what} {pred}")))
            if isinstance(s, dict) and "iri" in s:
                ctx.links.append((str(spec.get("name") or spec.get("subject")), str(pred), str(s["iri"]).strip()))
    when = tuple(_as_list(spec.get("when")))
    ctx.columns_used.update(when)
    graph = None
    if spec.get("graph"):
        graph = GRAPH + spec["graph"] if "://" not in spec["graph"] else spec["graph"]
    tcols = tuple(m.group(1).strip() for m in _PLACEHOLDER.finditer(str(spec.get("subject") or "")))
    names = {p: str(pred) for pred, p in zip((spec.get("properties") or {}), props_iris)}
    names[RDF_TYPE] = "a"
    return _Entity(spec.get("name") or str(spec.get("subject")), subject, classes, props, when,
                   graph, bool(spec.get("optional", False)), bool(spec.get("once", True)), tcols,
                   template=str(spec.get("subject") or "").strip(), names=names, on_conflict=ctx.on_conflict)


# ---------------------------------------------------------------------------- mapping

@dataclass
class _Table:
    source: TableSource
    label: str
    entities: list[_Entity]
    nulls: frozenset
    rename: dict[str, str]
    absent: tuple[str, ...]
    constants: dict[str, str]
    joins: list[tuple[str, str, dict[str, str], bool]]
    graph: str
    dataset: dict
    where_filter: dict[str, str]
    derived: list[tuple[str, _Value]] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    repair: bool = False


@dataclass
class Mapping:
    """A loaded, checked mapping: tables to stream and static entities to emit once."""

    path: Path
    name: str
    data_root: Path
    tables: list[_Table]
    static: list[_Entity]
    static_graph: str
    lookups: dict[str, dict[str, list[dict[str, str]]]]
    datasets: dict[str, dict]
    #: mojibake repaired in lookup tables: (file, line, column, original, repaired)
    repairs: list[tuple[str, int, str, str, str]] = field(default_factory=list)


def _where(path: Path) -> str:
    return str(path)


def load_mapping(path: str | Path, data_root: str | Path | None = None) -> Mapping:
    """Read and check a mapping file; raise :class:`ConfigError` naming the file for any mistake.

    Every column the mapping uses is checked against each table's header before any
    row is read, so a typo fails at once with the mapping file and the column named.
    """
    try:
        return _load_mapping(Path(path), data_root)
    except (TypeError, AttributeError) as exc:  # a value of a shape no check above foresaw: still one line
        raise ConfigError(f"a key has a value of the wrong kind ({exc})", where=str(path),
                          hint="compare the mapping with mappings/README.md") from None


def _load_mapping(path: Path, data_root: str | Path | None = None) -> Mapping:
    """Read and check a mapping file; raise :class:`ConfigError` naming the file for any mistake.

    Every column the mapping uses is checked against each table's header before any
    row is read, so a typo fails at once with the mapping file and the column named.
    """
    path = Path(path)
    where = _where(path)
    doc = read_mapping_document(path)
    prefixes = {**PREFIXES, **(doc.get("prefixes") or {})}
    base = doc.get("base", ID)
    name = doc.get("name") or path.stem
    root = Path(data_root) if data_root is not None else resolve(path.parent, doc.get("data", "."))
    default_graph = GRAPH + doc.get("graph", name)
    datasets: dict[str, dict] = {}
    top_dataset = dict(doc.get("dataset") or {})

    repair = bool(doc.get("repair-text", False))
    repairs: list[tuple[str, int, str, str, str]] = []
    lookups: dict[str, dict[str, list[dict[str, str]]]] = {}
    for lname, lspec in (doc.get("lookups") or {}).items():
        src = _source(lspec, root, where, f"lookup {lname}")
        cols = columns_of(src)
        key = lspec.get("key")
        if key not in cols:
            raise ConfigError(f"lookup {lname}: key column {key!r} is not in {src.label}", where=where,
                              hint=f"columns: {', '.join(cols)}")
        table: dict[str, list[dict[str, str]]] = {}
        label = _short(src, root)  # once per file, not per row (it resolves the paths on disk)
        for rec in read_records(src):
            if repair:
                repairs.extend(_repair_cells(rec.values, label, rec.line))
            k = str(rec.values.get(key, "")).strip()
            if k:
                table.setdefault(k, []).append(rec.values)
        lookups[lname] = table
        lookups.setdefault("__columns__", {})[lname] = [{c: c for c in cols}]  # type: ignore[dict-item]

    entity_sets = doc.get("entity_sets") or {}
    on_conflict = doc.get("on-conflict", "keep-all")
    tables = []
    for i, tspec in enumerate(doc.get("tables") or [], 1):
        what = f"table {i}"
        if not isinstance(tspec, dict):
            raise ConfigError(f"{what} must be a mapping", where=where)
        unknown = set(tspec) - _TABLE_KEYS
        if unknown:
            raise ConfigError(f"unknown key(s) {sorted(unknown)} in {what}", where=where,
                              hint="table keys: " + ", ".join(sorted(_TABLE_KEYS)))
        src = _source(tspec, root, where, what)
        what = f"table {src.path.name if src.path else i}"
        ctx = _Ctx(prefixes, base, where)
        ctx.decimal_style = tspec.get("decimal", "auto")
        ctx.on_conflict = tspec.get("on-conflict", on_conflict)
        if ctx.on_conflict not in ("keep-all", "fail"):
            raise ConfigError(f"{what}: on-conflict must be keep-all or fail, not {ctx.on_conflict!r}", where=where)
        if ctx.decimal_style not in ("auto", "de", "en"):
            raise ConfigError(f"{what}: decimal must be auto, de or en", where=where)
        specs = tspec.get("entities")
        if specs is None and "use" in tspec:
            if tspec["use"] not in entity_sets:
                raise ConfigError(f"{what}: no entity set {tspec['use']!r} under entity_sets", where=where)
            specs = entity_sets[tspec["use"]]
        if not specs:
            raise ConfigError(f"{what} has no entities (give `entities:` or `use:`)", where=where)
        entities = [_compile_entity(s, ctx, f"{what} entity {j}") for j, s in enumerate(specs, 1)]
        for ent in entities:  # the links a row loses with an entity it cannot make
            ent.linked_from = [f"{name} {pred}" for name, pred, tpl in ctx.links
                               if tpl == ent.template and name != ent.name]
        rename = {" ".join(str(k).split()): str(v) for k, v in (tspec.get("rename") or {}).items()}
        constants = {str(k): str(v) for k, v in (tspec.get("constants") or {}).items()}
        absent = tuple(_as_list(tspec.get("absent")))
        joins = []
        provided = set(constants) | set(absent) | {"_line", "_record", "_file"}
        for j in _as_list(tspec.get("join")):
            lk = j.get("lookup")
            if lk not in lookups:
                raise ConfigError(f"{what}: join names unknown lookup {lk!r}", where=where)
            lcols = set(lookups["__columns__"][lk][0])  # type: ignore[index]
            cols = {str(k): str(v) for k, v in (j.get("columns") or {}).items()}
            for c in cols:
                if c not in lcols:
                    raise ConfigError(f"{what}: lookup {lk} has no column {c!r}", where=where)
            if not j.get("by"):
                raise ConfigError(f"{what}: join with {lk} needs `by: COLUMN`", where=where)
            if j.get("unmatched", "ignore") not in ("ignore", "warn"):
                raise ConfigError(f"{what}: join with {lk}: unmatched must be ignore or warn", where=where)
            joins.append((lk, j["by"], cols, j.get("unmatched") == "warn"))
            provided |= set(cols.values())
            ctx.columns_used.add(j["by"])
        derive = {**_derive_specs(doc.get("derive"), where, "derive"),
                  **_derive_specs(tspec.get("derive"), where, f"{what} derive")}
        derived = [(n, _compile_value(d, ctx, f"{what} derive {n}", plain=True)) for n, d in derive.items()]
        provided |= set(derive)
        header = [rename.get(c, c) for c in columns_of(src)] if src.format != "inline" else \
            list(dict.fromkeys(k for r in src.rows for k in r))
        provided |= set(header)
        where_filter = {str(k): str(v) for k, v in (tspec.get("where") or {}).items()}
        ctx.columns_used.update(where_filter)
        for col in sorted(ctx.columns_used):
            if col not in provided:
                raise ConfigError(
                    f"{what}: column {col!r} is not in {src.label}", where=where,
                    hint="fix the column name, add it under `rename:`, or list it under `absent:`; "
                         f"the table has: {', '.join(header)}")
        for col in rename:
            if col not in columns_of(src) if src.format != "inline" else False:
                raise ConfigError(f"{what}: rename names column {col!r}, which is not in {src.label}",
                                  where=where)
        graph = GRAPH + tspec["graph"] if tspec.get("graph") else default_graph
        dataset = {**top_dataset, **(tspec.get("dataset") or {})}
        datasets.setdefault(graph, dataset)
        nulls = frozenset(str(x) for x in _as_list(tspec.get("nulls", [""])))
        tables.append(_Table(src, what, entities, nulls, rename, absent, constants, joins, graph,
                             dataset, where_filter, derived, tuple(header), bool(tspec.get("repair-text", repair))))

    sctx = _Ctx(prefixes, base, where)
    static = [_compile_entity(s, sctx, f"static entity {j}") for j, s in enumerate(doc.get("static") or [], 1)]
    if top_dataset:
        datasets.setdefault(default_graph, top_dataset)
    lookups.pop("__columns__", None)
    return Mapping(path, name, root, tables, static, default_graph, lookups, datasets, repairs)


def _derive_specs(spec: Any, where: str, what: str) -> dict[str, Any]:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ConfigError(f"{what} must map column names to value specs", where=where)
    return {str(k): v for k, v in spec.items()}


def _source(spec: dict, root: Path, where: str, what: str) -> TableSource:
    fmt = spec.get("format")
    if "rows" in spec:
        fmt = fmt or "inline"
        return TableSource(None, "inline", rows=list(spec["rows"]))
    if not spec.get("file"):
        raise ConfigError(f"{what} has no `file:`", where=where)
    p = resolve(root, str(spec["file"]))
    try:
        inside = p.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside:  # never read, never echoed: a mapping reads its data folder only
        raise ConfigError(f"{what}: `file:` {spec['file']} is outside the data folder {root}", where=where,
                          hint="put the table under the data folder, or point `data:` / --data at its folder")
    if fmt is None:
        name = p.name.removesuffix(".gz")
        fmt = {".tsv": "tsv", ".json": "json", ".jsonld": "ngsi-ld"}.get(Path(name).suffix, "csv")
    from innokg.ingest.tables import FORMATS
    if fmt not in FORMATS:
        raise ConfigError(f"{what}: unknown format {fmt!r} (use one of {', '.join(FORMATS)})", where=where)
    delim = spec.get("delimiter", ",")
    if delim in ("\\t", "tab"):
        delim = "\t"
    return TableSource(p, fmt, delimiter=delim, encoding=spec.get("encoding", "utf-8"),
                       header_row=int(spec.get("header", 1)), records_key=spec.get("records"))


# ---------------------------------------------------------------------------- running

def _provenance_lines(m: Mapping, graph: str, ds: dict, files: list[str]) -> list[str]:
    g = f"<{graph}>"
    slug = graph[len(GRAPH):] if graph.startswith(GRAPH) else m.name
    dset = f"<{ID}dataset/{slug}>"
    act = f"<{ID}activity/import-{slug}>"
    p = PREFIXES
    L = [
        f"{g} {RDF_TYPE} <{IKG}SourceGraph> {g} .\n",
        f"{g} <{p['prov']}wasDerivedFrom> {dset} {g} .\n",
        f"{g} <{p['prov']}wasGeneratedBy> {act} {g} .\n",
        f"{dset} {RDF_TYPE} <{p['dcat']}Dataset> {g} .\n",
        f"{act} {RDF_TYPE} <{p['prov']}Activity> {g} .\n",
        f'{act} <{p["rdfs"]}label> "innokg import {_escape(m.path.name)}" {g} .\n',
    ]
    for key, pred, is_iri in (("title", "dcterms:title", False), ("publisher", "dcterms:publisher", False),
                              ("source", "dcterms:source", True), ("license", "dcterms:license", True),
                              ("rights", "dcterms:rights", False),
                              ("issued", "dcterms:issued", False), ("language", "dcterms:language", False),
                              ("description", "dcterms:description", False)):
        v = ds.get(key)
        if v is None:
            continue
        pfx, local = pred.split(":")
        piri = f"<{p[pfx]}{local}>"
        for item in _as_list(v):
            item = str(item)
            if is_iri and "://" in item:
                L.append(f"{dset} {piri} <{item}> {g} .\n")
            elif key == "issued" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
                L.append(f'{dset} {piri} "{item}"^^<{XSD}date> {g} .\n')
            else:
                L.append(f'{dset} {piri} "{_escape(item)}" {g} .\n')
    for f in sorted(set(files)):
        L.append(f'{dset} <{IKG}fileName> "{_escape(f)}" {g} .\n')
    return L


def run_mapping(m: Mapping, out, *, limit: int | None = None, where: dict[str, str] | None = None,
                report: Callable[[Problem], None] | None = None) -> dict[str, int]:
    """Stream every table of ``m`` through its entities; write N-Quads lines to ``out``.

    Parameters
    ----------
    m : Mapping
        From :func:`load_mapping`.
    out : text file
        Receives N-Quads lines.
    limit : int, optional
        Map at most this many records per table (after ``where``).
    where : dict, optional
        Keep only rows whose column equals the value (``{"country": "DE"}``), in
        addition to each table's own ``where:``.
    report : callable, optional
        Called with each :class:`Problem` as it is found.

    Returns
    -------
    dict
        ``rows`` read, ``mapped`` rows, ``skipped`` rows (each reported as an ERROR),
        ``warnings`` (values left out), ``kept`` (values written but flagged, also a WARNING),
        ``repaired`` (cells whose mojibake was repaired, ``repair-text: true``; each original kept as
        provenance), ``conflicts`` (of the kept: values of a repeated subject that differ from its first row's),
        ``quads`` written.
    """
    stats = {"rows": 0, "mapped": 0, "skipped": 0, "warnings": 0, "kept": 0, "quads": 0, "repaired": 0}
    report = report or (lambda p: None)
    em = _Emitter()

    def flush():
        if em.lines:
            out.write("".join(em.lines))
            stats["quads"] += len(em.lines)
            em.lines.clear()
        for p in em.problems:
            report(p)
            if p.severity == "WARNING":
                stats["kept" if p.kept else "warnings"] += 1
        em.problems.clear()

    files_by_graph: dict[str, list[str]] = {}
    for t in m.tables:
        if t.source.path is not None:
            files_by_graph.setdefault(t.graph, []).append(t.source.path.name)
    for graph, ds in sorted(m.datasets.items()):
        em.lines.extend(_provenance_lines(m, graph, ds, files_by_graph.get(graph, [])))
    em.graph = f"<{m.static_graph}>"
    em.where = str(m.path)
    for ent in m.static:
        _emit_entity(ent, {}, em)
    em.row_tag = "lookup"
    em.lines.extend(_repair_lines(m.repairs, em))
    stats["repaired"] = len(m.repairs)
    flush()

    extra = dict(where or {})
    _check_where(m, extra)
    for t in m.tables:
        em.graph = f"<{t.graph}>"
        label = _short(t.source, m.data_root)
        filt = {**t.where_filter, **extra}
        early = _early_filter(t, filt)
        tag = len(m.tables) > 1 and m.tables.index(t) or ""  # once a table, not once a row
        n = 0
        for rec in read_records(t.source):
            if limit is not None and n >= limit:
                break
            stats["rows"] += 1
            if early and "__width__" not in rec.values and _rejected_early(rec.values, early, t.nulls):
                continue  # the filter below would drop it too: its cells read as _prepare reads them
            em.where = f"{label}:{rec.line}"
            em.row_tag = f"{tag}r{rec.index}"
            em._bnode = 0
            row, misses = _prepare(rec, t, m, label)
            if "__width__" in row:
                em.problem("ERROR", f"row has {row['__width__']}; row skipped")
                stats["skipped"] += 1
                flush()
                continue
            # a --where column applies to the tables that have it (lookup tables and inline rows stay whole)
            if filt and any(k in row and str(row.get(k) or "") != v for k, v in filt.items()):
                continue
            n += 1
            if t.repair:
                fixed = _repair_cells(row, label, rec.line)
                if fixed:
                    em.lines.extend(_repair_lines(fixed, em))
                    stats["repaired"] += len(fixed)
            for msg in misses:
                em.problem("WARNING", msg)
            _derive(row, t, em)
            ok = True
            for k, ent in enumerate(t.entities):
                if not _emit_entity(ent, row, em, primary=k == 0):
                    if k == 0:
                        ok = False
                        break
            if ok:
                stats["mapped"] += 1
            else:
                stats["skipped"] += 1
            if len(em.lines) > 20000 or em.problems:
                flush()
        flush()
    flush()
    stats["conflicts"] = em.conflicts
    return stats


def _check_where(m: Mapping, where: dict[str, str]) -> None:
    """A ``--where`` column that no table has is a typo: fail naming every column there is."""
    known = {c for t in m.tables for c in t.columns} | {c for t in m.tables for c in t.constants}
    unknown = [k for k in where if k not in known]
    if unknown:
        listing = "; ".join(f"{t.label}: {', '.join(t.columns)}" for t in m.tables if t.columns)
        raise ParameterError(f"no table of {m.path.name} has the column{'s' if len(unknown) > 1 else ''} "
                             f"{', '.join(map(repr, unknown))}", where="--where",
                             hint=f"the tables' columns, {sum(len(t.columns) for t in m.tables)} in all — {listing}")


def _short(src: TableSource, root: Path) -> str:
    """The file as reported in ``[file:line]``: relative to the data folder where possible."""
    if src.path is None:
        return "<inline>"
    try:
        return str(src.path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(src.path)


def _early_filter(t: _Table, filt: dict[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """The ``(source names, value)`` pairs of the filter ``filt`` that a row's own cell decides, so that a row
    failing one is dropped before :func:`_prepare` (its joins) runs: a filter column that a constant, a join or the
    engine's ``_line``/``_record``/``_file`` fills, or that two source columns are renamed to, is left to the
    filter after :func:`_prepare`, which sees every row anyway (and so is every filter of a JSON table)."""
    if t.source.format not in ("csv", "tsv"):  # a CSV record has the header's columns, no others
        return []
    filled = set(t.constants) | {dst for _lk, _on, cols, _w in t.joins for dst in cols.values()} | set(_NOT_CELLS)
    out = []
    for k, v in filt.items():
        if k not in filled and t.columns.count(k) == 1:  # t.columns: the header's names as renamed
            raws = tuple(r for r, dst in t.rename.items() if dst == k) + (() if k in t.rename else (k,))
            out.append((raws, v))
    return out


def _rejected_early(vals: dict, early: list[tuple[tuple[str, ...], str]], nulls: frozenset) -> bool:
    """Whether a cell of ``early`` (:func:`_early_filter`: the source names that may hold it, one of them in the
    header) fails its value, the cell read as :func:`_prepare` reads it."""
    for raws, want in early:
        for raw in raws:
            if raw in vals and str(_cell(vals[raw], nulls) or "") != want:
                return True
    return False


def _cell(v, nulls: frozenset):
    """A record's value as the row holds it: stripped, a null marker read as None (a list: each item)."""
    if isinstance(v, list):
        return [x.strip() for x in v if x.strip() not in nulls] or None
    v = v.strip() if isinstance(v, str) else v
    return None if v in nulls else v


def _prepare(rec, t: _Table, m: Mapping, label: str) -> tuple[dict, list[str]]:
    """The row as the entities see it, and what its ``unmatched: warn`` joins did not find (messages)."""
    vals = rec.values
    row: dict[str, Any] = {}
    nulls = t.nulls
    rename = t.rename
    for k, v in vals.items():
        k = rename.get(k, k)
        if isinstance(v, list):
            v = [x.strip() for x in v if x.strip() not in nulls]
            row[k] = v or None
        else:
            v = v.strip() if isinstance(v, str) else v
            row[k] = None if v in nulls else v
    for k in t.absent:
        row.setdefault(k, None)
    row.update(t.constants)
    row["_line"] = str(rec.line)
    row["_record"] = str(rec.index)
    row["_file"] = label
    misses = []
    for lk, on, cols, warn in t.joins:
        key = row.get(on)
        hits = m.lookups[lk].get(str(key).strip()) if key else None
        if warn and key and not hits:
            misses.append(f"{on} {key!r} is not in lookup {lk}; no {', '.join(cols.values())}")
        for src_col, dst in cols.items():
            if not hits:
                row[dst] = None
                continue
            vals_ = [h.get(src_col, "").strip() for h in hits]
            vals_ = [v for v in dict.fromkeys(vals_) if v and v not in nulls]
            row[dst] = None if not vals_ else (vals_[0] if len(vals_) == 1 else vals_)
    return row, misses


_NOT_CELLS = ("_line", "_record", "_file")


def _repair_cells(values: dict, label: str, line: int) -> list[tuple[str, int, str, str, str]]:
    """Repair mojibake in the text cells of one row in place; return what changed."""
    out = []
    for k, v in values.items():
        if k in _NOT_CELLS or not v:
            continue
        if isinstance(v, list):
            fixed_list = [repair_text(x) for x in v]
            for x, y in zip(v, fixed_list):
                if x != y:
                    out.append((label, line, k, x, y))
            values[k] = fixed_list
        elif isinstance(v, str):
            y = repair_text(v)
            if y != v:
                out.append((label, line, k, v, y))
                values[k] = y
    return out


def _repair_lines(repairs: list[tuple[str, int, str, str, str]], em: _Emitter) -> list[str]:
    """The provenance of each repaired cell: the original text (file, line, column) and its revision."""
    p, g = PREFIXES, em.graph
    lines = []
    for label, line, column, before, after in repairs:
        o, r = em.blank(), em.blank()
        lines += [
            f"{o} {RDF_TYPE} <{p['prov']}Entity> {g} .\n",
            f'{o} <{p["prov"]}value> "{_escape(before)}" {g} .\n',
            f'{o} <{IKG}fileName> "{_escape(label)}" {g} .\n',
            f'{o} <{IKG}sourceRow> "{line}"^^<{XSD}integer> {g} .\n',
            f'{o} <{p["dcterms"]}identifier> "{_escape(column)}" {g} .\n',
            f"{r} {RDF_TYPE} <{p['prov']}Entity> {g} .\n",
            f'{r} <{p["prov"]}value> "{_escape(after)}" {g} .\n',
            f"{r} <{p['prov']}wasRevisionOf> {o} {g} .\n",
            f'{r} <{p["rdfs"]}comment> "mojibake repaired by ftfy (fix_encoding)"@en {g} .\n',
        ]
    return lines


def _derive(row: dict, t: _Table, em: _Emitter) -> None:
    """Add the table's ``derive:`` columns to ``row``, in order (a later one may use an earlier one)."""
    for name, val in t.derived:
        vals = val.fn(row, em) if val.applies(row) else []
        row[name] = None if not vals else (vals[0] if len(vals) == 1 else vals)


def _emit_entity(ent: _Entity, row: dict, em: _Emitter, primary: bool = False) -> bool:
    """Emit one entity for ``row``; return False when it could not be made (reported).

    The first entity of a table is the row's primary entity: when it cannot be
    made the row is skipped and reported as an ERROR; any other entity that cannot
    be made is reported as a WARNING (unless declared ``optional``).
    """
    if ent.when and any(row.get(c) in (None, "", []) for c in ent.when):
        return True  # declared as conditional: nothing to say, nothing lost
    if ent.subject is None:
        em.problem("ERROR", f"{ent.name}: an entity needs a subject")
        return False
    sev = "ERROR" if primary else "WARNING"
    tail = "row skipped" if primary else "not created"
    if ent.linked_from and not primary:
        tail += "; nor the link" + ("s" if len(ent.linked_from) > 1 else "") + " to it: " + ", ".join(ent.linked_from)
    try:
        subjects = ent.subject(row)
    except _RowProblem as exc:
        if not ent.optional or primary:
            em.problem(sev, f"{ent.name}: {exc}; {tail}")
        return False
    if not subjects:
        if not ent.optional or primary:
            missing = sorted(c for c in ent.template_columns if row.get(c) in (None, "", []))
            em.problem(sev, f"no {', '.join(missing) or 'subject'} for {ent.name}; {tail}")
        return False
    for s, binding in subjects:
        # a subject made from one value of a multi-valued column describes that value only
        r = {**row, **binding} if binding else row
        if not ent.once:
            ent.emit(r, em, f"<{s}>")
            continue
        # the entity's output depends only on the cells it reads: the same cells say the same again
        cells = json.dumps([r.get(c) for c in ent.columns], ensure_ascii=False)
        first = ent.seen.get(s)
        if first is None:
            ent.seen[s] = (em.where, cells)
            ent.emit(r, em, f"<{s}>")
            continue
        if cells in first[1:]:
            continue
        # the subject again, from other cells: what this row adds is written; a value that differs is reported
        subj = f"<{s}>"
        n0 = len(em.lines)
        ent.emit(r, em, subj)
        stated = _values_by_predicate(em.lines, n0, subj)
        del em.lines[n0:]
        had: dict[str, dict[str, None]] = {}
        for before in first[1:]:  # what the earlier rows said, made again from their cells
            scratch = _Emitter()
            scratch.graph, scratch.row_tag = em.graph, "again"
            ent.emit(dict(zip(ent.columns, json.loads(before))), scratch, subj)
            for p, values in _values_by_predicate(scratch.lines, 0, subj).items():
                had.setdefault(p, {}).update(dict.fromkeys(values))
        where0 = first[0]
        for p, values in stated.items():
            old = had.get(p)
            new = [c for c in values if old is None or c not in old]
            if not new:
                continue
            if old is not None:
                msg = (f"{s.removeprefix(ID)}: {ent.names.get(p, p)} is {', '.join(map(_shown, old))} at "
                       f"{where0} and {', '.join(map(_shown, new))} here")
                if ent.on_conflict == "fail":
                    raise InputError(msg + " (on-conflict: fail)", where=em.where,
                                     hint="fix the rows, key the subject by more columns, or set on-conflict: keep-all")
                em.problem("WARNING", msg + "; both kept", kept=True)
                em.conflicts += 1
            for c in new:
                em.lines.extend(values[c])
        ent.seen[s] = first + (cells,)
    return True


def _values_by_predicate(lines: list[str], start: int, subject: str) -> dict[str, dict[str, list[str]]]:
    """The statements ``lines[start:]`` make about ``subject``: predicate -> value -> its lines.

    A nested (blank) node is compared by what it says, not by its label: its value is the sorted
    list of its own statements, and its lines go with it.
    """
    about: dict[str, list[tuple[str, str, str]]] = {}
    for line in lines[start:]:
        subj, pred, rest = line.split(" ", 2)
        obj = rest[:rest.rindex(" <")]
        about.setdefault(subj, []).append((pred, obj, line))

    def canon(obj: str, depth: int = 0) -> tuple[str, list[str]]:
        if not obj.startswith("_:") or depth > 20:
            return obj, []
        parts, block = [], []
        for pred, o, line in about.get(obj, ()):
            c, sub = canon(o, depth + 1)
            parts.append(f"{_curie(pred)} {c}")
            block.append(line)
            block.extend(sub)
        return "[" + "; ".join(sorted(parts)) + "]", block

    out: dict[str, dict[str, list[str]]] = {}
    for pred, obj, line in about.get(subject, ()):
        c, block = canon(obj)
        out.setdefault(pred, {}).setdefault(c, []).extend([line, *block])
    return out


def _curie(term: str) -> str:
    iri = term[1:-1] if term.startswith("<") else term
    for pfx, ns in PREFIXES.items():
        if iri.startswith(ns) and pfx not in ("id", "graph"):
            return f"{pfx}:{iri[len(ns):]}"
    return term


_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:\^\^<[^>]*>|@[\w-]+)?')


def _shown(value: str) -> str:
    """A value as a message shows it: a literal's text, an IRI shortened, a nested node as ``[p v; …]``."""
    m = _LITERAL.fullmatch(value)
    if m:
        return repr(m.group(1))
    if value.startswith("["):
        return re.sub(r"<([^>]*)>", lambda x: _curie(x.group(0)), _LITERAL.sub(r"\1", value))
    return _curie(value).removeprefix(f"<{ID}").removesuffix(">")


def iter_problems_text(problems: Iterable[Problem]) -> Iterator[str]:
    for p in problems:
        yield p.format()
