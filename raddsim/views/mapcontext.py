"""What a map of one scenario shows besides its measure: the stations with their crews, the tätorter, the roads,
the outline of land and sea, the sources (:func:`map_context`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from raddsim import __version__
from raddsim.coverage.outline import Outline, region_outline
from raddsim.experiment.model import Model
from raddsim.network.positions import SWEREF, crs_label, to_metric
from raddsim.region.region import Setup
from raddsim.views.i18n import t


@dataclass(frozen=True)
class MapStation:
    name: str
    x: float
    y: float
    crews: tuple[str, ...]
    external: bool
    crews_sv: tuple[str, ...] = ()  # the crews' Swedish names (name_sv), for --lang sv


@dataclass(frozen=True)
class MapContext:
    """What every map of one scenario draws besides the grid (all coordinates in ``crs``, metres)."""

    region: str
    region_source: str
    boundary: object | None
    roads: np.ndarray
    road_major: np.ndarray
    stations: tuple[MapStation, ...]
    places: tuple[tuple[str, float, float, float], ...]
    network_label: str
    network_source: str
    approximate: bool
    places_source: str = ""
    basemap: bool = False
    outline: Outline | None = None
    #: Ferries: (name, segments ``(n, 2, 2)``), drawn dashed and labelled.
    ferries: tuple[tuple[str, np.ndarray], ...] = ()
    #: Radius (m) of each tätort's disc in the demand model, in the order of ``places``.
    place_radius_m: tuple[float, ...] = ()
    #: The projected CRS of every coordinate (the network's metric CRS; EPSG:3006 in Sweden).
    crs: str = SWEREF
    #: The region's service (:attr:`raddsim.region.region.Region.service`): names the stations in the legend.
    service: str = "rescue"
    #: The region's response-time target (minutes): an edge of the minute classes (:func:`mapstyle.minute_bounds`).
    target_minutes: float = 10.0
    #: The road data's licence when it asks for credit (an OpenStreetMap network's "© OpenStreetMap contributors,
    #: ODbL 1.0"): the maps' footer names it, as ODbL requires of a map made from the data.
    network_licence: str = ""


_MAJOR = {"motorway", "trunk", "primary"}


def map_context(model: Model, setup: Setup, boundary=None, basemap: bool = False) -> MapContext:
    """Gather roads, stations (with the scenario's crews in service), tätorter and provenance for the maps."""
    net = model.network
    # A two-way road is two directed edges: draw it once.
    pair = np.column_stack([np.minimum(net.edge_u, net.edge_v), np.maximum(net.edge_u, net.edge_v)])
    _, first = np.unique(pair, axis=0, return_index=True)
    first = np.sort(first)
    u, v = net.edge_u[first], net.edge_v[first]
    seg = np.stack([np.column_stack([net.x[u], net.y[u]]), np.column_stack([net.x[v], net.y[v]])], axis=1)
    is_ferry = net.edge_highway[first] == "ferry"
    names = np.asarray(net.edge_name)[first]
    ferries = tuple((str(n) or "ferry", seg[is_ferry & (names == n)]) for n in dict.fromkeys(names[is_ferry].tolist()))
    stations = []
    for sid, st in setup.stations.items():
        here = [c for c in setup.crews if c.station == sid and c.in_service]
        x, y = to_metric(np.array([st.lon]), np.array([st.lat]), net.metric_crs)
        stations.append(MapStation(st.name, float(x[0]), float(y[0]), tuple(c.name for c in here), bool(st.external),
                                   tuple(c.label("sv") for c in here)))
    places = setup.demand.places
    px, py = to_metric(np.array([p.lon for p in places]), np.array([p.lat for p in places]), net.metric_crs)
    meta = net.meta
    return MapContext(
        region=model.region.name,
        region_source=model.region.source or str(model.region.file.name),
        boundary=boundary,
        roads=seg[~is_ferry],
        road_major=np.isin(net.edge_highway[first], list(_MAJOR))[~is_ferry],
        stations=tuple(stations),
        places=tuple((p.name, float(p.population), float(x), float(y)) for p, x, y in zip(places, px, py)),
        network_label=str(meta.get("label", "")),
        network_source=Path(str(meta.get("source", "?"))).name,
        approximate=bool(meta.get("approximate", False)),
        network_licence=str(meta.get("license", "")),
        places_source=places_source(setup),
        basemap=basemap,
        outline=region_outline(model.region, net.metric_crs),
        ferries=ferries,
        place_radius_m=tuple(disc_radius_m(p.population, setup) for p in places),
        crs=net.metric_crs,
        service=model.region.service,
        target_minutes=float(model.region.target_minutes),
    )


def disc_radius_m(population: float, setup: Setup) -> float:
    """Radius of a tätort's disc in the demand model (its population at the urban density)."""
    return float(np.sqrt(max(population, 1.0) / (np.pi * setup.demand.access.urban_density_per_km2)) * 1000.0)


def source_note(ctx: MapContext, lang: str) -> str:
    """The map's sources: network, stations, population, CRS, version and the outline's credit (the maps' footer).

    Parameters
    ----------
    ctx : MapContext
        What the map shows.
    lang : str
        "en" or "sv".

    Returns
    -------
    str
        One paragraph, e.g. "Sources: road network …. EPSG:3006 (SWEREF 99 TM). raddsim 0.1.0. Land, sea and …".
    """
    key = "map_source" if ctx.places else "map_source_no_places"
    note = t(key, lang, n=ctx.network_source, r=ctx.region_source, p=ctx.places_source, v=__version__,
             crs=crs_label(ctx.crs))
    if ctx.network_licence:  # the road data's own credit (OpenStreetMap: ODbL's attribution), as the outline's below
        note += " " + t("map_network_licence", lang, s=ctx.network_licence)
    if ctx.outline is not None and ctx.outline.credit:
        note += " " + t("map_outline_source", lang, s=ctx.outline.credit)
    if ctx.outline is None and ctx.boundary is None:
        from raddsim.coverage.grid import ROAD_BUFFER_M

        note += " " + t("map_extent_roads", lang, km=ROAD_BUFFER_M / 1000)
    return note


def places_source(setup: Setup) -> str:
    """The places file and the source its header names (``# Source: …``), e.g. "norrtalje_tatorter.csv (SCB, Tätorter
    2020)"."""
    path = Path(setup.demand.places_file) if setup.demand.places_file else None
    if path is None:
        return "?"
    try:
        for line in path.read_text(encoding="utf-8").splitlines()[:10]:
            if line.startswith("#") and "source:" in line.lower():
                src = line.split(":", 1)[1].strip().split("(")[0].strip().rstrip(".")
                return f"{path.name} ({src})"
    except OSError:
        pass
    return path.name


def hidden_cells(ctx: MapContext, grid, weight: np.ndarray | None) -> np.ndarray | None:
    """Cells left blank so the sea shows: centre in the municipality's sea and nothing there (``weight`` 0)."""
    if ctx.outline is None or ctx.outline.sea is None:
        return None
    sea = ctx.outline.sea_cells(grid)
    return sea if weight is None else sea & ~(np.asarray(weight) > 0)
