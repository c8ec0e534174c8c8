"""A map whose squares no study area bounds says so (newcomer pass: a small city extract's first map painted 2 km of
sea around it as covered, and nothing said the extent was an assumption). Offline: Gridby and the default."""

from __future__ import annotations

import pytest
from sweep_helpers import write_region

from raddsim.cli import main


@pytest.mark.parametrize("lang, words", [("en", "within 2 km of the network's roads (ASSUMPTION"),
                                         ("sv", "inom 2 km från nätets vägar (ANTAGANDE")])
def test_the_footer_and_the_console_name_the_assumed_extent(tmp_path, capsys, lang, words) -> None:
    from raddsim import build_model, load_region
    from raddsim.views.mapcontext import map_context, source_note

    region = load_region(write_region(tmp_path))
    model = build_model(region)
    ctx = map_context(model, region.scenarios["low"])
    assert ctx.outline is None and words in source_note(ctx, lang)
    assert main(["map", "low", "--stations", str(tmp_path / "region.toml"), "--out", str(tmp_path / "maps"),
                 "--lang", lang]) == 0
    assert words in capsys.readouterr().out


def test_an_outline_or_a_boundary_bounds_the_squares(default_model, default_region) -> None:
    from raddsim.views.mapcontext import map_context, source_note

    setup = default_region.scenarios["minimum"]
    assert "ASSUMPTION: no study area" not in source_note(map_context(default_model, setup), "en")
