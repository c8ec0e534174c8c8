"""A JEMSS.jl ``sim_config.xml``: the files a model runs from and the decisions it takes, as JEMSS reads them.

JEMSS.jl (commit fb92cef, ``src/run_config.jl`` ``initSim``) runs a model from this file: ``<inputPath>`` (relative
to the config's folder; ``$jemssDir`` is the JEMSS.jl folder) and, under ``<simFiles>``, one element per input file
(relative to the input path). It requires ambulances, hospitals, stations, nodes, arcs, map, priorities, travel and
exactly one of ``calls`` (a list of calls) and ``callGenConfig`` (calls generated); it reads every named file but
``rNetTravels`` (a cache). ``<decision>`` names the call queueing, the dispatch rule and a move-up module.

:func:`read_sim_config` resolves each named file; :mod:`raddsim.region.jemss` then reads those instead of
guessing from the folder. What the config sets that raddsim does not follow is returned as notes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from raddsim.core.errors import InputError
from raddsim.core.text import read_text

#: ``<simFiles>`` elements JEMSS.jl cannot run without (``calls`` or ``callGenConfig`` is checked on its own).
REQUIRED_FILES = ("ambulances", "hospitals", "stations", "nodes", "arcs", "map", "priorities", "travel")
#: Named files JEMSS does not need to exist: a cache it writes when absent.
CACHE_FILES = ("rNetTravels",)
#: The decisions raddsim simulates as JEMSS does (priority then time; the nearest free ambulance; no move-up).
FOLLOWED = {"callQueueing": "addCallToQueueSortPriorityThenTime!", "dispatch": "findNearestDispatchableAmb!",
            "moveUp/module": "none"}


@dataclass
class SimConfig:
    """What a ``sim_config.xml`` names: ``files`` (element → path, resolved), ``notes`` (what raddsim does not
    follow) and ``path`` (the config itself)."""

    path: Path
    files: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def file(self, element: str) -> Path | None:
        """The file ``<simFiles><element>`` names, ``None`` when the config names none."""
        return self.files.get(element)

    def roads(self) -> Path:
        """The folder (or JEMSS.jl's ``roads.zip`` beside them) holding the nodes and arcs files the config names."""
        nodes, arcs = self.files["nodes"], self.files["arcs"]
        if nodes.parent != arcs.parent or (nodes.name.lower(), arcs.name.lower()) != ("nodes.csv", "arcs.csv"):
            raise InputError(f"<nodes> and <arcs> name {nodes} and {arcs}: raddsim reads a road network as nodes.csv "
                             "and arcs.csv in one folder (or zip).", file=self.path, field="simFiles.nodes",
                             fix="put the two files, named nodes.csv and arcs.csv, in one folder and name them so.")
        return nodes.parent if nodes.is_file() else _zip_holding(nodes.parent, ("nodes.csv", "arcs.csv")) or nodes


def _zip_holding(folder: Path, names: tuple[str, ...]) -> Path | None:
    """The one ``.zip`` in ``folder`` holding all ``names`` (JEMSS.jl ships its roads zipped; its build unzips)."""
    if not folder.is_dir():
        return None
    for z in sorted(folder.glob("*.zip")):
        try:
            with zipfile.ZipFile(z) as arch:
                held = {Path(n).name.lower() for n in arch.namelist()}
        except zipfile.BadZipFile:
            continue
        if all(n.lower() in held for n in names):
            return z
    return None


def _root(path: Path) -> ET.Element:
    if not path.is_file():
        raise InputError("file not found.", file=path, field="--config",
                         fix="give JEMSS.jl's sim_config.xml (e.g. example/cities/edmonton/1/reps/input/).")
    try:
        root = ET.fromstring(read_text(path))
    except ET.ParseError as exc:
        raise InputError(f"cannot read the XML ({exc}).", file=path, field="simConfig",
                         fix="give JEMSS.jl's sim_config.xml (an XML file with a <simConfig> root).") from None
    if root.tag != "simConfig":
        raise InputError(f"the root element is <{root.tag}>, not <simConfig>.", file=path, field="simConfig",
                         fix="give JEMSS.jl's sim_config.xml (a gen_config.xml goes to --calls).")
    return root


def _interpolate(text: str, path: Path, element: str, jemss_dir: Path | None) -> str:
    """JEMSS evaluates ``$name`` in a path as a Julia global: raddsim knows ``$jemssDir`` and ``$(VERSION)``."""
    def sub(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        if name == "jemssDir" and jemss_dir is not None:
            return str(jemss_dir)
        if name == "VERSION":
            return "VERSION"  # only in rNetTravels, a cache raddsim does not read
        raise InputError(f"<{element}> uses ${name}, which raddsim cannot resolve"
                         + (" (no JEMSS.jl folder above the config)" if name == "jemssDir" else "") + ".",
                         file=path, field=element, fix="write the path without it (absolute, or relative to the "
                                                       "config's folder).")
    return re.sub(r"\$(?:\((\w+)\)|(\w+))", sub, text.strip())


def _jemss_dir(path: Path, text: str) -> Path | None:
    """The JEMSS.jl folder ``$jemssDir`` means: the first folder above the config in which ``text`` exists."""
    for parent in path.resolve().parents:
        if Path(text.replace("$jemssDir", str(parent))).exists():
            return parent
    return None


def input_path(root: ET.Element, path: Path) -> tuple[Path, Path | None]:
    """The folder the ``<simFiles>`` are read from (``<inputPath>``, relative to the config's folder; empty: that
    folder) and the JEMSS.jl folder ``$jemssDir`` resolved to (``None`` when not used)."""
    if root.find("inputPath") is None:  # JEMSS.jl: "Element not found: inputPath"
        raise InputError("no <inputPath>.", file=path, field="inputPath",
                         fix="add <inputPath> with the model's folder, relative to the config's folder (JEMSS.jl's "
                             "examples: $jemssDir/data/cities/<city>/models/1).")
    text = (root.findtext("inputPath") or "").strip()
    jemss_dir = _jemss_dir(path, text) if "$jemssDir" in text else None
    if "$jemssDir" in text and jemss_dir is None:
        raise InputError(f"<inputPath> {text} names a folder found under no folder above the config ($jemssDir is "
                         "JEMSS.jl's folder).", file=path, field="inputPath",
                         fix="keep the config inside the JEMSS.jl folder, or write <inputPath> without $jemssDir.")
    base = Path(_interpolate(text, path, "inputPath", jemss_dir))
    return (base if base.is_absolute() else path.resolve().parent / base), jemss_dir


def read_sim_config(path: str | Path) -> SimConfig:
    """Read a JEMSS ``sim_config.xml``: every file it names, checked to exist, and what raddsim does not follow.

    Parameters
    ----------
    path
        The ``sim_config.xml``.

    Returns
    -------
    SimConfig
        The resolved files and the notes.

    Raises
    ------
    InputError
        Not XML, no ``<simConfig>`` root or ``<simFiles>``, a required element missing, or a named file missing
        (naming the config, the element and the path tried).
    """
    path = Path(path)
    root = _root(path)
    base, jemss_dir = input_path(root, path)
    sim_files = root.find("simFiles")
    if sim_files is None:
        raise InputError("no <simFiles>.", file=path, field="simFiles",
                         fix="give JEMSS.jl's sim_config.xml, which names its input files under <simFiles>.")
    cfg = SimConfig(path=path)
    for el in sim_files:
        if not isinstance(el.tag, str):  # a comment
            continue
        raw = el.text or ""
        here = jemss_dir or (_jemss_dir(path, raw) if "$jemssDir" in raw else None)
        text = _interpolate(raw, path, f"simFiles.{el.tag}", here)
        cfg.files[el.tag] = Path(text) if Path(text).is_absolute() else base / text
    _check_files(cfg)
    # <demand> and <demandCoverage> serve JEMSS's move-up modules only: a module set is said by _decision_notes.
    cfg.notes = _decision_notes(root, path.name) + _stats_note(cfg)
    return cfg


def _stats_note(cfg: SimConfig) -> list[str]:
    """JEMSS's ``statsControl`` (its warm-up before the measured periods, days): a run option in raddsim."""
    from raddsim.region.jemss_read import read_table

    path = cfg.file("statsControl")
    if path is None:
        return []
    _, rows = read_table(path, "params")
    warm = rows[0].get("warmUpDuration", "").strip()
    return [f"JEMSS's {path.name} measures after a warm-up of {warm or '0'} day(s), which the region cannot hold: "
            f"run with  raddsim run --warmup {warm or '0'}"]


def _check_files(cfg: SimConfig) -> None:
    """JEMSS's own checks: the required elements, exactly one call source, every named file there (the nodes and
    arcs may be in JEMSS.jl's ``roads.zip`` beside them, as its build step leaves them before unzipping)."""
    missing = [k for k in REQUIRED_FILES if k not in cfg.files]
    if missing:
        raise InputError(f"<simFiles> names no {', '.join(f'<{k}>' for k in missing)}, which JEMSS needs.",
                         file=cfg.path, field=f"simFiles.{missing[0]}", fix="name the file, as JEMSS.jl's examples do.")
    if ("calls" in cfg.files) == ("callGenConfig" in cfg.files):
        raise InputError("<simFiles> must name exactly one of <calls> and <callGenConfig>.", file=cfg.path,
                         field="simFiles.callGenConfig",
                         fix="name the calls file or the call-generation config, not both (JEMSS asserts one).")
    roads_zip = _zip_holding(cfg.files["nodes"].parent, (cfg.files["nodes"].name, cfg.files["arcs"].name))
    for key, p in cfg.files.items():
        if key in CACHE_FILES or p.is_file() or (key in ("nodes", "arcs") and roads_zip is not None):
            continue
        raise InputError(f"<simFiles><{key}> names a file that is not there: {p}.", file=cfg.path,
                         field=f"simFiles.{key}",
                         fix="correct the path (relative to <inputPath>), or put the file there.")


def _decision_notes(root: ET.Element, name: str) -> list[str]:
    """``<decision>`` settings raddsim does not simulate (it queues by priority then time, dispatches the nearest
    free ambulance by travel time and moves none up)."""
    notes = []
    decision = root.find("decision")
    for key, ours in FOLLOWED.items():
        value = ((decision.findtext(key) if decision is not None else None) or "").strip()
        if value and value != ours:
            tag = "".join(f"<{k}>" for k in key.split("/"))
            notes.append(f"JEMSS's {name} sets <decision>{tag} {value}, which raddsim does not simulate: it "
                         f"simulates {ours} instead")
    return notes
