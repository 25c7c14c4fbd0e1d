"""The query library: one question per ``.rq`` file, metadata in ``#+`` lines.

Convention (after grlc's decorators and BASIL's docstrings, so every file stays
valid SPARQL that any tool can run): lines that *start* with ``#+`` hold a YAML
document; ``#+`` and one space are stripped and the rest is read as YAML.

.. code-block:: sparql

    #+ summary: Innovation hubs located in a region, with their kind
    #+ description: >
    #+   Longer text, as many lines as needed.
    #+ tags: [hubs, regions]
    #+ params:
    #+   - name: region
    #+     type: iri
    #+     default: https://w3id.org/innokg/id/region/de-bw
    #+     description: the region (NUTS or ARS based IRI)
    #+   - name: year
    #+     type: year
    #+     required: false
    PREFIX ikg: <https://w3id.org/innokg/ontology#>
    SELECT ?hub ?kind WHERE { ?hub ikg:locatedIn ?region … } ORDER BY ?hub

Keys: ``summary`` (required, one line), ``description``, ``tags`` (list),
``params`` (list), ``returns`` (the result columns, for readers) and ``note``
(caveats: what the query needs loaded beside the graph). Each parameter has ``name`` (the SPARQL variable it binds,
without ``?``), ``type`` (one of :data:`innokg.sparql.binding.TYPES`), and
optionally ``default``, ``required`` (default: true when there is no default;
an optional parameter left unset stays unbound and so matches anything),
``values`` (the allowed values) and ``description``. Unknown keys are errors, so
a typo fails loudly. A comment ``#@values ?name`` right after the ``{`` of a
sub-select's group asks for the parameter's ``VALUES`` there too (a sub-select
cannot see the outer one; :func:`~innokg.sparql.binding.values_markers`). A query's name is its path below the library folder without
``.rq`` (``funding-by-funder``, ``checks/grant-without-funder-violation``);
names are kebab-case; checks end in ``-violation`` and must return no rows.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from innokg.errors import InputError, ParameterError, ParseError, QueryError
from innokg.sparql.binding import TYPES, parse_value, prefixes_of, values_markers

__all__ = [
    "LibraryQuery",
    "Param",
    "default_library",
    "find_query",
    "load_library",
    "load_query",
    "parse_metadata",
    "resolve_parameters",
]

#: Folders of engine-internal queries (network projections), not questions for
#: researchers: not listed by ``innokg queries``, tested by their own modules.
INTERNAL_FOLDERS = {"projections"}

_TOP_KEYS = {"summary", "description", "tags", "params", "returns", "note"}
_PARAM_KEYS = {"name", "type", "default", "required", "values", "description"}
_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    """One query parameter: the variable it binds, its type and default."""

    name: str
    type: str
    default: str | None = None
    required: bool = True
    values: tuple[str, ...] = ()
    description: str = ""

    def describe(self) -> str:
        """One-line description for ``innokg queries``.

        Examples
        --------
        >>> Param("year", "year", default="2020", required=False).describe()
        'year: year = 2020'
        """
        text = f"{self.name}: {self.type}"
        if self.default is not None:
            text += f" = {self.default}"
        elif not self.required:
            text += " (optional)"
        if self.values:
            text += f" one of {', '.join(self.values)}"
        return text


@dataclass(frozen=True)
class LibraryQuery:
    """A query of the library with its metadata."""

    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_check(self) -> bool:
        """True for data-quality checks (``*-violation``), which must return no rows."""
        return self.name.endswith("-violation")

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"query {self.name!r} has no parameter {name!r}",
                             where=f"--param {name}", hint=f"its parameters: {known}")


def parse_metadata(text: str, where: str = "<query>") -> dict:
    """Read the YAML held in the ``#+`` lines of a query.

    Examples
    --------
    >>> parse_metadata("#+ summary: Hubs\\n#+ tags: [hubs]\\nSELECT * {}")
    {'summary': 'Hubs', 'tags': ['hubs']}
    """
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            body = line[2:]
            lines.append(body[1:] if body.startswith(" ") else body)
    if not lines:
        return {}
    try:
        meta = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        meta = _plain_metadata(lines)
        if meta is None:
            mark = getattr(exc, "problem_mark", None)
            loc = f"{where}:{mark.line + 1}" if mark is not None else where
            raise ParseError(f"bad YAML in the '#+' metadata: {getattr(exc, 'problem', exc)}", where=loc,
                             hint="the '#+' lines must form a YAML mapping (see the README, Querying)") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ParseError("the '#+' metadata is not a YAML mapping", where=where,
                         hint="write 'key: value' lines such as '#+ summary: …'")
    return meta


_KEY_LINE = re.compile(r"^([a-z]+):(?:\s+(.*))?$")


def _plain_metadata(lines: list[str]) -> dict | None:
    """Lenient reading of ``key: free text`` lines with indented continuations.

    For metadata written as prose (``#+ description: … (ikg:measure x): …``), which
    is not valid YAML; only scalar keys (summary, description, comma-separated tags).

    Examples
    --------
    >>> _plain_metadata(["summary: a: b", "description: x", "  y", "tags: a, b"])
    {'summary': 'a: b', 'description': 'x y', 'tags': ['a', 'b']}
    """
    meta: dict = {}
    key = None
    for line in lines:
        m = _KEY_LINE.match(line)
        if m and m.group(1) in {"summary", "description", "tags", "returns", "note"}:
            key = m.group(1)
            meta[key] = (m.group(2) or "").strip()
        elif key is not None and (line.startswith(" ") or not line.strip()):
            meta[key] = (meta[key] + " " + line.strip()).strip()
        else:
            return None
    if "tags" in meta:
        meta["tags"] = [t.strip() for t in meta["tags"].strip("[]").split(",") if t.strip()]
    return meta


def _param_from(raw: object, where: str, text: str, prefixes: dict[str, str]) -> Param:
    if not isinstance(raw, dict):
        raise ParseError("each entry of 'params' must be a mapping with name and type", where=where)
    unknown = set(raw) - _PARAM_KEYS
    if unknown:
        raise ParseError(f"unknown parameter key(s) {sorted(unknown)}", where=where,
                         hint=f"allowed: {sorted(_PARAM_KEYS)}")
    name, typ = raw.get("name"), raw.get("type")
    if not isinstance(name, str) or not _VAR_RE.match(name):
        raise ParseError(f"parameter name {name!r} is not a SPARQL variable name", where=where)
    if typ not in TYPES:
        raise ParseError(f"parameter {name!r} has unknown type {typ!r}", where=where,
                         hint=f"types: {', '.join(sorted(TYPES))}")
    if not re.search(rf"[?$]{re.escape(name)}\b", _strip_meta(text)):
        raise ParseError(f"parameter {name!r} binds ?{name}, which the query does not use", where=where)
    default = raw.get("default")
    default = None if default is None else str(default)
    values = tuple(str(v) for v in raw.get("values") or ())
    required = raw.get("required", default is None)
    if not isinstance(required, bool):
        raise ParseError(f"'required' of parameter {name!r} must be true or false", where=where)
    param = Param(name=name, type=typ, default=default, required=required, values=values,
                  description=str(raw.get("description") or "").strip())
    for value in ([default] if default is not None else []) + list(values):
        try:
            parse_value(value, param.type, prefixes=prefixes)
        except ParameterError as exc:
            raise ParseError(f"parameter {name!r}: {exc.message}", where=where, hint=exc.hint) from None
    if default is not None and values and default not in values:
        raise ParseError(f"default {default!r} of {name!r} is not among its values", where=where)
    return param


def _strip_meta(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _check_markers(text: str, where: str, names: set[str]) -> None:
    """Each ``#@values`` marker sits right after a ``{`` and names parameters of the query."""
    try:
        markers = values_markers(text)
    except QueryError as exc:
        raise ParseError(exc.message, where=f"{where}:{(exc.where or '').removeprefix('line ')}",
                         hint="write '#@values ?param' as a comment right after the '{' that opens the group") from None
    for at, variables in markers:
        for var in variables:
            if var not in names:
                line = text.count("\n", 0, at) + 1
                raise ParseError(f"'#@values' names ?{var}, which is no parameter of the query", where=f"{where}:{line}",
                                 hint="a marker repeats a parameter's VALUES in a sub-select; declare it in '#+ params:'")


def load_query(path: str | os.PathLike, name: str | None = None) -> LibraryQuery:
    """Read one ``.rq`` file and its metadata; raise :class:`ParseError` if malformed."""
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8", where=where, hint="save the query as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=where) from None
    meta = parse_metadata(text, where)
    unknown = set(meta) - _TOP_KEYS
    if unknown:
        raise ParseError(f"unknown metadata key(s) {sorted(unknown)}", where=where,
                         hint=f"allowed: {sorted(_TOP_KEYS)}")
    summary = meta.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise ParseError("missing '#+ summary:' line", where=where,
                         hint="every library query says in one line what it returns")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    if not isinstance(tags, list):
        raise ParseError("'tags' must be a list, e.g. '#+ tags: [funding]'", where=where)
    prefixes = prefixes_of(text)
    raw_params = meta.get("params") or []
    if not isinstance(raw_params, list):
        raise ParseError("'params' must be a list of mappings", where=where)
    params = tuple(_param_from(p, where, text, prefixes) for p in raw_params)
    if len({p.name for p in params}) != len(params):
        raise ParseError("a parameter is declared twice", where=where)
    _check_markers(text, where, {p.name for p in params})
    return LibraryQuery(name=name or path.stem, path=path, text=text, summary=summary.strip(),
                        description=str(meta.get("description") or "").strip(),
                        tags=tuple(str(t) for t in tags), params=params, prefixes=prefixes)


