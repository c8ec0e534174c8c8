"""The bad-input corpus (test_bad_inputs_corpus.py) damages only what Corpby's files hold: every documented key
must be in them, or listed in :data:`EXCLUDED` with the reason it is not.

A key only gets the corpus's mutations (its number set to "", "abc", "nan", "inf", "-1", "1e400" …, dropped,
renamed) if Corpby's file has it; keys added to the formats since the corpus was written (an incident type's
``turnout``, ``target_minutes``, ``priority``; ``[region] travel_target_minutes``, ``coverage_force`` …) were never
damaged by it. Documented means:

* every key of docs/formats.md's ```toml blocks (read by test_formats_doc's rules: ``<id>`` is any id, scenario
  overrides are the region-file keys they override, ``{ value, range, source }`` is one number), and the keys it
  shows only in comments (test_formats_doc.IN_COMMENTS), in the region file or the incident types file;
* the columns of docs/formats.md's CSV column tables (``| `col` | yes/no | …``) and of its CSV bullet lists
  (``* **places**: `name,population,lat,lon` … optionally `name_sv```), in the matching Corpby CSV;
* the sweep spec's and the options file's top-level keys, which the parser lists (``SPEC_KEYS``, ``TOP_KEYS``,
  ``OPTIONS_KEYS``; README shows them in prose).

Not counted: the posterior file, which ``raddsim calibrate --write`` writes (not a hand-written format; Corpby's is
the one the corpus damages), and the alarm table and map layers (outputs).
"""

from __future__ import annotations

import re
import tomllib

from corpus_helpers import CSVS, OPTIONS, PLAIN, REGION, SCENARIOS, SPEC, TYPES, grid_tables
from test_formats_doc import DOC, FREE_TABLES, ID_TABLES, IN_COMMENTS, ROLE_TABLES, doc_keys, key_paths, norm

from raddsim.optimise.options import OPTIONS_KEYS, TOP_KEYS
from raddsim.sweep.spec import SPEC_KEYS

_ARCHIPELAGO = "Corpby is inland: islands and boat launches are two CSV kinds of their own (not yet in the corpus)"
#: Documented keys Corpby does not hold: (file kind, dotted key with ``*`` for ids) → why.
EXCLUDED: dict[tuple[str, str], str] = {
    **{("region", k): _ARCHIPELAGO for k in (
        "archipelago", "archipelago.boats", "archipelago.detour", "archipelago.islands", "archipelago.landing_minutes",
        "archipelago.launches", "archipelago.navigable", "archipelago.out_of_service", "archipelago.walk_kmh",
        "archipelago.boats.*.capability", "archipelago.boats.*.road", "archipelago.boats.*.speed_knots",
        "scenarios.*.archipelago")},
    **{("islands", c): _ARCHIPELAGO for c in ("name", "lat", "lon", "landing_lat", "landing_lon", "shore_km",
                                              "walk_km", "permanent", "holiday_homes", "basis", "approximate",
                                              "name_sv")},
    **{("boat_launches", c): _ARCHIPELAGO for c in ("station", "boat", "name", "lat", "lon", "launch_minutes",
                                                    "launch_min", "launch_max", "detour", "source", "approximate")},
    ("crews_table", "paramedics"): "only with `region new --service ems`, which the crews_table kind does not run",
    ("sweep_spec", "base"): "one of base and scenarios: Corpby's spec names its scenarios",
}

#: Corpby's file of each documented CSV (by the doc's heading or bullet name) → the corpus kind.
CSV_KINDS = {"Crews table": "crews_table", "nodes.csv": "nodes", "arcs.csv": "arcs", "places": "places",
             "holiday areas": "holiday_areas", "alarm objects": "alarm_objects", "incidents": "incidents",
             "islands": "islands", "boat launches": "boat_launches"}
_CSV_FILES = {"crews_table": CSVS["crews.csv"], "places": CSVS["places.csv"], "holiday_areas": CSVS["holiday.csv"],
              "alarm_objects": CSVS["objects.csv"], "incidents": CSVS["incidents.csv"],
              "nodes": grid_tables()[0], "arcs": grid_tables()[1], "islands": "", "boat_launches": ""}


def _dotted(path: tuple[str, ...], key: str) -> str:
    return ".".join([*(p for p in path if p), key])


