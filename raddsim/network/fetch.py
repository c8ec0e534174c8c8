"""Downloading OpenStreetMap roads and car ferries with osmnx (for users who are online).

One osmnx graph query with two Overpass way filters: :data:`ROAD_FILTER` (every
way with a highway tag except those no car can use — broader than osmnx's
``drive`` so that ``service`` roads, ``track``\\ s and private roads to holiday
homes come along) and :data:`FERRY_FILTER` (``route=ferry``, which a highway
filter misses). osmnx merges both into one graph; raddsim then applies the same
cleaning rule as for every OSM source (:mod:`raddsim.network.clean`: access,
track grades, car ferries only), simplifies chains of nodes without merging
across a change of road class, limit or ferry, and saves a raddsim archive
(``.npz``, or GraphML) with a ``.meta.json`` sidecar: source, query, date, osmnx
version, what was dropped, and the ODbL licence notice.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from raddsim.core.errors import InputError
from raddsim.core.text import ascii_fold
from raddsim.network.clean import clean_graph, simplify
from raddsim.network.data import RoadData
from raddsim.network.osm import osmnx_tags

#: Overpass way filter for roads: everything with a highway tag but paths, planned and unusable ways.
ROAD_FILTER = (
    '["highway"]["area"!~"yes"]'
    '["highway"!~"abandoned|bridleway|bus_guideway|bus_stop|construction|corridor|cycleway|elevator|escalator|'
    'footway|no|path|pedestrian|planned|platform|proposed|raceway|razed|rest_area|services|steps|trail|via_ferrata"]'
)
#: Overpass way filter for ferries (cleaning keeps only those that carry cars).
FERRY_FILTER = '["route"="ferry"]'
OSM_LICENSE = "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)"


@contextmanager
def _osmnx_cache(folder: Path | None) -> Iterator[None]:
    """Keep osmnx's HTTP cache beside the output rather than in the working directory."""
    import osmnx as ox

    old = (ox.settings.use_cache, ox.settings.cache_folder)
    if folder is not None:
        ox.settings.cache_folder = str(folder)
    try:
        yield
    finally:
        ox.settings.use_cache, ox.settings.cache_folder = old


#: Orders a box is often written in, as (name, positions of west, south, east, north in the text): lat/lon pairs,
#: osmnx 1.x's north,south,east,west, Nominatim's south,north,west,east and xmin,xmax,ymin,ymax.
BBOX_ORDERS = (("south,west,north,east (lat,lon pairs)", (1, 0, 3, 2)),
               ("north,south,east,west (osmnx 1.x)", (3, 1, 2, 0)),
               ("south,north,west,east (Nominatim)", (2, 0, 3, 1)),
               ("west,east,south,north", (0, 2, 1, 3)))
_BBOX_FIX = "write west,south,east,north in degrees (lon,lat of the south-west corner, then of the north-east one)"


def _box_ok(w: float, s: float, e: float, n: float) -> bool:
    return -180 <= w < e <= 180 and -90 <= s < n <= 90


