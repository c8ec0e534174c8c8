"""Alarm objects: automatic fire alarms come from buildings (hospital, industry, care homes, schools, town centres)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from raddsim.core.errors import InputError
from raddsim.demand.generate import generate_incidents


@pytest.fixture(scope="module")
def drawn(default_model, default_region):
    setup = default_region.scenarios["minimum"]
    spec = setup.demand
    points, _ = default_model.demand(spec)
    inc = [generate_incidents(spec, points, years=3, seed=7, replication=r) for r in range(4)]
    return spec, points, inc


def test_alarm_objects_receive_their_types_share(drawn) -> None:
    """All and only automatic alarms are at alarm objects; their number and spread over objects are as configured."""
    spec, points, incs = drawn
    cat = spec.catalog
    auto = cat.index("automatic_alarm")
    at_obj = np.concatenate([points.objects[i.point] > 0 for i in incs])
    types = np.concatenate([i.type for i in incs])
    assert (at_obj == (types == auto)).all()
    # Share of alarms at alarm objects: Binomial(n, share of the types placed there), 4 standard errors.
    share = sum(t.share for t in cat.types if t.location == "alarm_objects") / sum(t.share for t in cat.types)
    n = len(types)
    assert n > 5000 and abs(at_obj.mean() - share) < 4 * np.sqrt(share * (1 - share) / n)
    # Spread over the objects: chi-square goodness of fit against their weights.
    obj_idx = np.flatnonzero(points.objects > 0)
    counts = np.bincount(np.concatenate([i.point[points.objects[i.point] > 0] for i in incs]), minlength=len(points))[obj_idx]
    expected = points.objects[obj_idx] / points.objects[obj_idx].sum() * counts.sum()
    assert stats.chisquare(counts, expected).pvalue > 1e-4
    assert len(obj_idx) == len(spec.alarm_objects) == 18
    # The hospital and the Hallstavik mill are among them, and no automatic alarm is out in the countryside.
    names = set(points.name[obj_idx])
    assert {"Norrtälje sjukhus (Tiohundra)", "Hallstavik paper mill (Holmen Paper)"} <= names


def test_last_stretch_to_an_alarm_object_at_the_urban_speed(drawn) -> None:
    spec, points, incs = drawn
    a = spec.access
    for inc in incs[:1]:
        at = points.objects[inc.point] > 0
        want = points.snap_m[inc.point[at]] * a.urban_circuity / (a.urban_speed_kmh / 3.6)
        assert np.allclose(inc.access_s[at], want)
    assert a.urban_speed_kmh == 40  # RAND/ISO fire-engine formula, see stations/norrtalje.toml


def test_types_at_alarm_objects_need_the_file(region_file) -> None:
    from raddsim.region.region import load_region

    path = region_file(lambda s: s.replace('alarm_objects = "', '# alarm_objects = "'))
    with pytest.raises(InputError) as exc:
        load_region(path)
    assert exc.value.field == "demand.alarm_objects" and "automatic_alarm" in str(exc.value)


def test_alarm_objects_file_is_validated(tmp_path) -> None:
    from raddsim.demand.location_files import load_alarm_objects

    p = tmp_path / "o.csv"
    p.write_text("name,kind,lat,lon,weight,source,approximate\nMill,industry,60.05,18.61,3,,maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_alarm_objects(p)
    assert exc.value.field == "approximate"
    p.write_text("name,kind,lat,lon,weight,source,approximate\nMill,industry,60.05,18.61,3,,no\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_alarm_objects(p)
    assert exc.value.field == "source"
    p.write_text("name,kind,lat,lon,weight,source,approximate\nMill,industry,60.05,18.61,-1,x,yes\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_alarm_objects(p)
    assert exc.value.field == "weight"
