"""Left-overs a reviewer would notice (polish24).

* ``raddsim sweep summarize`` and ``sweep plot`` labelled ``effective_share_within_target`` with its column name
  (the summary) or with the first crew's target (none: the figure's long description) although sweep.json holds the
  effective force's own target; ``zone_share_within_target`` (a region with target zones) was labelled with its
  column name and not printed at all: a zoned sweep's summary showed only the share against the one target.
* ``[indicator] name`` is the board's name in the planner's language and English output printed it as it is:
  ``name_sv`` (the project's pattern for crews, types, islands) now gives the Swedish output its own name.
* docs/formats.md: the turnout key's comment stood after ``priority``'s; benchmarks/run_all.py had a line over 120.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from sweep_helpers import write_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region
from raddsim.sweep.summary import format_summary, summarize

ROOT = Path(__file__).resolve().parents[1]
FORCE = 9  # the effective force's own target in the test region (the first crew's is Gridby's 6)
ZONES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "West", "target_minutes": 4},
     "geometry": {"type": "Polygon", "coordinates": [[[18.595, 59.695], [18.645, 59.695], [18.645, 59.755],
                                                      [18.595, 59.755], [18.595, 59.695]]]}}]}


def zoned_sweep(tmp_path: Path) -> Path:
    """A two-point sweep of Gridby with target zones and ``effective_target_minutes``; its results folder."""
    region = write_region(tmp_path)
    (tmp_path / "zones.geojson").write_text(json.dumps(ZONES), encoding="utf-8")
    text = region.read_text(encoding="utf-8").replace(
        "target_minutes = 6\n", f'target_minutes = 6\ntarget_zones = "zones.geojson"\neffective_target_minutes = '
                                f"{FORCE}\n")
    region.write_text(text, encoding="utf-8")
    (tmp_path / "spec.toml").write_text('region = "region.toml"\nbase = "low"\nyears = 0.1\nreplications = 2\n'
                                        'seed = 3\n[axes]\n"demand.multiplier" = [1.0, 1.5]\n', encoding="utf-8")
    assert main(["sweep", str(tmp_path / "spec.toml"), "--out", str(tmp_path / "out"), "--processes", "0"]) == 0
    return tmp_path / "out"


@pytest.fixture(scope="module")
def swept(tmp_path_factory) -> Path:
    pytest.importorskip("pyarrow")
    return zoned_sweep(tmp_path_factory.mktemp("zoned"))


def _table(text: str) -> tuple[list[str], list[str]]:
    """The header line of the printed summary table and its first data row."""
    lines = text.splitlines()
    k = next(i for i, line in enumerate(lines) if set(line.replace(" ", "")) == {"-"})
    return lines[k - 1], lines[k + 1]


def test_a_zoned_sweeps_summary_shows_the_share_within_the_zone_targets(swept, capsys) -> None:
    """The zone share is the figure a zoned region's own targets ask for: summarize prints it by default, labelled,
    next to the share within the one target (was: not printed)."""
    assert main(["sweep", "summarize", str(swept), "--out", str(swept.parent / "s")]) == 0
    header, first = _table(capsys.readouterr().out)
    assert re.search(r"within 6 min\s+within zone targets\s+mean min", header)
    table = pd.read_csv(swept.parent / "s" / "summary.csv")
    row = table.iloc[0]
    printed = f"{row['zone_share_within_target'] * 100:.1f}% [{row['zone_share_within_target_lo'] * 100:.1f}–"
    assert printed in first
    # The figures a caller asks for are the ones printed, the zone share only when asked then.
    df = summarize(pd.read_parquet(swept / "results.parquet"), ["demand.multiplier"])
    meta = json.loads((swept / "sweep.json").read_text(encoding="utf-8"))
    assert "zone targets" not in format_summary(df, ["demand.multiplier"], meta, figures=["waited_share"])


def test_an_unknown_figure_is_refused_with_the_ones_there_are(swept) -> None:
    """``format_summary(figures=[...])`` from the API: a typo gets one message listing the figures (was a KeyError
    from pandas)."""
    df = summarize(pd.read_parquet(swept / "results.parquet"), ["demand.multiplier"])
    meta = json.loads((swept / "sweep.json").read_text(encoding="utf-8"))
    with pytest.raises(InputError, match=r"no figure 'share_within' .*name one of: .*share_within_target") as err:
        format_summary(df, ["demand.multiplier"], meta, figures=["share_within"])
    assert err.value.field == "figures"
    assert "zone_share_within_target" in str(err.value)


def test_the_effective_share_is_labelled_with_the_forces_own_target(swept) -> None:
    """sweep.json holds ``effective_target_minutes``: the column says "force within 9 min", not its column name; a
    sweep without one reads the figure against the run's target, and says that one."""
    df = summarize(pd.read_parquet(swept / "results.parquet"), ["demand.multiplier"])
    meta = json.loads((swept / "sweep.json").read_text(encoding="utf-8"))
    assert meta["effective_target_minutes"] == FORCE
    figures = ["share_within_target", "effective_share_within_target"]
    header, _ = _table(format_summary(df, ["demand.multiplier"], meta, figures=figures))
    assert re.search(rf"within 6 min\s+force within {FORCE} min$", header)
    del meta["effective_target_minutes"]
    header, _ = _table(format_summary(df, ["demand.multiplier"], meta, figures=figures))
    assert header.endswith("force within 6 min")


