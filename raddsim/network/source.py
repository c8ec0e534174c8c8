"""Which kind of network a path names, told from its form alone (suffix, folder contents), without reading it.

Kept apart from :mod:`raddsim.network.load` so that reading a region file can check its ``network`` key without
importing the readers (networkx, osmnx): a plain ``raddsim run`` reads the compact network and never needs them.
"""

from __future__ import annotations

from pathlib import Path

from raddsim.core.errors import InputError


def network_kind(path: Path) -> str:
    """The kind of network file ``path`` is by its name (``osm``, ``pbf``, ``graphml``, ``archive``, ``csv``), or
    refuse it."""
    name = path.name.lower()
    if path.is_dir():
        return "csv"
    for suffixes, kind in (((".osm.pbf", ".pbf"), "pbf"), ((".graphml", ".graphml.xml"), "graphml"),
                           ((".osm", ".osm.bz2", ".xml", ".osm.xml"), "osm"), ((".npz",), "archive"),
                           ((".zip", "nodes.csv", "arcs.csv"), "csv")):
        if name.endswith(suffixes):
            return kind
    raise InputError(
        f"is not a network format raddsim reads ('{path.suffix or path.name}').",
        file=path,
        fix="give OpenStreetMap XML (.osm, .osm.bz2), a PBF extract (.osm.pbf), a raddsim archive (.npz), GraphML "
            "(.graphml) or a nodes/arcs CSV (folder, .zip or nodes.csv); see docs/formats.md.",
    )


def _network_files(folder: Path) -> list[str]:
    """The names of the network files in a folder (any supported format), sorted."""
    found = []
    for p in sorted(folder.iterdir()):
        try:
            if p.is_file() and p.name.lower() not in ("nodes.csv", "arcs.csv") and network_kind(p):
                found.append(p.name)
        except InputError:
            continue
    return found


def check_network_source(path: Path, written: str | None = None) -> str:
    """The kind of network ``path`` names by its form (``osm``, ``csv`` …), or refuse it: not its contents.

    A folder is a nodes/arcs network only with ``nodes.csv`` and ``arcs.csv`` in it; one of OSM files (a region
    whose ``network`` names ``../networks/``) is refused naming them, not as a missing nodes.csv.

    ``written`` is the path as a region file wrote it (``../networks/``), for the example in the fix.

    Raises
    ------
    InputError
        Naming ``path``; a caller that read the path from a file re-raises it naming its field.
    """
    kind = network_kind(path)
    missing = [f for f in ("nodes.csv", "arcs.csv") if path.is_dir() and not (path / f).is_file()]
    if missing:
        files = _network_files(path)
        holds = (f"it holds the network file(s) {', '.join(files[:5])}{' …' if len(files) > 5 else ''}" if files
                 else "it holds no network file")
        example = ""
        if files:
            example = (f" (e.g. {path / files[0]})" if written is None else
                       f' (e.g. network = "{written.rstrip("/")}/{files[0]}")')
        raise InputError(f"is a folder without {' and '.join(missing)}; {holds}.", file=path,
                         fix=f"name one network file{example}, or a folder holding both nodes.csv and arcs.csv.")
    return kind


__all__ = ["check_network_source", "network_kind"]
