"""Travel tables and drawn responses built by hand and given to ``raddsim.simulate``: one InputError naming the
attribute, not an IndexError or SimPy's "Negative delay" from inside the engine, nor a silent run on the wrong
cells (raddsim.engine.travel_checks, raddsim.engine.response_checks)."""

from __future__ import annotations

import dataclasses
import importlib

import numpy as np
import pytest

import raddsim
from raddsim.engine.crews import draw_responses


@pytest.fixture(scope="module")
def prepared():
    model = raddsim.build_model(raddsim.load_region())
    prep = model.prepare(model.region.scenarios["roll-short-follow"])
    alarms = raddsim.generate_incidents(prep.setup.demand, prep.points, years=0.02, seed=1, replication=0)
    responses = draw_responses(prep.setup, len(alarms), 1, 0, alarms.time_s)
    # The legal inputs the cases change: unreached nodes (inf), crews known out and crews that follow.
    assert np.isinf(prep.tables.to_node).any() and responses.known_out is not None and responses.follow_s is not None
    return prep, alarms, responses


def _cell(values: np.ndarray, where: tuple, value) -> np.ndarray:
    out = np.array(values, dtype=np.result_type(values, type(value)))
    out[where] = value
    return out


TABLES = {  # before: what this run did (in brackets: 0.3 years of minimum-moveup)
    "to_node 1-D": (lambda t: {"to_node": t.to_node[0]}, "tables.to_node", "must be 2-D"),  # IndexError
    "to_node a list": (lambda t: {"to_node": t.to_node.tolist()}, "tables.to_node", "not a numpy array"),  # Attribute
    "to_node of text": (lambda t: {"to_node": t.to_node.astype(str)}, "tables.to_node", "not seconds"),  # TypeError
    "from_node one node short": (lambda t: {"from_node": t.from_node[:, :-1]}, "tables.from_node",
                                 "tables.to_node has"),  # ran
    "to_node one row short": (lambda t: {"to_node": t.to_node[:-1]}, "tables.from_node",
                              "tables.to_node has"),  # fleet.station's InputError: blamed the crews
    "NaN to a node": (lambda t: {"to_node": _cell(t.to_node, (2, 5), np.nan)}, "tables.to_node", "row 2, node 5"),
    "negative to_node": (lambda t: {"to_node": -t.to_node}, "tables.to_node", "at least 0"),  # Negative delay
    "NaN from_node": (lambda t: {"from_node": t.from_node * np.nan}, "tables.from_node", "holds nan"),  # other records
    "negative infinity": (lambda t: {"from_node": _cell(t.from_node, (0, 1), -np.inf)}, "tables.from_node",
                          "-inf"),  # ran
    "station_node one short": (lambda t: {"station_node": t.station_node[:-1]}, "tables.station_node",
                               "station rows"),  # ran
    "station_node past the network": (lambda t: {"station_node": t.station_node + t.to_node.shape[1]},
                                      "tables.station_node", "network nodes"),  # ran (IndexError)
    "station_node as floats": (lambda t: {"station_node": t.station_node + 0.5}, "tables.station_node",
                               "whole"),  # ran (IndexError)
    "rows not a function": (lambda t: {"rows": 5}, "tables.rows", "not a function"),  # ran (TypeError)
    "home_tree not a function": (lambda t: {"home_tree": "tree"}, "tables.home_tree",
                                 "not a function"),  # ran (TypeError)
}


@pytest.mark.parametrize("case", TABLES)
def test_hand_built_tables_the_engine_cannot_run_are_one_error_naming_the_attribute(prepared, case) -> None:
    prep, alarms, _ = prepared
    change, field, says = TABLES[case]
    tables = dataclasses.replace(prep.tables, **change(prep.tables))
    with pytest.raises(raddsim.InputError) as err:
        raddsim.simulate(prep.fleet, tables, alarms, prep.requirements, policies=prep.policies)
    assert err.value.field == field and says in err.value.message and err.value.fix, str(err.value)


