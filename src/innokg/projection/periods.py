"""Time slices of the affiliations: when each tie held, and which periods to cut the network into.

The network over time is the same projection (:mod:`innokg.projection.network`) made once per
period from the affiliations that fall in it. An affiliation is dated, in this order:

1. by its own ``schema:startDate`` / ``schema:endDate`` (a participation, a membership interval);
2. else by its group's dates (``queries/projections/group-periods.rq``): the project's or phase's
   own ``schema:startDate`` / ``schema:endDate``, an organisation's ``schema:foundingDate`` /
   ``schema:dissolutionDate``, a grant that funds it (``ikg:fundedItem``, its start and end), a
   kick-off event of the project or phase (its date as the start);
3. else by the dates of the project the group is a phase of, found the same way;
4. else it is **undated**.

Start and end are looked up separately along that chain; a borrowed date that contradicts the affiliation's
own (an end before the start) is dropped, and of two borrowed ones the end.
A missing end is open (the tie still holds); a missing start is open too. Undated affiliations are
never placed silently: ``undated="keep"`` keeps them in every period (as ``--from/--to`` always
did: unknown is not excluded), ``undated="drop"`` leaves them out; either way their number is
reported (:attr:`DatedAffiliations.undated`).

Two ways to put an affiliation in a window: ``dating="overlap"`` (the tie holds at some time in
the window: the network of who was tied then, as ``--from/--to``) and ``dating="start"`` (the tie
began in the window: the ties formed then, each dated tie in exactly one period of a partition —
grant start dates, CORDIS project starts).

Periods: ``year`` (calendar years), or a rolling window of ``N`` years moved by ``M`` years
(``window="3y", step="1y"``), from ``start`` to ``end`` (default: the first and last year any
dated affiliation starts or ends in).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from collections.abc import Sequence
from typing import Any, Callable, Iterable

from innokg.errors import InputError, ParameterError
from innokg.projection.network import Affiliation, date_bounds, overlaps, query_dir, run_query

__all__ = ["DATINGS", "UNDATED", "Period", "DatedAffiliations", "group_periods", "date_affiliations",
           "in_window", "window_affiliations", "period_affiliations", "PeriodNetworks", "parse_years", "check_periods",
           "period_list", "dated_years"]

#: how an affiliation falls in a window
DATINGS = ("overlap", "start")
#: what becomes of an affiliation without any date
UNDATED = ("keep", "drop")
#: the order in which a group's own dates are preferred
_HOW = ("group", "founding", "grant", "kick-off")


@dataclass(frozen=True)
class Period:
    """A closed time window ``[start, end]`` (ISO dates) and its label (``2019`` or ``2017–2019``)."""

    label: str
    start: str
    end: str


@dataclass
class DatedAffiliations:
    """Affiliations with their dates resolved, and how each was dated."""

    #: the affiliations, ``start``/``end`` as resolved (``None``: not known)
    rows: list[Affiliation]
    #: ``{"own"|"group"|"project"|"undated": count}`` (by where the start, else the end, came from)
    how: dict[str, int] = field(default_factory=dict)

    @property
    def undated(self) -> int:
        """How many affiliations have neither a start nor an end."""
        return self.how.get("undated", 0)


def group_periods(source) -> dict[str, tuple[str | None, str | None]]:
    """``{group: (start, end)}`` from ``group-periods.rq``: for each of start and end, the value of the
    first kind in the order group's own dates, founding, grant, kick-off (several of a kind: the
    earliest start, the latest end)."""
    found: dict[str, dict[str, list[list[str]]]] = {}
    for r in run_query(source, query_dir() / "group-periods.rq"):
        by = found.setdefault(r["group"], {})
        s, e = by.setdefault(r["how"], [[], []])
        if r.get("start") and date_bounds(r["start"])[0]:
            s.append(r["start"])
        if r.get("end") and date_bounds(r["end"])[1]:
            e.append(r["end"])
    out = {}
    for g, by in found.items():
        start = next((min(by[h][0], key=lambda v: date_bounds(v)[0]) for h in _HOW if h in by and by[h][0]), None)
        end = next((max(by[h][1], key=lambda v: date_bounds(v)[1]) for h in _HOW if h in by and by[h][1]), None)
        out[g] = (start, end)
    return out


def date_affiliations(rows: Iterable[Affiliation], groups: dict[str, tuple[str | None, str | None]]) -> DatedAffiliations:
    """``rows`` with the missing dates filled from their group, then their project (see the module).

    Examples
    --------
    >>> rows = [Affiliation("o1", "phase2", "p", "participation"),
    ...         Affiliation("o2", "q", "q", "membership", start="2025"),
    ...         Affiliation("o3", "r", "r", "participation")]
    >>> d = date_affiliations(rows, {"phase2": ("2026", None), "q": ("2020", "2021")})
    >>> [(a.agent, a.start, a.end) for a in d.rows], sorted(d.how.items())
    ([('o1', '2026', None), ('o2', '2025', None), ('o3', None, None)], [('group', 1), ('own', 1), ('undated', 1)])
    """
    out, how = [], Counter()
    for a in rows:
        start, end = a.start, a.end
        s_from = "own" if start else None
        e_from = "own" if end else None
        for level, key in (("group", a.group), ("project", a.project)):
            gs, ge = groups.get(key, (None, None))
            if start is None and gs:
                start, s_from = gs, level
            if end is None and ge:
                end, e_from = ge, level
        if start and end and (date_bounds(end)[1] or "") < (date_bounds(start)[0] or "") \
                and (s_from, e_from) != ("own", "own"):
            # a borrowed date that contradicts the affiliation's own one is dropped (of two borrowed: the end)
            if e_from == "own":
                start, s_from = None, None
            else:
                end, e_from = None, None
        how[s_from or e_from or "undated"] += 1
        out.append(a if (start, end) == (a.start, a.end) else replace(a, start=start, end=end))
    return DatedAffiliations(rows=out, how=dict(how))


def in_window(a: Affiliation, start: str | None, end: str | None, dating: str = "overlap") -> bool | None:
    """Whether ``a`` (dates resolved) falls in the window ``[start, end]``; ``None`` when it has no date
    that could say (no dates at all; for ``dating="start"``: no start).

    Examples
    --------
    >>> a = Affiliation("o", "g", "g", "membership", start="2018-05", end="2020")
    >>> in_window(a, "2019", "2019"), in_window(a, "2019", "2019", "start"), in_window(a, "2018", "2018", "start")
    (True, False, True)
    """
    if dating not in DATINGS:
        raise ParameterError(f"unknown dating {dating!r}", where="--dating", hint="use " + " or ".join(DATINGS))
    if dating == "overlap":
        if not a.start and not a.end:
            return None
        return overlaps(a, start, end)
    lo = date_bounds(a.start)[0]
    if lo is None:
        return None
    return (start is None or lo >= date_bounds(start)[0]) and (end is None or lo <= date_bounds(end)[1])


def window_affiliations(rows: Iterable[Affiliation], start: str | None, end: str | None, *,
                        dating: str = "overlap", undated: str = "keep") -> list[Affiliation]:
    """The affiliations (dates resolved) in the window ``[start, end]``; those :func:`in_window` cannot
    place are kept (``undated="keep"``) or left out (``"drop"``)."""
    return period_affiliations(rows, [(start, end)], dating=dating, undated=undated)[0]


def period_affiliations(rows: Iterable[Affiliation], windows: Iterable, *, dating: str = "overlap",
                        undated: str = "keep") -> list[list[Affiliation]]:
    """:func:`window_affiliations` for each of ``windows`` (:class:`Period` objects or ``(start, end)``
    pairs), in ``rows`` order; each affiliation's dates are read once for all the windows (on all of
    CORDIS H2020 by year, reading them once per window cost more than projecting the networks).

    Examples
    --------
    >>> rows = [Affiliation("o1", "p", "p", "participation", start="2018-05", end="2020"),
    ...         Affiliation("o2", "q", "q", "participation")]
    >>> [[a.agent for a in w] for w in period_affiliations(rows, [("2017", "2017"), ("2019", "2019")])]
    [['o2'], ['o1', 'o2']]
    """
    if dating not in DATINGS:
        raise ParameterError(f"unknown dating {dating!r}", where="--dating", hint="use " + " or ".join(DATINGS))
    if undated not in UNDATED:
        raise ParameterError(f"unknown choice {undated!r} for undated ties", where="--undated",
                             hint="use " + " or ".join(UNDATED))
    keep = undated == "keep"
    cache: dict[str | None, tuple[str | None, str | None]] = {}

    def bounds(value):
        b = cache.get(value)
        if b is None:
            b = cache[value] = date_bounds(value)
        return b

    # (affiliation, earliest date it can mean, latest, whether it has any date): what in_window reads
    dated = [(a, bounds(a.start)[0], bounds(a.end)[1], bool(a.start or a.end)) for a in rows]
    out = []
    for w in windows:
        start, end = (w.start, w.end) if hasattr(w, "start") else w
        ws = bounds(start)[0] if start else None
        we = bounds(end)[1] if end else None
        picked = []
        if dating == "overlap":  # as overlaps(): a missing bound of either side is open
            for a, lo, hi, has in dated:
                if not has:
                    if keep:
                        picked.append(a)
                elif not ((we and lo and lo > we) or (ws and hi and hi < ws)):
                    picked.append(a)
        else:  # the tie began in the window; no start: cannot say
            for a, lo, _hi, _has in dated:
                if lo is None:
                    if keep:
                        picked.append(a)
                elif (start is None or lo >= ws) and (end is None or lo <= we):
                    picked.append(a)
        out.append(picked)
    return out


class PeriodNetworks(Sequence):
    """``(period, network)`` for each period, each network made from the period's affiliations when it is
    first asked for, then kept (the affiliations are let go).

    Made ahead of the networks: ``periods`` and ``sizes`` (each period's affiliations, ``0``: an empty
    network — every projection has a node only for an affiliation), which
    :func:`innokg.analysis.temporal.analyze_over_time` reads to hand the largest periods to the workers
    first and to project each network only as its period is handed out, while the workers analyse the
    others.

    Examples
    --------
    >>> rows = [[Affiliation("o1", "p", "p", "participation"), Affiliation("o2", "p", "p", "participation")], []]
    >>> nets = PeriodNetworks([Period("2019", "2019-01-01", "2019-12-31"), Period("2020", "2020-01-01", "2020-12-31")],
    ...                       rows, lambda r: sorted(a.agent for a in r))
    >>> nets.sizes, nets.made, nets[0], nets.made
    ([2, 0], [False, False], (Period(label='2019', start='2019-01-01', end='2019-12-31'), ['o1', 'o2']), [True, False])
    """

    def __init__(self, periods: Iterable[Period], rows: Iterable[list[Affiliation]],
                 project: Callable[[list[Affiliation]], Any]):
        self.periods = list(periods)
        self._rows: list[list[Affiliation] | None] = list(rows)
        if len(self._rows) != len(self.periods):
            raise ValueError("one list of affiliations per period")
        #: affiliations per period: what each network is made of
        self.sizes = [len(r) for r in self._rows]
        self._project = project
        self._networks: list[Any] = [None] * len(self.periods)

    @property
    def made(self) -> list[bool]:
        """Whether each period's network is made yet."""
        return [r is None for r in self._rows]

    def __len__(self) -> int:
        return len(self.periods)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = range(len(self))[i]  # an IndexError past the end; negative indices count from the end
        rows = self._rows[i]
        if rows is not None:
            self._networks[i] = self._project(rows)
            self._rows[i] = None
        return self.periods[i], self._networks[i]