@pytest.mark.parametrize("figure, label", [
    ("effective_share_within_target", f"share of alarms with the full force on scene within {FORCE} min (%)"),
    ("zone_share_within_target", "share of alarms reached within their target zone's target (outside the zones 6 "
                                 "min) (%)"),
])
def test_the_plots_y_axis_names_the_figures_target(swept, monkeypatch, figure, label) -> None:
    """The plot's y axis said "… within its target (region.effective_target_minutes, else the target) (%)" and
    "zone_share_within_target (%)"."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    labels: list[str] = []
    save = Figure.savefig

    def keep_labels(fig, *args, **kwargs):
        labels.extend(ax.get_ylabel() for ax in fig.axes if ax.get_visible() and ax.get_ylabel())
        return save(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep_labels)
    out = swept.parent / f"plot_{figure}.png"
    assert main(["sweep", "summarize", str(swept), "--out", str(swept.parent / "p"), "--figure", figure,
                 "--plot", str(out)]) == 0
    assert out.is_file() and labels == [label]


INDICATOR = ('[indicator]\nname = "Alarm to arrival on scene (KF)"\nname_sv = "Tid från larm till framkomst till '
             'skadeplats (KF)"\nsource = "Gridby kommun"\n\n')


def indicator_region(tmp_path: Path, table: str = INDICATOR) -> Path:
    region = write_region(tmp_path)
    text = region.read_text(encoding="utf-8").replace("[scenarios.low]", table + "[scenarios.low]", 1)
    region.write_text(text, encoding="utf-8")
    return region


@pytest.mark.parametrize("lang, says, not_said", [
    ("en", "indicator — Alarm to arrival on scene (KF) (", "Tid från larm"),
    ("sv", "nyckeltal — Tid från larm till framkomst till skadeplats (KF) (", "Alarm to arrival"),
])
def test_the_indicator_is_named_in_the_readers_language(tmp_path, capsys, lang, says, not_said) -> None:
    """`[indicator] name_sv` names the board's indicator in Swedish output, `name` in English (was: the key was
    refused, and `name` was printed in both)."""
    region = indicator_region(tmp_path)
    out = tmp_path / "run.json"
    assert main(["run", "--region", str(region), "--scenario", "low", "--years", "1", "--replications", "2",
                 "--seed", "5", "--lang", lang, "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert says in text and not_said not in text
    ind = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["low"]["indicator"]
    assert (ind["name"], ind["name_sv"]) == ("Alarm to arrival on scene (KF)",
                                             "Tid från larm till framkomst till skadeplats (KF)")


def test_the_swedish_name_is_the_name_where_none_is_given(tmp_path) -> None:
    """Without name_sv the Swedish output reads ``name`` (as crews and types do), and the JSON reads as before."""
    ind = load_region(indicator_region(tmp_path, '[indicator]\nname = "Framkomsttid"\n\n')).indicator
    assert (ind.label("sv"), ind.label("en")) == ("Framkomsttid", "Framkomsttid")
    named = load_region(indicator_region(tmp_path / "b")).indicator
    assert named.label("sv").startswith("Tid från larm") and named.label("en").startswith("Alarm to")


@pytest.mark.parametrize("value", ["3", '["Tid"]', '""', '"  "'])
def test_a_name_sv_that_is_not_a_text_is_one_input_error_naming_it(tmp_path, value) -> None:
    region = indicator_region(tmp_path, f'[indicator]\nname = "Alarm to arrival"\nname_sv = {value}\n\n')
    with pytest.raises(InputError) as e:
        load_region(region)
    assert e.value.field is not None and e.value.field.endswith("name_sv")
    assert "expected a non-empty text" in e.value.message  # was refused as an unknown key
    if value.startswith('"'):  # an empty Swedish name was taken as none given: English in Swedish output
        assert "leave the key out" in (e.value.fix or "")


def test_the_report_names_the_indicator_by_its_swedish_name(tmp_path) -> None:
    """The Swedish report's source of the reported outcome quotes the board's own words: ``name_sv``."""
    from raddsim.views.report_text import assumptions

    region_file = indicator_region(tmp_path)
    text = region_file.read_text(encoding="utf-8")
    region_file.write_text(text.replace("[region]\n", '[region]\nreported_minutes = { "2022" = 7.5 }\n'), "utf-8")
    region = load_region(region_file)
    sv = assumptions(region, region.scenarios["low"], 500, 1000, 10, "sv")
    assert any("”Tid från larm till framkomst till skadeplats (KF)”" in source for _, _, source in sv)


def test_the_turnout_comment_stands_at_its_key() -> None:
    """docs/formats.md, incident types: the comment of `turnout = { extra_minutes … }` followed `priority`'s."""
    lines = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8").splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("turnout = { extra_minutes"))
    assert lines[k + 1].strip().startswith("# optional: added to the turnout of every crew leaving its station")


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_the_benchmark_runner_keeps_the_line_length() -> None:
    proc = subprocess.run(["ruff", "check", "--select", "E501", "benchmarks/run_all.py"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_an_empty_free_text_is_still_read(tmp_path) -> None:
    """A note, an address or a source may be written empty (a template's blanks); only names are refused empty."""
    region = indicator_region(tmp_path, '[indicator]\nname = "Framkomsttid"\nsource = ""\n\n')
    assert load_region(region).indicator.source == ""
