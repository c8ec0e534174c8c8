"""docs/formats.md cannot drift from the parser: every key it shows is accepted, every accepted key is shown.

The parser's allowed keys are not listed in one place: each table's reader calls ``Table.check_keys(allowed)``.
So the tests record those calls (a wrapper around the public method) while loading real inputs — the shipped
region with its incident types and every scenario, plus a small region holding the tables Norrtälje lacks —
and compare them with the key paths of the doc's TOML blocks (and README's region-file and sweep-spec blocks).

Rules for the doc's placeholders (written so a reader recognises them, and so the blocks stay TOML):

* ``<id>``, ``<name>``, ``<kind>`` in a table header stand for any id: they read as ``x``; and an id segment
  of a table of named things (``stations.<id>``, ``crews.<id>``, ``types.<id>``, a staffing level …, see
  :data:`ID_TABLES`) matches any id, in the doc and in the parser's records alike;
* ``[24 values]`` (any ``[N values]``) stands for a list of N numbers: it reads as ``[]``;
* ``…`` and ``...`` inside texts are texts; commented lines (``# key = …``) are prose, not checked as keys;
  a key the doc names only there counts as documented only when listed in :data:`IN_COMMENTS`;
* a value ``{ value = x, range = [lo, hi], source = "..." }`` is one uncertain number, not a table;
* inside ``[scenarios.<name>]`` a key that is not a scenario's own (description, base, …) is an override of
  the region file: it is checked as that region-file key.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from typing import Any, Iterator

import pytest

from raddsim.region.config import Table
from raddsim.region.policy import POLICY_KEYS
from raddsim.region.region import load_region
from raddsim.region.scenarios import OVERRIDE_SECTIONS
from raddsim.sweep.axes import AXIS_KEYS
from raddsim.sweep.spec import SPEC_KEYS

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "formats.md"
README = ROOT / "README.md"

#: Tables whose keys are ids of the user's things (a key path segment after one of these is any id).
ID_TABLES = (("stations",), ("crews",), ("scenarios",), ("hospitals",), ("types",), ("capabilities",),
             ("archipelago", "boats"), ("network", "vehicles"), ("network", "ferries", "lines"),
             ("network", "roads", "add"), ("crews", "*", "staffing"))
#: Tables that are free mappings (user-chosen names → values), not checked by ``check_keys``: why each is free.
FREE_TABLES = {
    ("region", "reported_minutes"): "year → the indicator measured that year",
    ("network", "speeds"): "OSM road class → km/h; any class a network holds",
    ("network", "speeds", "implicit"): "an implicit limit's name (DE:rural) → km/h",
    ("network", "blue_light", "factors"): "OSM road class → factor",
    ("network", "vehicles", "*", "factors"): "OSM road class → factor",
    ("road_weights",): "OSM road class → traffic per km",
    ("policies", "compliance"): "a number of free crews → the stations they stand at",
}
#: Keys the parser accepts that the doc need not show: (file kind, table path, key) → why.
UNDOCUMENTED_OK: dict[tuple[str, tuple[str, ...], str], str] = {}
#: Keys the doc shows only in a commented example or in prose, not as a key line of its block: (file kind,
#: table path, key) → where. They must still appear there (``key =``, ``[... .key]`` or in backticks).
IN_COMMENTS: dict[tuple[str, tuple[str, ...], str], str] = {
    **{("region", ("crews", "*", "staffing", "*", "by_period"), p): "a pool's by_period, commented example"
       for p in ("weekday_day", "weekday_night", "weekend_day", "weekend_night")},
    **{("region", ("scenarios", "*"), k): "'any key of [stations], [crews] …' under [scenarios.<name>]"
       for k in ("archipelago", "availability", "demand", "dispatch", "network", "stations")},
    ("region", ("availability",), "full-time"): "the comment of [availability.part-time]",
    ("region", ("availability",), "mutual-aid"): "the comment of [availability.part-time]",
    ("region", ("network", "ferries", "lines", "*"), "headway_minutes"): "commented under a ferry line",
    ("types", ("types", "*", "on_scene"), "distribution"): "the commented exponential on_scene",
    ("types", ("types", "*", "on_scene"), "mean_minutes"): "the commented exponential on_scene",
}
#: A crew kind's defaults (``[availability.part-time]`` …) take the keys of a crew's own availability table: the
#: parser checks them there, after laying the kind's table under each crew's.
ALIASES = {("availability", kind): ("crews", "*", "availability") for kind in ("full-time", "part-time",
                                                                                "mutual-aid")}
#: The uncertain-value form ``{ value, range, source, note }``: one number, not a table of the region.
RANGED = {"value", "range", "source", "note"}
#: A crew's or staffing table's role counts: any role the region declares, not a fixed key set.
ROLE_TABLES = (("crews", "*", "staffing", "*"), ("crews", "*", "staffing", "*", "pool"),
               ("crews", "*", "availability", "min_to_roll"),
               ("capabilities", "*", "min_roles"), ("types", "*", "force", "min_roles"))

SMALL_REGION = """
[region]
name = "Gridby"
network = "grid.osm"
target_minutes = 6
reported_minutes = { "2022" = 7.0 }