def default_library() -> Path:
    """The library folder: ``$INNOKG_QUERIES``, else ``./queries``, else the source tree's."""
    env = os.environ.get("INNOKG_QUERIES")
    if env:
        return Path(env)
    here = Path.cwd() / "queries"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "queries"


def load_library(root: str | os.PathLike | None = None) -> list[LibraryQuery]:
    """Every ``.rq`` below ``root`` (but :data:`INTERNAL_FOLDERS`), sorted by name;
    names must be kebab-case."""
    root = Path(root) if root is not None else default_library()
    if not root.is_dir():
        raise InputError("query library folder not found", where=str(root),
                         hint="run from the repository root or set INNOKG_QUERIES")
    out = []
    for path in sorted(root.rglob("*.rq")):
        rel = path.relative_to(root).with_suffix("")
        if rel.parts[0] in INTERNAL_FOLDERS:
            continue
        for part in rel.parts:
            if not _NAME_RE.match(part):
                raise ParseError(f"query name {part!r} is not kebab-case", where=str(path),
                                 hint="use lower-case words joined by '-', no numeric prefixes")
        out.append(load_query(path, name=rel.as_posix()))
    return sorted(out, key=lambda q: q.name)


def find_query(name: str, library: list[LibraryQuery]) -> LibraryQuery:
    """The query called ``name`` (its path, or its file stem when that is unique)."""
    name = name.removesuffix(".rq")
    exact = [q for q in library if q.name == name]
    if exact:
        return exact[0]
    by_stem = [q for q in library if q.name.rsplit("/", 1)[-1] == name]
    if len(by_stem) == 1:
        return by_stem[0]
    near = [q.name for q in library if name in q.name][:5]
    hint = f"did you mean: {', '.join(near)}" if near else "list them with 'innokg queries'"
    raise ParameterError(f"no library query named {name!r}", where="NAME", hint=hint)


