"""Shared checks of a region folder a test has made bad on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region


def assert_refused_once(folder: Path, field: str, says: str, capsys: pytest.CaptureFixture) -> None:
    """``raddsim run`` on ``folder`` exits 2 with one error line, no traceback, naming ``field``, the region file and
    ``says``; ``load_region`` raises one InputError for the same field."""
    assert main(["run", "--region", str(folder), "--replications", "1", "--years", "0.05"]) == 2
    err = capsys.readouterr().err
    assert err.count("raddsim: error") == 1 and "Traceback" not in err
    assert field in err and says in err and "region.toml" in err
    with pytest.raises(InputError) as e:
        load_region(folder)
    assert e.value.field == field
