"""``sweep summarize``'s plot options are checked before the table is written (probe of bad inputs): a refused
``--where``, ``--x``, ``--hue`` or ``--figure`` had replaced the previous summary.csv first, and a ``--where`` that
pins the only varying axis sent the user to add an axis to the spec. Gridby (tests/sweep_helpers.py), offline."""

from __future__ import annotations

import pytest
from test_bad_inputs3 import _exit_and_error
from test_bad_inputs9 import _swept


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    class _Capsys:  # _swept reads nothing it captures
        def readouterr(self):
            return type("C", (), {"out": "", "err": ""})()

    return _swept(tmp_path_factory.mktemp("s"), _Capsys())


@pytest.mark.parametrize("options, field, says", [
    (["--where", "demand.alarms_per_year=1000"], "where", "leaves no axis with more than one value"),
    (["--where", "demand.alarms_per_year=7"], "where", "no point has"),
    (["--x", "demand.alarms_per_yaer"], "x", "unknown axis"),
    (["--hue", "demand.alarms_per_year", "--x", "demand.alarms_per_year"], "hue", "same axis"),
    (["--figure", "share_within_targt"], "figure", "unknown figure"),
])
def test_a_bad_plot_option_leaves_the_summary_as_it_was(swept, tmp_path, capsys, options, field, says) -> None:
    table = tmp_path / "mine.csv"
    assert _exit_and_error(["sweep", "summarize", str(swept), "--table", str(table)], capsys)[0] == 0
    before = table.read_bytes()
    table.write_bytes(before + b"# a note of mine\n")
    code, err = _exit_and_error(["sweep", "summarize", str(swept), "--table", str(table), *options], capsys)
    assert code == 2 and says in err and field in err, err
    assert "add an axis" not in err
    assert table.read_bytes() == before + b"# a note of mine\n"  # not replaced: the command refused before it


def test_the_header_names_the_base_scenario_as_the_base(swept, capsys) -> None:
    # Was "; scenario low" over rows whose axes changed it (newcomer pass: half the rows were at 'ambition').
    from raddsim.cli import main

    assert main(["sweep", "summarize", str(swept)]) == 0
    out = capsys.readouterr().out
    assert "; base scenario low, each point's axes applied to it" in out, out