_SPAN = re.compile(r"^\s*(\d+)\s*y(ears?)?\s*$", re.IGNORECASE)


def parse_years(text: str, *, where: str) -> int:
    """A span of whole years, ``3y`` (or ``3``, ``3 years``) → 3.

    >>> parse_years("3y", where="--window"), parse_years("1", where="--step")
    (3, 1)
    """
    t = str(text).strip()
    m = _SPAN.match(t) or re.match(r"^(\d+)$", t)
    if not m or int(m.group(1)) < 1:
        raise ParameterError(f"{text!r} is not a span of whole years", where=where, hint="write whole years, e.g. 3y")
    return int(m.group(1))


def _year(value: str | None, *, where: str) -> int | None:
    if value is None:
        return None
    lo = date_bounds(value)[0]
    if lo is None:
        raise ParameterError(f"{value!r} is not a date", where=where, hint="write YYYY, YYYY-MM or YYYY-MM-DD")
    return int(lo[:4])


def dated_years(rows: Iterable[Affiliation]) -> tuple[int, int] | None:
    """The first and last year any affiliation starts or ends in (``None``: none is dated)."""
    years = [int(b[:4]) for a in rows for b in (date_bounds(a.start)[0], date_bounds(a.end)[1]) if b]
    return (min(years), max(years)) if years else None


