"""`raddsim demand` over part of a year: a month no replication simulated has no share and no interval.

With --years 0.3 (January to mid-April) May–December printed "0.0" with a Wilson interval "0.0–0.6": a share of
alarms estimated at none, where no alarm could fall because the months were never simulated.
"""

from __future__ import annotations

import json

import pytest

from raddsim.cli import main


def _demand(tmp_path, capsys, years: str, lang: str = "en") -> tuple[dict, str]:
    out = tmp_path / f"d{years}{lang}.json"
    assert main(["demand", "--years", years, "--replications", "2", "--json", str(out), "--lang", lang]) == 0
    return json.loads(out.read_text(encoding="utf-8")), capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_months_outside_a_part_year_have_no_share(tmp_path, capsys, lang) -> None:
    doc, text = _demand(tmp_path, capsys, "0.3", lang)
    shares, cis = doc["by_month_share"], doc["by_month_share_ci95"]
    assert all(x is not None for x in shares[:4]) and all(x is not None for x in cis[:4])  # Jan–Apr simulated
    assert shares[4:] == [None] * 8 and cis[4:] == [None] * 8, (shares, cis)
    assert doc["by_month"][4:] == [0] * 8  # the counts stay counts
    lines = text.splitlines()
    head = next(k for k, line in enumerate(lines) if line.startswith(("month (", "månad (")))
    assert lines[head + 2].split()[4:] == ["–"] * 8 and lines[head + 3].split()[4:] == ["–"] * 8
    assert ("109.6 days" if lang == "en" else "109,6 dagar") in lines[head + 5], lines[head + 5]


def test_a_whole_year_has_every_month(tmp_path, capsys) -> None:
    doc, text = _demand(tmp_path, capsys, "1")
    assert None not in doc["by_month_share"] and None not in doc["by_month_share_ci95"]
    assert "a month no replication simulated" not in text