[stations.west]
name = "West"
lat = 59.71
lon = 18.62

[crews.west_ft]
name = "West"
station = "west"
kind = "full-time"
turnout_minutes = 1.5
staffing.low = { crew_commander = 1, firefighters = 3 }

[scenarios.low]
staffing = "low"

[hospitals.h]
name = "H"
lat = 59.72
lon = 18.63

[demand]
alarms_per_year = 300
population = 5000
[demand.on_scene]
median_minutes = 40

[network.ferries.lines."A ferry"]
departures = ["06:00", "07:00"]
crossing_minutes = 4

[calibration]
scenario = "low"
[[calibration.parameters]]
key = "demand.multiplier"
range = [0.5, 2.0]
"""


def norm(path: tuple[str, ...]) -> tuple[str, ...]:
    """``path`` with every id segment (see :data:`ID_TABLES`) replaced by ``*``."""
    out: list[str] = []
    for seg in path:
        seg = re.sub(r"\[\d+\]$", "", seg)  # calibration.parameters[0]: an array of tables, one path
        out.append("*" if tuple(out) in ID_TABLES else seg)
    path = tuple(out)
    alias = next((a for a in ALIASES if path[:len(a)] == a), None)  # its subtables too (absence_period …)
    return path if alias is None else ALIASES[alias] + path[len(alias):]


def toml_blocks(text: str) -> list[str]:
    """The bodies of the ```toml blocks of a Markdown text."""
    return re.findall(r"^```toml\n(.*?)^```", text, flags=re.M | re.S)


def read_block(body: str) -> dict[str, Any]:
    """A doc block as TOML, placeholders read by the rules in the module docstring."""
    body = re.sub(r"<(id|name|kind)>", "x", body)
    body = re.sub(r"\[\d+ values\]", "[]", body)
    return tomllib.loads(body)


def is_ranged(v: Any) -> bool:
    return isinstance(v, dict) and "value" in v and set(v) <= RANGED


def key_paths(data: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """(table path, key) of every key of ``data``; scenario overrides as the region-file keys they override."""
    for key, v in data.items():
        yield path, key
        if len(path) == 2 and path[0] == "scenarios" and key in OVERRIDE_SECTIONS and isinstance(v, dict):
            yield from key_paths(v, (key,))  # an override: the region file's own key
            continue
        if isinstance(v, dict) and not is_ranged(v):
            yield from key_paths(v, path + (key,))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            for x in v:
                yield from key_paths(x, path + (key,))


def record_allowed(tmp_path: Path) -> dict[tuple[str, tuple[str, ...]], set[str]]:
    """(file kind, normalised table path) → keys the parser allows there, from loading real inputs."""
    from raddsim.experiment.calibrate import parse_parameters

    seen: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    original = Table.check_keys

    def recording(self: Table, allowed: Any) -> None:
        allowed = list(allowed)
        if set(allowed) != RANGED:  # an uncertain number's own keys, not a table of the file
            kind = {"incidents.toml": "types", "norrtalje_posterior.toml": "posterior"}.get(self.file.name, "region")
            path = tuple(self.path.split(".")) if self.path else ("",)
            seen.setdefault((kind, norm(path)), set()).update(allowed)
        original(self, allowed)

    mp = pytest.MonkeyPatch()
    mp.setattr(Table, "check_keys", recording)
    # A copy of the shipped region: at its own paths, so no reader serves an earlier test's cached result
    # (the incident types are memoised by path) and every table's check runs here.
    shutil.copytree(ROOT / "stations", tmp_path / "stations")
    for folder in ("networks", "geodata"):
        (tmp_path / folder).symlink_to(ROOT / folder, target_is_directory=True)
    try:
        load_region(tmp_path / "stations" / "norrtalje.toml")
        (tmp_path / "grid.osm").write_text("", encoding="utf-8")  # load_region only asks that it exists
        (tmp_path / "region.toml").write_text(SMALL_REGION, encoding="utf-8")
        parse_parameters(load_region(tmp_path / "region.toml"))
    finally:
        mp.undo()
    # [policies] has its own check: besides POLICY_KEYS, a table of options for each policy by its name
    seen[("region", ("policies",))] = set(POLICY_KEYS) | {p[1] for _, p in seen if p[0] == "policies" and len(p) == 2}
    return seen


@pytest.fixture(scope="module")
def allowed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, tuple[str, ...]], set[str]]:
    return record_allowed(tmp_path_factory.mktemp("formats_doc"))


def doc_keys(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(file kind, normalised table path, key) of every key the region-file and types blocks of ``text`` show."""
    out = []
    for body in toml_blocks(text):
        data = read_block(body)
        if set(data) & {"axes", "overrides"}:
            continue  # a sweep spec: test_readme_sweep_spec_keys
        kind = "types" if set(data) & {"types", "capabilities", "road_weights"} else "region"
        out += [(kind, norm(p or ("",)), k) for p, k in key_paths(data)]
    return out


def unknown_keys(keys: list[tuple[str, tuple[str, ...], str]],
                 allowed: dict[tuple[str, tuple[str, ...]], set[str]]) -> list[str]:
    """The shown keys the parser refuses (or whose table it never checks), as readable lines."""
    bad = []
    for kind, path, key in keys:
        if path in FREE_TABLES or path in ID_TABLES or path in ROLE_TABLES:
            continue
        known = allowed.get((kind, path))
        if known is None or key not in known:
            where = ".".join(p for p in path if p)
            bad.append(f"{kind}: [{where}] {key}" + ("" if known is not None else " (table never checked)"))
    return bad


def test_every_key_formats_md_shows_is_one_the_parser_accepts(allowed) -> None:
    keys = doc_keys(DOC.read_text(encoding="utf-8"))
    assert len(keys) > 150  # the blocks were found and read
    assert unknown_keys(keys, allowed) == []


def test_readme_region_blocks_show_only_accepted_keys(allowed) -> None:
    keys = doc_keys(README.read_text(encoding="utf-8"))
    assert any(p == ("scenarios", "*") for _, p, _ in keys)
    assert unknown_keys(keys, allowed) == []


def test_readme_sweep_spec_keys() -> None:
    specs = [read_block(b) for b in toml_blocks(README.read_text(encoding="utf-8"))]
    specs = [s for s in specs if set(s) & {"axes", "overrides"}]
    assert specs
    for spec in specs:
        assert set(spec) <= set(SPEC_KEYS), set(spec) - set(SPEC_KEYS)
        for axis in spec["axes"].values():
            assert not isinstance(axis, dict) or set(axis) <= set(AXIS_KEYS), axis


def documented(text: str, key: str) -> bool:
    """Whether ``key`` appears in the doc as a key: ``key =``, ``[… .key]`` or in backticks."""
    k = re.escape(key)
    return bool(re.search(rf"(^|[\s.{{\[\"#]){k}\"?\s*=|[.\[]{k}[\].]|`[^`\n]*\b{k}\b[^`\n]*`", text, flags=re.M))


def undocumented(text: str, allowed: dict[tuple[str, tuple[str, ...]], set[str]]) -> list[str]:
    """The keys the parser accepts in the region and types files that ``text`` never shows, as readable lines.

    Shown means: a key line of a TOML block at that table path, or (see :data:`IN_COMMENTS`) in a comment or prose.
    """
    shown = set(doc_keys(text))
    missing = []
    for (kind, path), keys in sorted(allowed.items()):
        if kind == "posterior":
            continue  # written by raddsim calibrate --write, not by hand (its format: README "Calibration")
        if path in ROLE_TABLES:
            continue
        for key in sorted(keys):
            if (kind, path, key) in UNDOCUMENTED_OK or key in ("source", "note"):
                continue
            if (kind, path, key) not in shown and not ((kind, path, key) in IN_COMMENTS and documented(text, key)):
                missing.append(f"{kind}: [{'.'.join(p for p in path if p)}] {key}")
    return missing


def test_every_key_the_parser_accepts_is_in_formats_md(allowed) -> None:
    assert len(allowed) > 40  # the parser's tables were recorded
    assert undocumented(DOC.read_text(encoding="utf-8"), allowed) == []


def test_a_key_dropped_from_the_doc_is_caught(allowed) -> None:
    text = DOC.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("replay_speed_kmh = "))
    assert undocumented(text.replace(line, ""), allowed) == ["region: [demand.access] replay_speed_kmh"]


def test_a_renamed_key_in_the_doc_is_caught(allowed) -> None:
    text = DOC.read_text(encoding="utf-8").replace("turnout_minutes = 5 ", "turnout_minute = 5 ", 1)
    assert unknown_keys(doc_keys(text), allowed) == ["region: [crews.*] turnout_minute"]