def _box_text(box: tuple[float, ...]) -> str:
    return ",".join(f"{v:g}" for v in box)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``"W,S,E,N"`` (WGS84 degrees) → (west, south, east, north), validated.

    A box in another order (lat/lon swapped, north before south, Nominatim's order …) is refused
    with what is wrong and the valid box each usual order would make of it.

    Raises
    ------
    InputError
        Not four finite numbers, a latitude beyond ±90 or a longitude beyond ±180, or west ≥ east / south ≥ north.
    """
    try:
        vals = tuple(float(p) for p in str(text).split(","))
    except ValueError:
        vals = ()
    if len(vals) != 4 or not all(math.isfinite(v) for v in vals):
        raise InputError(f"the box must be four numbers W,S,E,N, got {text!r}.", field="bbox",
                         fix="write e.g. 18.6,59.6,18.8,59.8 (west,south,east,north in degrees).")
    w, s, e, n = vals
    if _box_ok(w, s, e, n):
        return w, s, e, n
    problems = [f"{name} {v:g} is not a latitude (-90 to 90)" for name, v in (("south", s), ("north", n))
                if not -90 <= v <= 90]
    problems += [f"{name} {v:g} is not a longitude (-180 to 180)" for name, v in (("west", w), ("east", e))
                 if not -180 <= v <= 180]
    problems += [msg for bad, msg in ((w >= e, f"west {w:g} is not less than east {e:g}"),
                                      (s >= n, f"south {s:g} is not less than north {n:g}")) if bad]
    fits = [(name, tuple(vals[k] for k in order)) for name, order in BBOX_ORDERS
            if _box_ok(*(vals[k] for k in order))]
    # The box as written, without the option's name: field names it (bbox from Python, --bbox on the command line).
    hint = "".join(f" In the order {name} it would be {_box_text(box)}." for name, box in fits)
    raise InputError(f"the box {text!r}: {'; '.join(problems)}.{hint}", field="bbox",
                     fix=f"{_BBOX_FIX}, e.g. 18.6,59.6,18.8,59.8.")


def _where(bbox: tuple[float, float, float, float] | None) -> str:
    """For an empty answer to a box: where the box lies, so latitude and longitude given the wrong way round show."""
    if bbox is None:
        return ""
    w, s, e, n = bbox
    return (f" The box asked for spans longitude {w:g} to {e:g} and latitude {s:g} to {n:g}: with latitude and "
            f"longitude swapped it would be {_box_text((s, w, n, e))} ({_BBOX_FIX}).")


def read_polygon(path: str | Path):
    """The union of the polygons in a GeoJSON (or any file geopandas reads), in WGS84."""
    from raddsim.core.geodata import read_geodata

    path = Path(path)
    gdf = read_geodata(path, "polygon_file", "the study area's polygon")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    geom = gdf.geometry.union_all() if len(gdf) else None
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise InputError("the file holds no polygon.", file=path, field="polygon_file",
                         fix="give a GeoJSON with a Polygon or MultiPolygon (the study area).")
    return geom


def slug(text: str) -> str:
    """A file-name-safe version of a place name (``"Norrtälje kommun, Sweden"`` → ``norrtalje-kommun-sweden``)."""
    t = ascii_fold(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "network"


def download(*, place: str | None = None, polygon: Any = None, bbox: tuple[float, float, float, float] | None = None,
             cache_folder: Path | None = None) -> RoadData:
    """Download, clean and simplify the roads and car ferries of an area (needs internet).

    Exactly one of ``place`` (a Nominatim query such as ``"Norrtälje kommun, Sweden"``),
    ``polygon`` (shapely, WGS84) or ``bbox`` (west, south, east, north) must be given.
    """
    import osmnx as ox

    given = [x is not None for x in (place, polygon, bbox)]
    if sum(given) != 1:
        raise InputError("give exactly one of place, polygon or bbox.", field="place/polygon/bbox",
                         fix='e.g. place="Norrtälje kommun, Sweden".')
    filters = [ROAD_FILTER, FERRY_FILTER]
    kw: dict[str, Any] = dict(custom_filter=filters, simplify=False, retain_all=True, truncate_by_edge=True)
    try:
        with osmnx_tags(), _osmnx_cache(cache_folder):
            if place is not None:
                G = ox.graph_from_place(place, **kw)
            elif polygon is not None:
                G = ox.graph_from_polygon(polygon, **kw)
            else:
                assert bbox is not None  # exactly one of the three is given (checked above)
                G = ox.graph_from_bbox(bbox, **kw)
    except InputError:
        raise
    except (TypeError, ValueError) as exc:  # osmnx's InsufficientResponseError is a ValueError
        raise InputError(f"OpenStreetMap returned no usable area or roads ({exc}).", field="place/polygon/bbox",
                         fix="check the place name (it must be an area, e.g. 'Norrtälje kommun, Sweden') or the "
                             "polygon/bbox." + _where(bbox)) from None
    except Exception as exc:  # requests' connection errors and HTTP failures
        raise InputError(
            f"the download failed ({type(exc).__name__}: {exc}).",
            field="place/polygon/bbox",
            fix="check the internet connection (Overpass/Nominatim must be reachable) and try again later.",
        ) from None
    G, dropped = clean_graph(G)
    if G.number_of_edges() == 0:
        raise InputError("the area has no drivable roads in OpenStreetMap.", field="place/polygon/bbox",
                         fix="check the area." + _where(bbox))
    G = simplify(G)
    query: dict[str, Any] = ({"place": place} if place is not None else
                             {"bbox": list(bbox)} if bbox is not None else {"polygon_bounds": list(polygon.bounds)})
    meta = {
        "source": "OpenStreetMap via the Overpass API (osmnx)",
        "format": "osm-download",
        "label": "OpenStreetMap",
        "approximate": False,
        "query": query,
        "date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "osmnx_version": ox.__version__,
        "overpass_url": ox.settings.overpass_url,
        "filters": filters,
        "dropped_ways": dropped,
        "license": OSM_LICENSE,
    }
    return RoadData.from_graph(G, meta)


def fetch_network(*, place: str | None = None, polygon_file: str | Path | None = None, bbox: str | None = None,
                  out: str | Path = "networks", name: str | None = None, fmt: str = "npz",
                  refresh: bool = False) -> tuple[Path, bool]:
    """Download a network (unless already cached) and save it with a metadata sidecar.

    Parameters
    ----------
    place, polygon_file, bbox
        The area: a place name, a GeoJSON polygon file, or ``"W,S,E,N"``.
    out
        A folder (the file is named after the query) or a file path (``.npz`` or ``.graphml``).
    fmt
        ``"npz"`` (raddsim archive, fast) or ``"graphml"`` when ``out`` is a folder.
    refresh
        Download again even if the file exists (it is then replaced atomically).

    Returns
    -------
    (path, downloaded)
        The network file, and False when an existing file was reused.
    """
    from raddsim import __version__
    from raddsim.network.store import save_archive, save_graphml, write_sidecar

    polygon = read_polygon(polygon_file) if polygon_file is not None else None
    box = parse_bbox(bbox) if bbox is not None else None
    out = Path(out).expanduser()
    if out.suffix.lower() in (".npz", ".graphml"):
        path, fmt = out, out.suffix.lower().lstrip(".")
    else:
        # With neither place nor polygon file, box is the area (the CLI requires one of the three).
        stem = name or slug(place if place is not None else Path(polygon_file).stem if polygon_file is not None
                            else "bbox-" + "_".join(f"{v:g}" for v in box))  # type: ignore[union-attr]
        path = out / f"{stem}.{fmt}"
    if fmt not in ("npz", "graphml"):
        raise InputError(f"unknown format '{fmt}'.", field="fmt", fix="use npz or graphml.")
    if path.parent == out and out.exists() and not out.is_dir():  # notes.txt: not a folder to write into
        raise InputError("exists and is not a folder: the network would be written inside it.", file=out,
                         field="out", fix="give a folder (the file is named after the area) or a new file name "
                                          "ending in .npz or .graphml.")
    if path.exists() and not refresh:
        return path, False
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    data = download(place=place, polygon=polygon, bbox=box, cache_folder=path.parent / ".osmnx-cache")
    data.meta["raddsim_version"] = __version__
    data.meta["nodes"], data.meta["edges"] = data.n_nodes, data.n_edges
    data.meta["ferries"] = data.ferry_names()
    if polygon_file is not None:
        data.meta["query"]["polygon_file"] = str(polygon_file)
    (save_archive if fmt == "npz" else save_graphml)(data, path)
    write_sidecar(path, data.meta)
    return path, True


__all__ = ["FERRY_FILTER", "ROAD_FILTER", "download", "fetch_network", "parse_bbox", "read_polygon", "slug"]
