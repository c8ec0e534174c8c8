"""Valid but extreme input, generated: Corpby (tests/corpus_helpers.py) and the default region at the edge of the model.

The bad-input corpus (test_bad_inputs_corpus.py) damages files; this one keeps every input legal and pushes it to
where a planner or researcher may well go: one or two replications, a horizon of hours or of years, a warm-up
longer than the horizon, seed 0 and 2**63, a target of half a minute or 300 minutes; a region with one crew in
service, crews that never roll, a turnout of 0, demand 50 times too high (the crews cannot keep up) or so low that
no alarm falls in a run, alarms only by day, both stations at one node, a zone target of 0.01 or 120 minutes; a
force no crew set can assemble; a scenario whose season lies outside the simulated days; a comparison of a
scenario with itself and with a copy of itself. Each case is named ``<variant>-<command>[-<options>]``.

The oracle of every case: the command (in-process, ``raddsim.cli.main``) exits 0 with honest output, or exits 2
with exactly one line on stderr that names the option, file or field and holds a fix. Honest output:
  * no traceback, no Python RuntimeWarning (divide by zero, invalid value, mean of empty slice) on stderr;
  * no ``nan``, ``inf``, ``None`` or ``null`` printed as a figure (the JSON written may hold null where
    docs/formats.md says so, never NaN or Infinity);
  * every 95 % interval ``x [lo–hi]`` holds its estimate and lies in the figure's range (minutes ≥ 0, shares
    within 0–100 %);
  * a figure that cannot be had is "–" with its reason said (``says``): no alarm at all, no alarm at night, no
    place with enough alarms, crews that cannot keep up;
  * no claim the run cannot support (``never_says``): "nowhere missed" without an alarm, a day/night ratio of 0;
  * the same seed twice gives the same output (``twice``: checked on a sample, as each costs a second run).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from corpus_helpers import run_captured, write_corpby

SMALL = ["--years", "0.01", "--replications", "2"]
#: Text changes of Corpby's region.toml (and types.toml) that make each variant; every one keeps the files valid.
VARIANTS: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "base": ((), ()),
    "onecrew": ((('[crews.east_pt]\nname = "East deltid"',
                  '[crews.east_pt]\nin_service = false\nname = "East deltid"'),), ()),
    # The full-time crew out of service and the part-time one never answering: only mutual aid is left.
    "nocrewrolls": ((("response_probability = 0.9", "response_probability = 0.0"),
                     ("in_service = true", "in_service = false")), ()),
    "turnout0": ((("turnout_minutes = 1.5", "turnout_minutes = 0"),
                  ('turnout_minutes = { value = 5, range = [3, 8], source = "test" }', "turnout_minutes = 0")), ()),
    "overloaded": ((("multiplier = 1.0", "multiplier = 50.0"),), ()),  # 200,000 alarms a year on two crews
    "noalarms": ((("multiplier = 1.0", "multiplier = 0.001"),), ()),  # 4 a year: none in 0.01 years
    "fewalarms": ((("multiplier = 1.0", "multiplier = 0.1"),), ()),  # a handful: no place has 5
    "dayonly": ((("hour = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
                  "hour = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]"),), ()),
    "onenode": ((("lat = 59.73\nlon = 18.63", "lat = 59.71\nlon = 18.61"),), ()),
    "noforce": ((), (("min_people = 3", "min_people = 30"),)),
    "zeroshare": ((), (("share = 0.4", "share = 0.0"),)),
}
ZONE_TARGETS = {"zone120": "120", "zonetiny": "0.01", "zonezero": "0"}  # zones.geojson's Town target


def _case(variant: str, words: list[str], *, says: tuple[str, ...] = (), never_says: tuple[str, ...] = (),
          refuse: str | None = None, twice: bool = False, json_out: bool = False, id_: str = ""):
    """One case: the command ``words`` on ``variant`` (``{r}`` is the region's folder), what it must say, what it
    must not, the option/file a refusal must name (None: it must run), whether to run it twice."""
    return pytest.param(variant, words, says, never_says, refuse, twice, json_out, id=id_ or f"{variant}-{words[0]}")


CMP = ["compare", "--scenarios-file", "{r}/scenarios.toml", "low", "slow"]
CASES = [
    # --- the fixed faults (each failed on the code before this corpus) -------------------------------------------
    _case("overloaded", ["run", "--years", "0.003", "--replications", "2"], says=(r"scenario 'low' is overloaded",)),
    _case("overloaded", ["compare", "--scenarios-file", "{r}/scenarios.toml", "low", "slow", "--years", "0.003",
                         "--replications", "2"], says=(r"scenario 'low' is overloaded",)),
    _case("base", CMP + SMALL, says=(r"scenario 'slow' had no alarm",), id_="base-compare-season-outside-the-days"),
    _case("noalarms", ["run", *SMALL], says=(r"scenario 'low' had no alarm",), json_out=True, twice=True),
    _case("noalarms", ["target", *SMALL, "--lever-replications", "1"], says=(r"no alarm was simulated",),
          never_says=(r"nowhere",)),
    _case("fewalarms", ["target", "--years", "0.01", "--replications", "3", "--no-levers"],
          says=(r"no place had 5 alarms or more",), never_says=(r"nowhere",)),
    _case("noalarms", ["demand", *SMALL], says=(r"ratio: – \(no alarm was simulated",),
          never_says=(r"ratio: 0\.00", r"\b0\.0%"), json_out=True),
    _case("dayonly", ["demand", *SMALL], says=(r"ratio: – \(no alarm at night\)",), json_out=True),
    _case("noalarms", ["demand", *SMALL, "--lang", "sv"], says=(r"inget larm simulerades",),
          never_says=(r"0,00",), id_="noalarms-demand-sv"),
    # --- guards: cases that were already right ---------------------------------------------------------------
    _case("base", ["run", "--years", "0.01", "--replications", "1"], says=(r"No confidence intervals",),
          id_="base-run-one-replication"),
    _case("base", ["run", "--years", "0.0001", "--replications", "2"], id_="base-run-an-hour"),
    _case("base", ["run", *SMALL, "--warmup", "30"], id_="base-run-warmup-beyond-horizon", twice=True),
    _case("base", ["run", *SMALL, "--seed", "0"], id_="base-run-seed-0"),
    _case("base", ["run", *SMALL, "--seed", str(2**63)], id_="base-run-seed-2**63", twice=True),
    _case("base", ["run", *SMALL, "--target", "0.5"], id_="base-run-target-0.5"),
    _case("base", ["run", *SMALL, "--target", "300"], id_="base-run-target-300", json_out=True),
    _case("base", ["compare", "low", "low", *SMALL], refuse="SCENARIO", id_="base-compare-with-itself"),
    _case("base", ["compare", "--scenarios-file", "{r}/same.toml", "low", "same", *SMALL],
          id_="base-compare-same-content", json_out=True),
    _case("base", ["compare", "--scenarios-file", "{r}/scenarios.toml", "low", "slow", "--years", "3",
                   "--replications", "1"], id_="base-compare-3-years-one-replication"),
    _case("onecrew", ["run", *SMALL]),
    _case("nocrewrolls", ["run", *SMALL], json_out=True),
    _case("turnout0", ["run", *SMALL]),
    _case("overloaded", ["target", "--years", "0.003", "--replications", "2", "--no-levers"]),
    _case("fewalarms", ["run", "--years", "0.01", "--replications", "3"], json_out=True),
    _case("fewalarms", CMP + ["--years", "0.01", "--replications", "3"], json_out=True),
    _case("onenode", ["target", *SMALL, "--lever-replications", "1"]),
    _case("zone120", ["run", *SMALL]),
    _case("zonetiny", ["run", *SMALL]),
    _case("zonezero", ["run", *SMALL], refuse="zones.geojson"),
    _case("noforce", ["run", *SMALL], refuse="types.toml"),
    _case("zeroshare", ["demand", *SMALL], refuse="types.toml"),
    _case("default", ["run", "--years", "0.01", "--replications", "2"], id_="default-run-short"),
    _case("default", ["demand", "--season", "summer", *SMALL], id_="default-demand-summer"),
]


#: ``11.2 [11.0–11.3]`` or ``97.3% [90.8–99.3]`` (thousands grouped with commas) as printed in a table.
INTERVAL = re.compile(r"(-?[\d,]+(?:\.\d+)?)(%?) \[(-?[\d,]+(?:\.\d+)?)[–-](-?[\d,]+(?:\.\d+)?)( ?%?)\]")
UNFIT = re.compile(r"(?<![\w.])(nan|NaN|inf|Inf|Infinity|None|null)(?![\w])")


def _intervals_honest(out: str) -> list[str]:
    """The printed intervals that miss their estimate or leave the figure's range."""
    bad = []
    for m in INTERVAL.finditer(out):
        x, lo, hi = (float(m.group(k).replace(",", "")) for k in (1, 3, 4))
        share = bool(m.group(2) or m.group(5).strip())
        if not lo - 0.051 <= x <= hi + 0.051 or lo < 0 or (share and hi > 100.0):
            bad.append(m.group(0))
    return bad


def _json_unfit(path: Path) -> list[str]:
    """NaN or Infinity anywhere in a JSON file raddsim wrote (null is JSON's 'no value')."""
    found: list[str] = []

    def walk(o, where: str) -> None:
        if isinstance(o, float) and not math.isfinite(o):
            found.append(f"{where} = {o}")
        elif isinstance(o, dict):
            for k, v in o.items():
                walk(v, f"{where}.{k}")
        elif isinstance(o, list):
            for k, v in enumerate(o):
                walk(v, f"{where}[{k}]")

    walk(json.loads(path.read_text(encoding="utf-8"), parse_constant=float), "")
    return found


@pytest.fixture(scope="module")
def regions(tmp_path_factory) -> dict[str, Path]:
    """Every variant's Corpby, each in a folder of its own."""
    out = {}
    for name, (subs, type_subs) in VARIANTS.items():
        folder = write_corpby(tmp_path_factory.mktemp(name))
        for file, changes in (("region.toml", subs), ("types.toml", type_subs)):
            text = (folder / file).read_text(encoding="utf-8")
            for old, new in changes:
                assert old in text, (name, old)
                text = text.replace(old, new)
            (folder / file).write_text(text, encoding="utf-8")
        (folder / "same.toml").write_text('[scenarios.same]\nbase = "low"\ndescription = "low by another name"\n',
                                          encoding="utf-8")
        out[name] = folder
    for name, minutes in ZONE_TARGETS.items():
        folder = write_corpby(tmp_path_factory.mktemp(name))
        zones = folder / "zones.geojson"
        text = zones.read_text(encoding="utf-8").replace('"target_minutes": 8', f'"target_minutes": {minutes}')
        zones.write_text(text, encoding="utf-8")
        out[name] = folder
    return out


@pytest.mark.parametrize(("variant", "words", "says", "never_says", "refuse", "twice", "json_out"), CASES)
def test_an_extreme_input_runs_honestly_or_is_refused_in_one_line(regions, tmp_path, variant, words, says,
                                                                  never_says, refuse, twice, json_out) -> None:
    folder = regions.get(variant)
    argv = [w.replace("{r}", str(folder)) for w in words]
    argv[1:1] = [] if folder is None else ["--region", str(folder)]  # "default": the embedded Norrtälje
    if json_out:
        argv += ["--json", str(tmp_path / "out.json")]
    code, out, lines = run_captured(argv)
    text = "\n".join(lines)
    assert "Traceback" not in text and code in (0, 2), f"exit {code}: {text}"
    assert not [line for line in lines if "RuntimeWarning" in line], text
    if refuse is not None:
        assert code == 2 and len(lines) == 1, f"exit {code}, {len(lines)} lines: {lines}"
        assert refuse in text and "Fix:" in text, text
        return
    assert code == 0, text
    assert not UNFIT.search(out), UNFIT.search(out)
    assert not _intervals_honest(out), _intervals_honest(out)
    for pattern in says:
        assert re.search(pattern, out), f"the output does not say /{pattern}/:\n{out[:3000]}"
    for pattern in never_says:
        assert not re.search(pattern, out), f"the output says /{pattern}/:\n{out[:3000]}"
    if json_out:
        assert not _json_unfit(tmp_path / "out.json")
    if twice:
        again = run_captured(argv)
        assert again[:2] == (code, out), "the same seed gave another output"


def test_target_gives_the_zone_share_the_interval_run_gives_it(regions) -> None:
    """The same alarms (same seed) against the same zones: ``target`` printed [100.0–100.0] for a handful of alarms,
    Student's t over replications that each met the target, where ``run`` widens it to hold Wilson's (as the JSON's
    ``ci95_method`` says both do)."""
    r = str(regions["fewalarms"])
    _, ran, _ = run_captured(["run", "--region", r, "--years", "0.01", "--replications", "3"])
    _, tgt, _ = run_captured(["target", "--region", r, "--years", "0.01", "--replications", "3", "--no-levers"])
    def figures(text: str) -> list[str]:  # the share and its interval: '100.0% [56.6–100.0]', '100.0 % [56.6–…'
        line = next(x for x in text.splitlines() if x.startswith("All alarms, each within its zone's target"))
        return re.findall(r"\d+\.\d", line)

    assert figures(tgt) == figures(ran) and len(figures(ran)) == 3, (figures(tgt), figures(ran))
    assert float(figures(tgt)[1]) < 100.0  # a handful of alarms cannot show 100 % for certain


def test_the_board_paper_of_a_run_without_alarms_says_so(regions, tmp_path) -> None:
    """Page one read "on average the first crew is on scene – minutes after the alarm (95 % interval –––), – minutes
    under the target", placed the scenario "within the range of the reported years" and called 0.003 years 0.0."""
    r = regions["noalarms"]
    paper = tmp_path / "paper.html"
    code, _, lines = run_captured(["report", "--region", str(r), "--years", "0.003", "--replications", "2",
                                   "--no-what-if", "--boundary", str(r / "boundary.geojson"), "--out", str(paper)])
    assert code == 0 and not [x for x in lines if "RuntimeWarning" in x or "Traceback" in x], lines
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style).*?</\1>", "", paper.read_text(
        encoding="utf-8"), flags=re.S)))
    assert "no alarm was simulated, so there is no response time to set against the target" in page
    assert "minutes under the target" not in page and "reported years: low" not in page
    assert "0.003 year(s)" in page and "× 0.0 year(s)" not in page
