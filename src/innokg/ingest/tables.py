"""Read tabular sources (CSV, TSV, JSON, NGSI-LD JSON; optionally gzip) as records with line numbers.

Every record comes with the line where it starts in its file, so that the
mapping engine can report a bad row as ``[file:line]``. CSV is read with the
standard :mod:`csv` module (quoted fields may span lines; the start line is
kept). JSON must be an array of objects (or an object holding one under
``records``); NGSI-LD entities [1]_ are flattened: ``{"type": "Property",
"value": v}`` becomes ``v``, nested objects become dotted keys
(``address.addressLocality``).

References
----------
.. [1] ETSI GS CIM 009 V1.6.1, "Context Information Management (CIM); NGSI-LD API", 2022, section 4.5.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from innokg.errors import InputError, ParseError

__all__ = ["TableSource", "Record", "read_records", "FORMATS"]

FORMATS = ("csv", "tsv", "json", "ngsi-ld", "inline")


@dataclass(frozen=True)
class Record:
    """One row: ``line`` is 1-based (start line in the file), ``index`` 1-based among records."""

    line: int
    index: int
    values: dict[str, Any]


@dataclass
class TableSource:
    """Where and how to read one table.

    Parameters
    ----------
    path : Path
        The file (``.gz`` is decompressed on the fly). Ignored for ``inline``.
    format : str
        One of :data:`FORMATS`.
    delimiter, encoding, header_row, records_key, rows
        CSV delimiter (``;``, ``\\t``, …); text encoding; 1-based line of the CSV
        header (lines before it are skipped); key holding the record array in a
        JSON object; the rows of an ``inline`` table.
    """

    path: Path | None
    format: str = "csv"
    delimiter: str = ","
    encoding: str = "utf-8"
    header_row: int = 1
    records_key: str | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.path) if self.path is not None else "<inline>"


def _open_text(src: TableSource) -> io.TextIOBase:
    assert src.path is not None
    if not src.path.exists():
        raise InputError(f"source file not found: {src.path}", where=src.label,
                         hint="check `file:` in the mapping and --data")
    try:
        codecs.lookup(src.encoding)
    except LookupError:
        raise InputError(f"unknown encoding {src.encoding!r}", where=src.label) from None
    raw = gzip.open(src.path, "rb") if src.path.suffix == ".gz" else open(src.path, "rb")
    enc = "utf-8-sig" if src.encoding.lower().replace("_", "-") in ("utf-8", "utf8") else src.encoding
    return io.TextIOWrapper(raw, encoding=enc, newline="")  # utf-8 also drops a byte-order mark


def columns_of(src: TableSource) -> list[str]:
    """The column names of a table (header for CSV; union of keys for JSON)."""
    if src.format in ("csv", "tsv"):
        with _open_text(src) as fh:
            reader = csv.reader(fh, delimiter=_delim(src))
            try:
                for _ in range(src.header_row):
                    header = next(reader)
            except StopIteration:
                raise ParseError("file is empty (no header row)", where=src.label) from None
            except UnicodeDecodeError as exc:
                raise InputError(f"cannot decode as {src.encoding}: {exc.reason}", where=src.label,
                                 hint="set `encoding:` in the mapping") from None
        return [_colname(h) for h in header]
    keys: dict[str, None] = {}
    for rec in read_records(src):
        keys.update(dict.fromkeys(rec.values))
    return list(keys)


def _colname(name: str) -> str:
    """Column names are compared with whitespace runs (also line breaks) collapsed to one space."""
    return " ".join(name.split())


def _delim(src: TableSource) -> str:
    return "\t" if src.format == "tsv" else src.delimiter


def read_records(src: TableSource) -> Iterator[Record]:
    """Yield the records of ``src`` in file order.

    Raises
    ------
    InputError, ParseError
        Missing file, undecodable bytes, malformed JSON — naming the file (and line).
    """
    if src.format == "inline":
        for i, row in enumerate(src.rows, 1):
            yield Record(i, i, {k: ("" if v is None else str(v)) for k, v in row.items()})
        return
    if src.format in ("csv", "tsv"):
        yield from _read_csv(src)
    elif src.format in ("json", "ngsi-ld"):
        yield from _read_json(src)
    else:  # pragma: no cover - the mapping loader checks formats
        raise ParseError(f"unknown format {src.format!r}", where=src.label)


def _read_csv(src: TableSource) -> Iterator[Record]:
    fh = _open_text(src)
    reader = csv.reader(fh, delimiter=_delim(src))
    line = 0
    try:
        header: list[str] = []
        for _ in range(src.header_row):
            header = [_colname(h) for h in next(reader)]
        line = reader.line_num
        index = 0
        width = len(header)
        for row in reader:
            start, line = line + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            index += 1
            if len(row) != width:
                # keep the row: the engine reports it with its line and what was wrong
                values = dict(zip(header, row))
                values["__width__"] = f"{len(row)} fields, header has {width}"
            else:
                values = dict(zip(header, row))
            yield Record(start, index, values)
    except StopIteration:
        raise ParseError("file is empty (no header row)", where=src.label) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as {src.encoding} after line {line}: {exc.reason}",
                         where=f"{src.label}:{line + 1}", hint="set `encoding:` in the mapping") from None
    except csv.Error as exc:
        raise ParseError(f"CSV syntax: {exc}", where=f"{src.label}:{reader.line_num}") from None
    finally:
        fh.close()


def _flatten(obj: dict[str, Any], prefix: str, out: dict[str, Any], ngsi: bool) -> None:
    for k, v in obj.items():
        if ngsi and k in ("@context",):
            continue
        if ngsi and isinstance(v, dict) and v.get("type") in ("Property", "Relationship", "GeoProperty"):
            v = v.get("value", v.get("object"))
        key = f"{prefix}{_colname(k)}"
        if isinstance(v, dict):
            _flatten(v, key + ".", out, ngsi)
        elif isinstance(v, list):
            items = []
            for item in v:
                if isinstance(item, dict):
                    sub: dict[str, Any] = {}
                    _flatten(item, "", sub, ngsi)
                    for sk, sv in sub.items():
                        out.setdefault(f"{key}.{sk}", []).append("" if sv is None else str(sv))
                else:
                    items.append("" if item is None else str(item))
            if items or key not in out:
                out[key] = items
        else:
            out[key] = "" if v is None else (v if isinstance(v, str) else json.dumps(v))


def _read_json(src: TableSource) -> Iterator[Record]:
    with _open_text(src) as fh:
        try:
            text = fh.read()
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {src.encoding}: {exc.reason}", where=src.label,
                             hint="set `encoding:` in the mapping") from None
    decoder = json.JSONDecoder()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"JSON syntax: {exc.msg}", where=f"{src.label}:{exc.lineno}:{exc.colno}") from None
    if isinstance(data, dict):
        if src.records_key is None or src.records_key not in data:
            raise ParseError("JSON top level is an object; name the array with `records:`", where=src.label)
        data = data[src.records_key]
    if not isinstance(data, list):
        raise ParseError("JSON records must be an array of objects", where=src.label)
    # find where each top-level record starts, for [file:line] reports
    starts = _array_item_offsets(text, decoder) if src.records_key is None else []
    ngsi = src.format == "ngsi-ld"
    line, pos = 1, 0
    for i, obj in enumerate(data, 1):
        if i - 1 < len(starts):
            off = starts[i - 1]
            line += text.count("\n", pos, off)
            pos = off
        if not isinstance(obj, dict):
            yield Record(line, i, {"__width__": f"record is a {type(obj).__name__}, not an object"})
            continue
        out: dict[str, Any] = {}
        _flatten(obj, "", out, ngsi)
        yield Record(line, i, out)


def _array_item_offsets(text: str, decoder: json.JSONDecoder) -> list[int]:
    offsets: list[int] = []
    i = text.index("[") + 1
    n = len(text)
    ws = " \t\r\n,"
    while i < n:
        while i < n and text[i] in ws:
            i += 1
        if i >= n or text[i] == "]":
            break
        offsets.append(i)
        _, i = decoder.raw_decode(text, i)
    return offsets


def resolve(base: Path, name: str) -> Path:
    """``name`` relative to ``base`` unless absolute; ``~`` and ``$VARS`` expanded."""
    p = Path(os.path.expandvars(os.path.expanduser(name)))
    return p if p.is_absolute() else base / p