def check_periods(over_time: str | None = None, *, window: str | None = None, step: str | None = None,
                  start: str | None = None, end: str | None = None) -> tuple[int, int, int | None, int | None]:
    """Check the period options before any work: ``(window years, step years, first year, last year)``
    (years ``None`` where not given).

    Raises
    ------
    ParameterError
        naming the option: an unknown ``over_time``, a span that is not whole years, ``--step``
        without ``--window``, both ``--over-time`` and ``--window``, a date that is none, ``--to``
        before ``--from``.
    """
    if over_time is not None and over_time != "year":
        raise ParameterError(f"unknown period {over_time!r}", where="--over-time", hint="use year, or --window 3y")
    if over_time and window:
        raise ParameterError("give --over-time year or --window, not both", where="--window")
    if step and not window:
        raise ParameterError("--step needs --window", where="--step")
    size = 1 if over_time else parse_years(window, where="--window")
    move = parse_years(step, where="--step") if step else 1
    first, last = _year(start, where="--from"), _year(end, where="--to")
    if first is not None and last is not None and last < first:
        raise ParameterError(f"--to {end} is before --from {start}", where="--to")
    return size, move, first, last


def period_list(over_time: str | None = None, *, window: str | None = None, step: str | None = None,
                start: str | None = None, end: str | None = None,
                span: tuple[int, int] | None = None) -> list[Period]:
    """The periods to cut the network into.

    ``over_time="year"``: one period per calendar year; ``window="3y"`` (``step``, default ``1y``):
    windows of three years starting every year, the last one ending in the last year. ``start`` and
    ``end`` (dates; only their years count) bound the range, else ``span`` (:func:`dated_years`).

    Examples
    --------
    >>> [p.label for p in period_list("year", start="2019", end="2021")]
    ['2019', '2020', '2021']
    >>> [(p.label, p.start, p.end) for p in period_list(window="3y", step="1y", span=(2014, 2017))]
    [('2014–2016', '2014-01-01', '2016-12-31'), ('2015–2017', '2015-01-01', '2017-12-31')]
    """
    size, move, first, last = check_periods(over_time, window=window, step=step, start=start, end=end)
    if first is None or last is None:
        if span is None:
            raise InputError("no affiliation has a date, so there are no periods to cut",
                             where="--over-time", hint="give --from and --to, or date the affiliations")
        first = span[0] if first is None else first
        last = span[1] if last is None else last
    if last < first:
        raise ParameterError(f"the periods would end ({last}) before they start ({first})",
                             where="--to" if end else "--from")
    out = []
    y = first
    while True:
        hi = y + size - 1
        if hi > last and out:
            break
        hi = min(hi, last)
        label = str(y) if hi == y else f"{y}–{hi}"
        out.append(Period(label=label, start=f"{y:04d}-01-01", end=f"{hi:04d}-12-31"))
        if hi >= last:
            break
        y += move
    return out