def resolve_parameters(q: LibraryQuery, given: list[str]) -> dict:
    """Turn ``name=value`` strings into typed terms, filling defaults; refuse unknown or missing ones.

    ``given`` holds the ``--param NAME=VALUE`` strings of the command line; the
    result maps each parameter name to its term, ready for
    :func:`~innokg.sparql.binding.bind_parameters`.
    """
    values: dict[str, str] = {}
    for item in given:
        if "=" not in item:
            raise ParameterError(f"{item!r} is not name=value", where="--param",
                                 hint="write e.g. --param region=https://w3id.org/innokg/id/region/de-bw")
        name, value = item.split("=", 1)
        name = name.strip()
        if name in values:
            raise ParameterError(f"parameter {name!r} given twice", where=f"--param {name}")
        q.param(name)  # unknown names fail here
        values[name] = value
    bindings = {}
    for p in q.params:
        value = values.get(p.name, p.default)
        if value is None:
            if p.required:
                raise ParameterError(f"query {q.name!r} needs parameter {p.name!r}", where=f"--param {p.name}",
                                     hint=f"add --param {p.name}=VALUE ({p.describe()})")
            continue
        if p.values and value not in p.values:
            raise ParameterError(f"{value!r} is not one of {', '.join(p.values)}", where=f"--param {p.name}")
        bindings[p.name] = parse_value(value, p.type, where=f"--param {p.name}", prefixes=q.prefixes)
    return bindings
