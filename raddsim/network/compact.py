"""OpenStreetMap networks (XML or PBF) in a compact cached form, so a run parses each file once.

Parsing OpenStreetMap goes through osmnx (≈ 1 s to import it, then about 0.2 s per 1,000 nodes: 2.4 s for the
default drawn at a real extract's density, 8,758 nodes); the same :class:`~raddsim.network.data.RoadData` read back
from raddsim's own archive (:mod:`raddsim.network.store`) takes a few milliseconds and needs neither osmnx nor
networkx. The first use of an ``.osm`` or ``.osm.pbf`` file (the embedded default's, or one of a user's) parses
it and writes the archive into the user's cache folder; later uses read the archive. What the parse said (ways
dropped, implausible limits) is said on that first use.

Never stale: the archive's name is a SHA-256 of the ``.osm`` file's bytes, the
raddsim version, the archive format version and the source code of the modules
that turn OSM XML into road data, so a changed file, another release or a
changed parser misses the cache and parses afresh. The archive is written
atomically; when the cache folder cannot be written (read-only home, no
``HOME``) the parsed network is used and nothing is cached.

Where: ``$RADDSIM_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/raddsim``, else
``~/.cache/raddsim``. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Callable

from raddsim.core.arraycache import cache_dir
from raddsim.network.data import RoadData

log = logging.getLogger(__name__)

#: Modules whose code decides what an OSM file becomes (part of the cache key).
_PARSER_MODULES = ("osm.py", "pbf.py", "clean.py", "data.py", "speeds.py", "store.py", "load.py", "compact.py")


def cache_key(source: Path) -> str:
    """SHA-256 of the file's bytes, the raddsim version, the archive format and the parser's code."""
    from raddsim import __version__
    from raddsim.network.store import ARCHIVE_VERSION

    h = hashlib.sha256()
    h.update(source.read_bytes())
    h.update(f"\0raddsim {__version__}\0archive {ARCHIVE_VERSION}\0".encode())
    here = Path(__file__).parent
    for name in _PARSER_MODULES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    return h.hexdigest()


def cache_path(source: Path) -> Path | None:
    """Where the compact form of ``source`` lives (None without a cache folder)."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"network-{source.stem}-{cache_key(source)[:32]}.npz"


def load_compact(source: Path, parse: Callable[[], RoadData]) -> RoadData:
    """``parse()``'s road data for ``source``, from the cache when it holds this exact file.

    The provenance (``meta``) is taken from the parse that wrote the cache, with
    ``source`` and ``file`` set to where the file is now.
    """
    from raddsim.core.errors import InputError
    from raddsim.network.store import load_archive, save_archive

    path = cache_path(source)
    if path is not None and path.is_file():
        try:
            data = load_archive(path)
        except InputError:  # a damaged or foreign file under our name: parse and replace it
            log.info("ignoring unreadable network cache %s", path)
        else:
            for key in ("source", "file"):
                if key in data.meta:
                    data.meta[key] = str(source)
            return data
    data = parse()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_archive(data, path, compress=False)
        except (OSError, InputError) as exc:  # an unwritable cache only costs speed
            log.info("could not cache the network in %s (%s)", path, exc)
    return data


__all__ = ["cache_dir", "cache_key", "cache_path", "load_compact"]
