"""A newcomer's first hour: what `raddsim --help` and the README tell someone who has not read the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from raddsim.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_top_level_help_says_where_to_start() -> None:
    # Was: the list of commands and nothing to type; a planner had to open the README to learn that scenarios are
    # named ("minimum", "ambition") and that `raddsim COMMAND --help` exists.
    text = build_parser().format_help()
    assert "raddsim run " in text and "raddsim compare minimum ambition" in text, text
    assert "--lang sv" in text and "raddsim COMMAND --help" in text, text
    assert all(len(line) <= 100 for line in text.splitlines()), text  # readable in an 100-column terminal


def test_the_start_here_commands_are_real_commands() -> None:
    parser = build_parser()
    for line in build_parser().epilog.splitlines():
        m = re.match(r"\s+(raddsim (?:run|compare|report)[^\n]*?)(?:\s{2,}|$)", line)
        if m:
            args = m.group(1).split()[1:]
            parser.parse_args(args)  # argparse exits on an unknown option or command


def test_the_readme_says_optimise_needs_the_sweep_extra() -> None:
    # Was: `pip install .` (the README's first command), then the Optimise section's command: a traceback.
    section = README.partition("## Optimise")[2].partition("\n## ")[0]
    assert '".[sweep]"' in section.partition("```bash")[0], section[:400]
    assert "`raddsim optimise`" in README.partition("Extras:")[2][:300]


def test_help_prints_without_the_numeric_libraries() -> None:
    code = ("import sys; from raddsim.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('numpy', 'pandas', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip().endswith("[]"), out


def test_the_readmes_way_to_a_real_osm_network_works(tmp_path) -> None:
    # Was "copy stations/norrtalje.toml, set [region] network to the fetched file": a copy beside the fetched
    # network (./networks/) then failed file by file ("norrtalje_islands.csv: islands file not found").
    import shutil

    from raddsim.cli import main
    from raddsim.region.region import load_region

    said = README.partition("To simulate on a real OSM")[2][:700]
    assert "`stations/norrtalje_osm.toml`" in said and '"../networks/<name>.npz"' in said, said
    for folder in ("stations", "networks", "geodata"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    # `network fetch` needs the internet; its .npz is what `network convert` writes.
    assert main(["network", "convert", str(tmp_path / "networks" / "norrtalje_approx.osm"),
                 str(tmp_path / "networks" / "fetched.npz")]) == 0
    copy = tmp_path / "stations" / "norrtalje_osm.toml"
    text = (tmp_path / "stations" / "norrtalje.toml").read_text(encoding="utf-8")
    copy.write_text(re.sub(r'(?m)^network = .*$', 'network = "../networks/fetched.npz"', text, count=1),
                    encoding="utf-8")
    region = load_region(copy)
    assert region.network_path.name == "fetched.npz" and "minimum" in region.scenarios