def toml_documented(text: str) -> set[tuple[str, str]]:
    """(kind, dotted key) of every key formats.md's TOML blocks show, and those it shows in comments."""
    keys = [*doc_keys(text), *IN_COMMENTS]
    # A free table's keys (road classes, years) and an id table's ids are the user's names: the table is the key.
    return {(kind, _dotted(path, key)) for kind, path, key in keys
            if path not in FREE_TABLES and path not in ID_TABLES and path not in ROLE_TABLES}


def _corpby_toml(*texts: str, kind: str) -> set[tuple[str, str]]:
    return {(kind, _dotted(norm(p or ("",)), k)) for text in texts for p, k in key_paths(tomllib.loads(text))}


def corpby_keys() -> set[tuple[str, str]]:
    """(kind, dotted key) of every key and column Corpby's files hold (a scenarios file's keys, and the second
    region's, as the region's)."""
    have = _corpby_toml(REGION, SCENARIOS, PLAIN, kind="region") | _corpby_toml(TYPES, kind="types")
    have |= {("sweep_spec", k) for k in tomllib.loads(SPEC)}
    have |= {("options", k) for k in tomllib.loads(OPTIONS)}
    have |= {("options", f"options.{k}") for k in tomllib.loads(OPTIONS)["options"]}
    for kind, text in _CSV_FILES.items():
        header = next((line for line in text.splitlines() if line and not line.startswith("#")), "")
        have |= {(kind, c) for c in header.split(",") if c}
    return have


def csv_documented(text: str) -> set[tuple[str, str]]:
    """(kind, column) of the doc's CSV column tables and bullet lists (kinds by :data:`CSV_KINDS`)."""
    out: set[tuple[str, str]] = set()
    for m in re.finditer(r"^\* \*\*([\w ]+)\*\*:? `([\w,]+)`([^\n]*(?:\n  [^\n]*)*)", text, flags=re.M):
        kind = CSV_KINDS.get(m.group(1))
        if kind is not None:
            optional = re.findall(r"optionally `(\w+)`|optional `(\w+)`", m.group(3))
            out |= {(kind, c) for c in m.group(2).split(",")} | {(kind, a or b) for a, b in optional}
    # A column table: its title is the nearest heading or `file.csv` line above its header row.
    for m in re.finditer(r"^\| column \| required \| meaning \|\n\|[-|]+\|\n((?:\|[^\n]*\n)+)", text, flags=re.M):
        title = re.findall(r"^(?:#+ ([^\n(]+)|`(\w+\.csv)`)", text[: m.start()], flags=re.M)[-1]
        kind = CSV_KINDS.get((title[0] or title[1]).strip())
        if kind is not None:
            for row in m.group(1).splitlines():
                first = row.split("|")[1]
                cols = re.findall(r"`([\w@]+)`", first.split(":")[0])
                out |= {(kind, "role@level" if "@" in c else c) for c in cols}
    return out


def documented() -> set[tuple[str, str]]:
    """Every documented key and column, by kind (see the module docstring)."""
    text = DOC.read_text(encoding="utf-8")
    out = toml_documented(text) | csv_documented(text)
    out |= {("sweep_spec", k) for k in SPEC_KEYS} | {("options", k) for k in TOP_KEYS}
    return out | {("options", f"options.{k}") for k in OPTIONS_KEYS}


def missing(have: set[tuple[str, str]]) -> list[str]:
    """The documented keys neither in ``have`` nor excluded, as "kind: key" lines."""
    at_level = {(kind, "role@level") for kind, key in have if "@" in key}  # firefighters@low: the role@level form
    return sorted(f"{kind}: {key}" for kind, key in documented() - have - at_level if (kind, key) not in EXCLUDED)


def test_the_doc_is_read() -> None:
    docs = documented()
    kinds = {kind for kind, _ in docs}
    assert {"region", "types", "crews_table", "nodes", "arcs", "places", "sweep_spec", "options"} <= kinds, kinds
    assert {("types", "types.*.turnout.extra_minutes"), ("region", "region.coverage_force"),
            ("crews_table", "station_name"), ("arcs", "travel_time_s"), ("alarm_objects", "name_sv")} <= docs


def test_every_documented_key_is_in_corpby_or_excluded() -> None:
    assert missing(corpby_keys()) == []


def test_the_exclusions_are_still_documented_and_still_missing() -> None:
    # An exclusion whose key left the doc, or that Corpby now holds, hides nothing: it goes.
    stale = sorted(k for k in EXCLUDED if k not in documented() or k in corpby_keys())
    assert stale == []


def test_a_key_corpby_drops_is_caught() -> None:
    have = corpby_keys() - {("types", "types.*.priority")}
    assert missing(have) == ["types: types.*.priority"]
