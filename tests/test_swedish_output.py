"""``--lang sv`` is Swedish throughout: no English words left over, and Swedish number format.

Every text command is run on the default region with ``--lang sv`` (few replications) and its
output searched for English that a Swedish reader would trip over — words from the catalogue's
English side, English data names ("(mutual aid)", island groups) — and for English number format:
``8,144`` (Swedish groups thousands with a thin space: ``8 144``) and ``10.6`` (Swedish: ``10,6``).
Things that legitimately hold a dot are removed first: file paths and names, version numbers, EPSG
codes and seeds. The Swedish board paper (HTML, tags stripped) and the texts drawn in the Swedish
maps are checked the same way.
"""

from __future__ import annotations

import contextlib
import html as htmllib
import io
import re

import pytest

from raddsim.cli import main

#: English a Swedish output must not contain (regular expressions, matched as whole words, any case).
ENGLISH = [
    r"mean", r"all", r"mutual aid", r"sea rescue", r"coast guard", r"islands?", r"group", r"ratio", r"summer",
    r"rest of year", r"scenario\(r\)", r"pct", r"pp", r"pe", r"seed", r"frö", r"per year", r"day", r"night",
    r"ferry", r"wrote", r"instead of", r"turnout", r"staffing", r"alarms?", r"minutes", r"within", r"share",
    r"countryside", r"replications?", r"years?",
]
ENGLISH_RE = re.compile(r"(?<![\w-])(?:" + "|".join(ENGLISH) + r")(?![\w-])", re.IGNORECASE)
#: A scenario id in a Swedish sentence is quoted as an id (”current”), never left as if it were a word.
BARE_CURRENT = re.compile(r"(?<![”\w])current(?![”\w])")

#: What may hold a dot or a comma between digits without being a number: paths and file names,
#: version numbers (0.1.0), EPSG codes, and the legal and standard references of the assumptions table.
LEGITIMATE = [
    r"\S*/\S*",  # paths (stations/../networks/x.osm) and references such as 92/6/EEG
    r"\b[\w-]+\.(?:osm|csv|toml|json|html|png|svg|pdf|gpkg|geojson|py|md|pbf)\b",  # file names
    r"\b\d+\.\d+\.\d+\b",  # version numbers
    r"EPSG:\d+",
]


#: An interval printed in Swedish, ``12,258–12,262`` or ``[+0,015 till +0,024]``: two decimal numbers with a dash
#: between them, or in brackets with "till" between them.
SWEDISH_INTERVAL = re.compile(r"(?<![\d,])[−+]?\d+,\d+(?:\u00a0%)?–[−+]?\d+,\d+\b|\[[−+]?\d+,\d+ till [−+]?\d+,\d+\]")


def _clean(text: str) -> str:
    for pattern in LEGITIMATE:
        text = re.sub(pattern, " ", text)
    return text


def _problems(text: str) -> list[str]:
    """English words and English-formatted numbers in ``text``, with a little context each."""
    text = _clean(text)
    found = []
    for m in ENGLISH_RE.finditer(text):
        found.append(f"English {m.group(0)!r}: …{text[max(m.start() - 40, 0):m.end() + 40]}…")
    for m in BARE_CURRENT.finditer(text):
        found.append(f"scenario id not quoted: …{text[max(m.start() - 40, 0):m.end() + 40]}…")
    # English thousands (8,144) and decimals (10.6). A Swedish decimal with three digits (0,699: the CI
    # half-width of `compare`) looks like English thousands, so those lines are checked for decimals only; so does
    # an interval whose ends are told apart by a third decimal (12,258–12,262), so intervals are left out.
    for line in text.splitlines():
        if not line.startswith("Antal replikeringar:"):
            ends = re.sub(SWEDISH_INTERVAL, " ", line)
            found += [f"English thousands {m.group(0)!r} in: {line.strip()}" for m in re.finditer(r"\d,\d{3}\b", ends)]
        found += [f"English decimal {m.group(0)!r} in: {line.strip()}" for m in re.finditer(r"\d\.\d", line)]
    return found


def _stdout(args: list[str]) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(args) == 0
    return buf.getvalue()


def _html_text(page: str) -> str:
    """What a reader of the paper sees: text without tags, styles or embedded images; entities decoded."""
    page = re.sub(r"<(style|title|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(?:p|li|tr|h\d|div|br|td|th|table|figcaption)\b[^>]*>", "\n", page)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


COMMANDS = {
    "run": ["run", "--replications", "3", "--lang", "sv"],
    "compare": ["compare", "minimum", "ambition", "--replications", "3", "--lang", "sv"],
    "target": ["target", "--replications", "3", "--lever-replications", "2", "--lang", "sv"],
    "demand": ["demand", "--replications", "3", "--lang", "sv"],
}


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return {name: _stdout(args) for name, args in COMMANDS.items()}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_swedish_text_output_has_no_english_left(outputs, command) -> None:
    text = outputs[command]
    assert text.strip()
    assert _problems(text) == []


def test_swedish_text_output_groups_thousands_with_a_thin_space(outputs) -> None:
    # The demand summary counts thousands of alarms: 2 434, not 2,434.
    assert re.search(r"^\d\u202f\d{3} larm på \d+ simulerade år \(\d+ \[\d+–\d+\] per år; 95\u00a0% KI", outputs["demand"])
    assert "\u00a0%" in outputs["run"] and "\u00a0%" in outputs["demand"]  # "59,4 %", never "59,4%"
    assert not re.search(r"\d%", outputs["run"] + outputs["compare"] + outputs["target"] + outputs["demand"])


