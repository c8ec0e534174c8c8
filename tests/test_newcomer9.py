"""A newcomer's first hour, ninth pass (task "newcomer9"): README.md from "Other results on the default" to the end
(command line, scenarios, optimise, research sweeps, the JSON contract, maps and the report, road networks, other
regions) and docs/formats.md, every command shown run on the current code; what did not do what the text says."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMATS = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
TEXT = " ".join(README.split())
SPEC = ROOT / "benchmarks" / "specs" / "demand_x_staffing.toml"


# ------------------------------------------------------------------ 1. the sweep spec README shows
def test_readmes_sweep_spec_shows_the_shipped_specs_settings() -> None:
    # Was: README's block, headed "benchmarks/specs/demand_x_staffing.toml (its settings …)", gave its description as
    # "Demand multiplier × staffing level"; the file (and so `sweep.json` and the summary's first line) says
    # "… (Norrtälje default)".
    block = re.search(r"```toml\n# benchmarks/specs/demand_x_staffing\.toml \(its settings.*?\n(.*?)```", README, re.S)
    assert block, "README shows the demand × staffing spec"
    shown = tomllib.loads(block.group(1))  # the commented lines (other forms) are comments here too
    shipped = tomllib.loads(SPEC.read_text(encoding="utf-8"))
    assert shown.pop("overrides") == {}  # README shows the optional table empty (its key commented), the file omits it
    assert shown == shipped, (shown, shipped)
