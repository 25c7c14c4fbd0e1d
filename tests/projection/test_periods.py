"""Time slices (innokg.projection.periods): dating affiliations, placing them in windows, cutting periods.

Expected values worked by hand from the rules in the module docstring and the fixture
tests/fixtures/network/mini-ecosystem.trig (README there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from innokg.errors import InputError, ParameterError
from innokg.load.files import load_dataset
from innokg.projection.network import Affiliation, affiliations
from innokg.projection.periods import (Period, check_periods, date_affiliations, dated_years, group_periods,
                                       in_window, period_affiliations, period_list, window_affiliations)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "network" / "mini-ecosystem.trig"
ID = "https://w3id.org/innokg/id/"


def test_group_periods_of_the_mini_fixture():
    ds = load_dataset([FIXTURE]).dataset
    assert group_periods(ds) == {ID + "project/p2": ("2021", None)}  # grant g2's start date
    dated = date_affiliations(affiliations(ds), group_periods(ds))
    # 11 rows: 6 participations and 2 memberships with own dates; uni's carrier row, uni self, uni-lab unit: none
    assert dated.how == {"own": 8, "undated": 3}


def test_dating_order_own_group_project():
    rows = [Affiliation("a", "phase", "proj", "participation"),
            Affiliation("b", "phase", "proj", "participation", start="2015"),
            Affiliation("c", "other", "proj", "participation"),
            Affiliation("d", "late", "late", "membership", end="2010")]
    groups = {"phase": ("2018-05", None), "proj": ("2016", "2020"), "late": ("2012", None)}
    d = date_affiliations(rows, groups)
    # a: start from its phase, end from the project; b: own start, end from the project;
    # c: both from the project; d: the group's start is after its own end, so its own end stands alone
    assert [(x.agent, x.start, x.end) for x in d.rows] == [("a", "2018-05", "2020"), ("b", "2015", "2020"),
                                                          ("c", "2016", "2020"), ("d", None, "2010")]
    assert d.how == {"group": 1, "own": 2, "project": 1}


def test_windows_by_overlap_and_by_start():
    a = Affiliation("o", "g", "g", "membership", start="2019-03-01")          # open end
    b = Affiliation("o", "h", "h", "membership", end="2018")                  # start unknown
    c = Affiliation("o", "k", "k", "membership")                              # undated
    assert [in_window(x, "2020", "2020") for x in (a, b, c)] == [True, False, None]
    assert [in_window(x, "2019", "2019", "start") for x in (a, b, c)] == [True, None, None]
    assert window_affiliations([a, b, c], "2020", "2020") == [a, c]
    assert window_affiliations([a, b, c], "2020", "2020", undated="drop") == [a]
    assert window_affiliations([a, b, c], "2017", "2017", dating="start", undated="drop") == []
    with pytest.raises(ParameterError):
        window_affiliations([a], None, None, undated="sometimes")


@pytest.mark.parametrize("dating", ["overlap", "start"])
@pytest.mark.parametrize("undated", ["keep", "drop"])
def test_all_periods_at_once_as_one_window_at_a_time(dating, undated):
    """period_affiliations (each affiliation's dates read once) picks, for every period, what
    in_window picks one window and one affiliation at a time (month and year dates, open ends, no date)."""
    rows = [Affiliation("o", "g", "g", "membership", start="2019-03-01"),
            Affiliation("o", "h", "h", "membership", end="2018"),
            Affiliation("o", "k", "k", "membership"),
            Affiliation("p", "g", "g", "participation", start="2017-12", end="2019-01"),
            Affiliation("q", "m", "m", "participation", start="2020", end="2020-02-29")]
    periods = period_list("year", start="2016", end="2021") + [Period("open", None, None), Period("from", "2019", None)]
    got = period_affiliations(rows, periods, dating=dating, undated=undated)
    for p, picked in zip(periods, got):
        inside = [(in_window(x, p.start, p.end, dating), x) for x in rows]
        assert picked == [x for ok, x in inside if ok or (ok is None and undated == "keep")], p.label


def test_period_lists():
    assert [p.label for p in period_list("year", span=(2018, 2020))] == ["2018", "2019", "2020"]
    assert [p.label for p in period_list(window="3y", step="2y", start="2014", end="2020")] == [
        "2014–2016", "2016–2018", "2018–2020"]
    # a window longer than the span: one period, cut at the last year
    assert [(p.label, p.end) for p in period_list(window="5y", span=(2019, 2020))] == [("2019–2020", "2020-12-31")]
    assert dated_years([Affiliation("o", "g", "g", "m", start="2019-05", end="2021")]) == (2019, 2021)
    assert dated_years([Affiliation("o", "g", "g", "m")]) is None
    with pytest.raises(InputError):
        period_list("year", span=None)


@pytest.mark.parametrize("kwargs,where", [
    ({"over_time": "decade"}, "--over-time"), ({"window": "0y"}, "--window"), ({"window": "x"}, "--window"),
    ({"step": "1y"}, "--step"), ({"over_time": "year", "window": "2y"}, "--window"),
    ({"over_time": "year", "start": "20x"}, "--from"), ({"over_time": "year", "start": "2020", "end": "2019"}, "--to"),
])
def test_bad_period_options_name_the_option(kwargs, where):
    with pytest.raises(ParameterError) as e:
        check_periods(kwargs.pop("over_time", None), **kwargs)
    assert e.value.where == where