def test_swedish_run_names_its_crews_and_scenarios_in_swedish(outputs) -> None:
    text = outputs["run"]
    assert "2 scenarier" in text and "slumpfrö" in text
    assert "SSRS Grisslehamn, sjöräddning (samverkan)" in text and "Kustbevakningen Kapellskär (samverkan)" in text
    assert "1 scenario ×" in _stdout(["run", "--scenario", "minimum", "--replications", "2", "--lang", "sv"])


def test_swedish_target_names_islands_and_alarm_objects_in_swedish(outputs, default_region) -> None:
    """The places where the target is missed most may be island groups or alarm objects: their Swedish names."""
    demand = default_region.scenarios["minimum"].demand
    named = [p for p in (*demand.islands, *demand.alarm_objects) if p.name_sv and p.name_sv != p.name]
    text = outputs["target"]
    assert not [p.name for p in named if p.name in text]
    assert any(p.name_sv in text for p in named)


def test_the_swedish_board_paper_has_no_english_left(tmp_path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--replications", "3", "--what-if-replications", "2", "--lang", "sv", "--out",
                 str(out)]) == 0
    text = _html_text(out.read_text(encoding="utf-8"))
    assert "Sammanfattning för nämnden" in text
    assert _problems(text) == []
    assert "procentenheter" in text and "slumpfrö" in text and "90:e percentil" in text


def test_the_swedish_maps_have_no_english_left(tmp_path, monkeypatch) -> None:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    drawn: list[str] = []
    savefig = Figure.savefig

    def keep_texts(self, *a, **k):
        drawn.extend(x.get_text() for x in self.findobj(Text) if x.get_text().strip())
        return savefig(self, *a, **k)

    monkeypatch.setattr(Figure, "savefig", keep_texts)
    monkeypatch.setenv("RADDSIM_PROCESSES", "1")  # figures drawn in this process, where savefig is watched
    _stdout(["map", "--simulate", "--replications", "2", "--lang", "sv", "--out", str(tmp_path / "maps")])
    _stdout(["demand", "--replications", "2", "--lang", "sv", "--plot", str(tmp_path / "demand.png")])
    assert any("samverkan" in x for x in drawn) and any("procentenheter" in x for x in drawn)
    assert _problems("\n".join(dict.fromkeys(drawn))) == []


OPTIMISE = ["optimise", "stations/options_norrtalje.toml", "--initial-replications", "2", "--batch", "2",
            "--max-replications", "4", "--short-replications", "2", "--top", "2", "--no-progress", "--lang", "sv"]


def test_swedish_optimise_has_no_english_left(tmp_path, monkeypatch) -> None:
    """The table, the option sets (crews, sites, the extra crew, the cost unit), the verdicts, the plot and the map."""
    from conftest import ROOT
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    drawn: list[str] = []
    savefig = Figure.savefig

    def keep_texts(self, *a, **k):
        drawn.extend(x.get_text() for x in self.findobj(Text) if x.get_text().strip())
        return savefig(self, *a, **k)

    monkeypatch.setattr(Figure, "savefig", keep_texts)
    monkeypatch.setenv("RADDSIM_PROCESSES", "1")
    monkeypatch.chdir(ROOT)
    text = _stdout(OPTIMISE + ["--out", str(tmp_path / "opt")])
    assert "kostnad" in text and "tjänster" in text and "Extra rökdykarstyrka vid" in text and "Skrev" in text, text
    assert "konfidens" in text and "mot basen" in text, text
    assert _problems(text) == []
    assert any("sållning" in x for x in drawn) and any("kostnad (tjänster)" in x for x in drawn), drawn
    assert _problems("\n".join(dict.fromkeys(drawn))) == []
    scenario = (tmp_path / "opt" / "scenarios" / "opt-1.toml").read_text(encoding="utf-8")
    (sv,) = [line for line in scenario.splitlines() if line.startswith("description_sv = ")]
    assert _problems(sv) == [] and 'name_sv = "Extra rökdykarstyrka (' in scenario


def test_swedish_optimise_verdicts_cover_every_english_one() -> None:
    from raddsim.views.optimise_text import verdict_text

    for en, sv in [("base", "bas"), ("only finalist", "enda finalist"), ("not simulated", "inte simulerad"),
                   ("best with 95% confidence", "bäst med 95\u00a0% konfidens"),
                   ("tied for best (not separated after 60 replications)",
                    "delad bästa plats (inte åtskilda efter 60 replikeringar)"),
                   ("worse than opt-1 (95% confidence, after 20 replications)",
                    "sämre än ”opt-1” (95\u00a0% konfidens, efter 20 replikeringar)"),
                   ("only distinct finalist", "enda finalist med eget utfall"),
                   ("identical to opt-1 in every replication (merged after 10 replications)",
                    "identisk med ”opt-1” i varje replikering (sammanslagen efter 10 replikeringar)")]:
        assert verdict_text(en, "sv") == sv and verdict_text(en) == en


def test_the_checks_see_english_leftovers() -> None:
    assert _problems("2 scenario(r) × 3 replikeringar") and _problems("Östhammar (mutual aid)")
    assert _problems("8,144 larm (814 per år)") and _problems("59,4 % och 30.3")
    assert _problems("dagens bemanning (current)") and not _problems("dagens bemanning (scenariot ”current”)")
    assert not _problems("raddsim 0.1.0 — Vägnät: (/x/stations/../networks/norrtalje_approx.osm) EPSG:3006 20250101")
    assert not _problems("Antal replikeringar: 3; osäkerhet i medeltiden till första styrka (halva 95 %-intervallets bredd): minimum 1,055")
