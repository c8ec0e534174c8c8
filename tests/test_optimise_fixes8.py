"""Messages of ``raddsim optimise`` that must speak of the user's own region (probe_opt8)."""

from __future__ import annotations

import pytest
from optimise_helpers import OPTIONS, write_toy

from raddsim.core.errors import InputError
from raddsim.optimise.options import load_options
from raddsim.region.region import load_region


def test_an_extra_crew_without_stations_is_told_the_regions_own_station_ids(tmp_path) -> None:
    """The fix named Norrtälje's "rimbo" and "hallstavik" whatever the region."""
    options = OPTIONS.replace('stations = ["west", "east", "north"]', "stations = []")
    region, opts = write_toy(tmp_path, options=options)
    with pytest.raises(InputError) as err:
        load_options(opts)
    msg = str(err.value)
    own = [k for k, s in load_region(region).scenarios["minimum"].stations.items() if not s.external]
    assert "extra_crews.extra.stations" in msg and "rimbo" not in msg
    assert "Fix: list them, e.g. stations = [" + ", ".join(f'"{k}"' for k in own[:2]) + "]." in msg
