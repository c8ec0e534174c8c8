"""The one incident type of the queueing-theory regions (tests/test_verification.py, tests/test_queueing2.py)."""

from __future__ import annotations

from pathlib import Path


def write_call_types(path: Path, on_scene: str) -> None:
    """``types.toml`` with one type, "call": one crew with one firefighter, no incident commander.

    ``on_scene`` is the on-scene table as TOML, e.g. an exponential (M/M/c) or a lognormal (M/G/c).
    """
    path.write_text(f"""
[capabilities.first_actions]
name = "First actions"
equipment = []
min_roles = {{ firefighters = 1 }}
source = "test"

[types.call]
name = "Call"
name_sv = "Larm"
share = 1.0
share_source = "test"
location = "population"
force = {{ crews = 1, capabilities = ["first_actions"] }}
incident_commander = false
on_scene = {on_scene}
""", encoding="utf-8")
