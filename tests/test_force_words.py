"""No smoke diving in the output of a region without a smoke-diving force (force22).

A US region planning to NFPA 1710 (tests/test_other_regions6.py's recipe: engines, a truck with an aerial ladder, a
structure fire needing 17 people) has no ``smoke_diving`` capability, yet its English and Swedish output named a
Swedish smoke-diving force (1+4): the effective-force table's heading, the board paper's sentences, the report's
coverage captions, the GIS grid layer's description. Its effective force is what each incident type needs.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from test_other_regions6 import write_nfpa_region

from raddsim.cli import main

#: What names the Swedish smoke-diving force, in either language ("1+4", "1 + 4"; not "0.21 +4.3" in a table).
SMOKE = re.compile(r"smoke|rökdyk|(?<![\d.,])(?:1\+4|1 \+ 4)(?![\d.,])", re.IGNORECASE)


def _us_region(tmp_path: Path) -> str:
    return str(write_nfpa_region(tmp_path / "us"))


def _html_text(path: Path) -> str:
    """The words of an HTML report: no tags, no style sheet, no embedded images (base64 holds any "1+4")."""
    page = re.sub(r"<style.*?</style>|data:[^\"')]+", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_run_and_compare_of_a_us_region_name_no_smoke_diving(tmp_path, capsys, lang) -> None:
    """`raddsim run` headed the effective-force table "(what the incident type needs, e.g. 1+4 smoke diving)"."""
    region = _us_region(tmp_path)
    assert main(["run", "--region", region, "--replications", "1", "--years", "0.2", "--lang", lang]) == 0
    assert main(["compare", "--region", region, "--replications", "1", "--years", "0.2", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert ("effective force" if lang == "en" else "full styrka") in out
    assert not SMOKE.search(out), [out[max(0, m.start() - 80):m.end() + 40] for m in SMOKE.finditer(out)]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_gis_grid_of_a_us_region_names_no_smoke_diving(tmp_path, capsys, lang) -> None:
    """The coverage grid layer's description explained effective_minutes "(smoke diving 1+4)": a column the
    region's grid does not even have (no static force map without smoke_diving)."""
    out = tmp_path / "maps"
    assert main(["map", "--region", _us_region(tmp_path), "today", "--format", "geojson", "--lang", lang,
                 "--out", str(out)]) == 0
    layer = json.loads((out / "grid_today.geojson").read_text(encoding="utf-8"))
    assert "first_crew" in layer["description"] and not SMOKE.search(layer["description"]), layer["description"]
    assert "effective_minutes" not in layer["features"][0]["properties"]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_report_of_a_us_region_names_no_smoke_diving(tmp_path, lang) -> None:
    """The board paper's sentences ("e.g. 1 + 4 for smoke diving"), the coverage and difference notes and the
    per-station-area caption named a smoke-diving force the region does not have."""
    out = tmp_path / "r.html"
    assert main(["report", "--region", _us_region(tmp_path), "--replications", "1", "--years", "0.2",
                 "--no-what-if", "--lang", lang, "--out", str(out)]) == 0
    text = _html_text(out)
    assert ("effective force" if lang == "en" else "full styrka") in text
    assert not SMOKE.search(text), [text[max(0, m.start() - 80):m.end() + 40] for m in SMOKE.finditer(text)]


@pytest.mark.parametrize("lang, says", [("en", "e.g. 1+4 smoke diving"), ("sv", "t.ex. 1 + 4 för rökdykning")])
def test_norrtalje_after_a_us_region_still_names_its_smoke_diving_force(tmp_path, capsys, lang, says) -> None:
    """The force's words are set per command, as the service's are: Norrtälje's run after a US region's in the same
    process still heads its effective-force table with smoke diving."""
    assert main(["run", "--region", _us_region(tmp_path), "--replications", "1", "--years", "0.1"]) == 0
    capsys.readouterr()
    assert main(["run", "current", "--replications", "1", "--years", "0.05", "--lang", lang]) == 0
    assert says in capsys.readouterr().out


def test_every_text_naming_smoke_diving_has_a_neutral_variant() -> None:
    """Each catalogue text that names the smoke-diving force has a variant naming none, in both languages (the
    one exception, "smoke_cov", is only printed for a catalog with smoke_diving)."""
    from raddsim.views.i18n import catalogue, t
    from raddsim.views.service_words import use_service

    naming = {k for k, v in catalogue().items() if any(SMOKE.search(s) for s in v.values())}
    use_service("rescue", smoke_diving=False)
    names = {k: [t(k, lang, **_dummy(k)) for lang in ("en", "sv")] for k in naming - {"smoke_cov"}}
    assert {k for k, texts in names.items() if any(SMOKE.search(s) for s in texts)} == set()
    assert len(names) >= 10


def _dummy(key: str) -> dict[str, object]:
    """A value for each placeholder of ``key``'s texts: they are formatted only to be read."""
    from raddsim.views.i18n import catalogue

    fields = {name for text in catalogue()[key].values() for name in re.findall(r"\{(\w+)", text)}
    return {name: 1 for name in fields}
