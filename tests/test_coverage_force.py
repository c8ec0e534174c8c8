"""``[region] coverage_force``: the force the static force maps and the readiness per place measure.

Before, that force was always the ``smoke_diving`` capability (the Swedish 1 + 4): a region without one (a US
department planning to NFPA 1710, whose effective response force is 15–17 people of a structure fire) had
first-arrival maps only. Now it is a capability or an incident type, whose whole force, extra turnout and travel
factor are then measured.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_other_regions6 import write_nfpa_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.engine.force import earliest_force
from raddsim.experiment.model import build_model
from raddsim.region.region import load_region
from raddsim.views.service_words import use_service


@pytest.fixture(autouse=True)
def _default_words():
    yield
    use_service("rescue")  # the commands set the region's words; later tests expect the default


def _nfpa(folder: Path, force: str | None) -> Path:
    write_nfpa_region(folder)
    if force is not None:
        path = folder / "region.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("[region]\n", f'[region]\ncoverage_force = "{force}"\n', 1), encoding="utf-8")
    return folder


def test_a_type_force_is_timed_with_its_people_gear_and_extra_turnout(tmp_path) -> None:
    """The static force time of every node is the scalar earliest force over the crews' arrivals, each crew's
    stated turnout + the alarm handling (a request delay) + the type's 20 s of gear + its drive: 17 people with the
    aerial ladder on scene."""
    from raddsim.coverage.static import force_by_node, force_requirement

    region = load_region(_nfpa(tmp_path / "us", "structure_fire") / "region.toml")
    model = build_model(region)
    setup = region.scenarios["today"]
    req = force_requirement(model, setup)
    assert req is not None and req.people == 17 and req.equipment and req.turnout_extra_s == pytest.approx(20, abs=0.1)
    prep = model.prepare(setup)
    got = force_by_node(prep, req)
    fleet, to_node = prep.fleet, prep.tables.to_node
    staff = [(int(c), int(f), int(c + f), int(e)) for (c, f), e in zip(fleet.planned, fleet.equipment)]
    for node in range(to_node.shape[1]):
        eta = [fleet.turnout_s[k] + fleet.request_delay_s[k] + req.turnout_extra_s + to_node[fleet.station[k], node]
               for k in range(len(fleet))]
        assert got[node] == pytest.approx(earliest_force(req, eta, staff), abs=1e-9)
    # Without the truck's aerial ladder no force exists: 16 engine people never make it.
    assert np.isfinite(got).all()


def test_the_map_command_draws_the_named_force_in_its_own_words(tmp_path) -> None:
    folder = _nfpa(tmp_path / "us", "structure_fire")
    out = tmp_path / "maps"
    assert main(["map", "--region", str(folder), "--out", str(out), "--format", "png,geojson"]) == 0
    assert (out / "force_today.png").is_file()
    grid = json.loads(next(out.glob("*grid*today*.geojson")).read_text(encoding="utf-8"))
    assert "“Structure fire (low hazard)”" in grid["description"]
    minutes = [f["properties"]["effective_minutes"] for f in grid["features"]]
    first = [f["properties"]["minutes"] for f in grid["features"]]
    assert all(e >= m for e, m in zip(minutes, first) if e is not None and m is not None)


def test_without_the_key_a_region_without_smoke_diving_has_no_force_map(tmp_path) -> None:
    folder = _nfpa(tmp_path / "us", None)
    out = tmp_path / "maps"
    assert main(["map", "--region", str(folder), "--out", str(out), "--format", "png"]) == 0
    assert not (out / "force_today.png").exists()


def test_a_capability_can_be_the_force(tmp_path) -> None:
    from raddsim.coverage.static import force_requirement

    region = load_region(_nfpa(tmp_path / "us", "aerial") / "region.toml")
    req = force_requirement(build_model(region), region.scenarios["today"])
    assert req is not None and req.equipment and req.people == 1 and req.turnout_extra_s == 0


def test_the_readiness_per_place_measures_the_named_force(region_file, capsys) -> None:
    """Norrtälje measured by a building fire's whole force (two crews, 1 + 4 smoke diving, the commander): the
    shares per tätort are at most the smoke-diving capability's, as the type needs that and more."""
    path = region_file(lambda s: s.replace("[region]\n", '[region]\ncoverage_force = "building_fire"\n', 1))
    out = path.parent / "r.json"
    assert main(["run", "--stations", str(path), "--scenario", "ambition", "--replications", "2", "--json",
                 str(out)]) == 0
    ready = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["ambition"]["readiness"]
    assert ready["coverage_force"] == "building_fire" and "smoke_diving_force_time_share" not in ready
    assert "Share of time the effective force for “Building fire” can reach the tätort" in capsys.readouterr().out
    default = path.parent / "d.json"
    assert main(["run", "--scenario", "ambition", "--replications", "2", "--json", str(default)]) == 0
    smoke = json.loads(default.read_text(encoding="utf-8"))["scenarios"]["ambition"]["readiness"]
    for place, share in ready["force_time_share"].items():
        assert share["within_10_min"] <= smoke["smoke_diving_force_time_share"][place]["within_10_min"] + 1e-12