RESPONSES = {  # before: what this run did (in brackets: 0.3 years of minimum-moveup)
    "rolls one crew short": (lambda r: {"rolls": r.rolls[:, :-1]}, "responses.rolls", "alarms × "),  # other records
    "rolls one alarm short": (lambda r: {"rolls": r.rolls[:-1]}, "responses.rolls", "alarms × "),  # IndexError
    "turnout transposed": (lambda r: {"turnout_s": r.turnout_s.T.copy()}, "responses.turnout_s",
                           "alarms × "),  # other records
    "commanders one crew short": (lambda r: {"commanders": r.commanders[:, :-1]}, "responses.commanders",
                                  "crews"),  # other records (IndexError)
    "known_out one alarm more": (lambda r: {"known_out": np.r_[r.known_out, r.known_out[:1]]},
                                 "responses.known_out", "alarms × "),  # ran
    "follow_ff one crew short": (lambda r: {"follow_ff": r.follow_ff[:, :-1]}, "responses.follow_ff",
                                 "crews"),  # ran
    "follow_s one short": (lambda r: {"follow_s": r.follow_s[:-1]}, "responses.follow_s",
                           "crews (fleet.names)"),  # ran
    "NaN turnout": (lambda r: {"turnout_s": _cell(r.turnout_s, (3, 2), np.nan)}, "responses.turnout_s",
                    "at alarm 3, crew"),  # ran
    "negative turnout": (lambda r: {"turnout_s": -r.turnout_s}, "responses.turnout_s",
                         "at least 0"),  # other records (Negative delay)
    "negative firefighters": (lambda r: {"firefighters": r.firefighters - 9}, "responses.firefighters",
                              "at least 0"),  # other records
    "negative followers": (lambda r: {"follow_cmd": r.follow_cmd - 1}, "responses.follow_cmd",
                           "at least 0"),  # other records
    "people as floats": (lambda r: {"commanders": r.commanders + 0.5}, "responses.commanders",
                         "whole numbers"),  # other records
    "rolls of 0.5": (lambda r: {"rolls": np.full(r.rolls.shape, 0.5)}, "responses.rolls", "True or False"),  # ran
    "known_out of 2": (lambda r: {"known_out": r.known_out * 2}, "responses.known_out", "True or False"),  # ran
    "rolls of text": (lambda r: {"rolls": np.where(r.rolls, "yes", "no")}, "responses.rolls",
                      "not True / False"),  # NotImplementedError (memoryview)
    "NaN follow_s": (lambda r: {"follow_s": r.follow_s * np.nan}, "responses.follow_s",
                     "finite"),  # ran (Negative delay)
    "turnout_s None": (lambda r: {"turnout_s": None}, "responses.turnout_s", "is None"),  # IndexError
    "follow_s without who follows": (lambda r: {"follow_cmd": None}, "responses.follow_cmd",
                                     "only together"),  # ran: nobody followed
}


@pytest.mark.parametrize("case", RESPONSES)
def test_hand_built_responses_the_engine_cannot_run_are_one_error_naming_the_attribute(prepared, case) -> None:
    prep, alarms, responses = prepared
    change, field, says = RESPONSES[case]
    bad = dataclasses.replace(responses, **change(responses))
    with pytest.raises(raddsim.InputError) as err:
        raddsim.simulate(prep.fleet, prep.tables, alarms, prep.requirements, bad, policies=prep.policies)
    assert err.value.field == field and says in err.value.message and err.value.fix, str(err.value)


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return all(np.array_equal(x, y, equal_nan=True) if isinstance(x, np.ndarray) else
               (_same(x, y) if dataclasses.is_dataclass(x) else x == y)
               for x, y in ((getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)))


def test_legal_tables_and_responses_run_as_without_the_checks(prepared, monkeypatch) -> None:
    prep, alarms, responses = prepared
    # Legal and unusual: a node no station reaches (inf both ways), rolls as 0 / 1, Responses.certain given.
    unreached = dataclasses.replace(prep.tables, to_node=_cell(prep.tables.to_node, (slice(None), 7), np.inf),
                                    from_node=_cell(prep.tables.from_node, (slice(None), 7), np.inf))
    ones = dataclasses.replace(responses, rolls=responses.rolls.astype(np.int64))
    certain = raddsim.Responses.certain(prep.fleet, len(alarms))
    inputs = [(prep.tables, responses), (unreached, ones), (prep.tables, certain), (prep.tables, None)]
    checked = [raddsim.simulate(prep.fleet, t, alarms, prep.requirements, r, policies=prep.policies)
               for t, r in inputs]
    module = importlib.import_module("raddsim.engine.simulate")  # raddsim.engine.simulate is also the function
    monkeypatch.setattr(module, "check_tables", lambda *a: None)
    monkeypatch.setattr(module, "check_responses", lambda *a: None)
    unchecked = [raddsim.simulate(prep.fleet, t, alarms, prep.requirements, r, policies=prep.policies)
                 for t, r in inputs]
    assert all(_same(a, b) for a, b in zip(checked, unchecked))
    assert _same(checked[2], checked[3])  # Responses.certain given is the default
