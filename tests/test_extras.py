"""Optional extras: a missing one is a one-line InputError naming the extra, not an ImportError."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from raddsim.core.errors import InputError
from raddsim.core.extras import require

ROOT = Path(__file__).resolve().parents[1]


def test_missing_module_names_the_extra() -> None:
    with pytest.raises(InputError, match=r'raddsim\[sweep\]') as info:
        require("raddsim_no_such_module_xyz", extra="sweep", purpose="raddsim sweep")
    assert "raddsim_no_such_module_xyz" in str(info.value)


def test_present_module_passes() -> None:
    require("numpy", extra="sweep", purpose="anything")


def test_heavy_packages_are_extras_and_tests_install_them() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = " ".join(project["dependencies"])
    extras = project["optional-dependencies"]
    for heavy in ("pyarrow", "dask", "pyrosm"):
        assert heavy not in runtime, f"{heavy} should be an extra (keeps the README install under 40 s)"
    test = " ".join(extras["test"])
    for pkg in extras["sweep"] + extras["pbf"]:
        assert pkg in test, f"the test extra must install {pkg}"


def test_compare_uncertain_names_the_extra_before_it_simulates(monkeypatch, capsys) -> None:
    from raddsim.cli import main
    from raddsim.core import extras

    monkeypatch.setattr(extras, "SWEEP_MODULES", ("raddsim_no_such_module_xyz",))
    assert main(["compare", "minimum", "ambition", "--uncertain", "2", "--replications", "2"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing simulated or printed before the error
    assert "raddsim compare --uncertain" in captured.err and 'raddsim[sweep]' in captured.err