def test_swedish_output_names_the_type_in_swedish(tmp_path) -> None:
    folder = _nfpa(tmp_path / "us", "structure_fire")
    types = folder / "types.toml"
    types.write_text(types.read_text(encoding="utf-8").replace('name = "Structure fire (low hazard)"\n',
                                                               'name = "Structure fire (low hazard)"\n'
                                                               'name_sv = "Brand i byggnad"\n'), encoding="utf-8")
    out = tmp_path / "maps"
    assert main(["map", "--region", str(folder), "--out", str(out), "--format", "geojson", "--lang", "sv"]) == 0
    grid = json.loads(next(out.glob("*grid*today*.geojson")).read_text(encoding="utf-8"))
    assert "fulla styrkan för ”Brand i byggnad”" in grid["description"]


@pytest.mark.parametrize("force, words", [
    ("structure_fires", "Did you mean 'structure_fire'?"),
    ("smoke_diving", "no capability or incident type"),
])
def test_a_force_the_catalog_lacks_is_one_error_naming_the_key(tmp_path, force, words) -> None:
    folder = _nfpa(tmp_path / "us", force)
    with pytest.raises(InputError) as err:
        load_region(folder / "region.toml")
    assert err.value.field == "region.coverage_force" and words in str(err.value)


def test_an_id_that_is_both_a_capability_and_a_type_is_refused(tmp_path) -> None:
    folder = _nfpa(tmp_path / "us", "aerial")
    types = folder / "types.toml"
    types.write_text(types.read_text(encoding="utf-8") + '[types.aerial]\nname = "Aerial"\nshare = 0\n'
                     'force = { crews = 1 }\non_scene = { median_minutes = 20, sigma = 0.6, source = "test" }\n',
                     encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(folder / "region.toml")
    assert err.value.field == "region.coverage_force" and "both a capability and an incident type" in str(err.value)


def _toy_with_force(tmp_path: Path, force: str, options: str | None = None):  # type: ignore[no-untyped-def]
    from optimise_helpers import OPTIONS, write_toy

    from raddsim.optimise.options import load_options

    region, opts = write_toy(tmp_path, options=OPTIONS if options is None else options)
    text = region.read_text(encoding="utf-8")
    region.write_text(text.replace("[region]\n", f'[region]\ncoverage_force = "{force}"\n', 1), encoding="utf-8")
    return load_options(opts)


def test_the_optimisers_effective_objective_screens_with_the_named_force(tmp_path) -> None:
    """Boat rescue as the force: West's crew is capable alone only with the boat vehicle an option gives it (with the
    default smoke-diving force it was the other way round)."""
    from optimise_helpers import OPTIONS

    from raddsim.optimise.instances import build_instances

    space = _toy_with_force(tmp_path, "boat_rescue",
                            OPTIONS + '\n[vehicles.west_ft]\nbasic = { capabilities = ["boat"], cost = 0 }\n')
    inst = build_instances(build_model(space.region), space, replications=1, seed=7)
    assert inst.capable[inst.names.index("West heltid: vehicle basic")]
    assert not inst.capable[inst.names.index("West heltid: as today")]


def test_the_effective_objective_is_refused_when_no_crew_makes_the_force_alone(tmp_path) -> None:
    from raddsim.optimise.instances import build_instances
    from raddsim.optimise.screen import screen

    space = _toy_with_force(tmp_path, "boat_rescue")
    inst = build_instances(build_model(space.region), space, replications=1, seed=7)
    with pytest.raises(InputError) as err:
        screen(space, inst, "effective", top=1)
    assert err.value.field == "objective" and "'boat_rescue'" in str(err.value)
    assert screen(space, inst, "time", top=1).solutions  # the other objectives screen as before
