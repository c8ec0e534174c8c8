"""Replications reduced to figures as they are produced give exactly the figures of kept records."""

from __future__ import annotations

import json

import numpy as np
import pytest

from raddsim.experiment.model import build_model
from raddsim.experiment.runs import run_scenario
from raddsim.experiment.summary import scenario_summary
from raddsim.region.region import load_region


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return build_model(load_region())


@pytest.mark.parametrize("scenario", ["minimum", "minimum-moveup"])
def test_streamed_figures_equal_kept_records(model, scenario: str) -> None:  # type: ignore[no-untyped-def]
    setup = model.region.scenarios[scenario]
    kept = run_scenario(model, setup, years=0.5, replications=3, seed=7)
    streamed = run_scenario(model, setup, years=0.5, replications=3, seed=7, keep_records=False)
    assert len(kept.records) == 3 and not kept.reduced
    assert not streamed.records and not streamed.incidents and len(streamed.reduced) == 3  # nothing per alarm kept
    a, b = scenario_summary(model, kept), scenario_summary(model, streamed)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert ("move_ups" in a) == (scenario == "minimum-moveup")


def test_a_reduction_holds_figures_not_alarms(model) -> None:  # type: ignore[no-untyped-def]
    setup = model.region.scenarios["minimum"]
    one = run_scenario(model, setup, years=2.0, replications=1, seed=7, keep_records=False).reduced[0]
    arrays = [v for v in vars(one).values() if isinstance(v, np.ndarray)]
    # Per crew, per tätort or per year: nothing as long as the alarms (≈ 1,600 in two years).
    assert one.observed is None and max(a.size for a in arrays) < 100
    # A different replication gives different figures (the comparison above can fail).
    other = run_scenario(model, setup, years=2.0, replications=2, seed=7, keep_records=False).reduced[1]
    assert one.blocks["first", "", ""] != other.blocks["first", "", ""]
