"""The travel tables :func:`raddsim.engine.simulate.simulate` is given, checked before the run.

Tables built by hand (a :class:`~raddsim.engine.inputs.TravelTables` of one's own, or the model's changed with
``dataclasses.replace``) reached the engine unread: a ``to_node`` of one row was an IndexError from the crews'
ranking, a ``from_node`` of another shape than ``to_node`` a silent run, a NaN travel time a silent run (the
crews' ranking put it anywhere), a negative one SimPy's "Negative delay", a ``station_node`` past the network an
IndexError from the move-ups and a ``rows`` that is not a function a TypeError mid-run. Each is one
:class:`~raddsim.core.errors.InputError` naming the attribute. An infinite time stays legal: no road reaches that
node from that station (the engine never sends a crew that cannot reach).
"""

from __future__ import annotations

import numpy as np

from raddsim.engine.array_checks import first_bad_seconds, first_outside, refuse, wrong_length, wrong_shape
from raddsim.engine.inputs import TravelTables

#: The travel-time arrays (station rows × network nodes) and the functions computed on demand.
TIMES = ("to_node", "from_node")
FUNCTIONS = ("rows", "home_tree", "out_tree", "rows_within")
FIX = ("build the tables with model.prepare(setup).tables, or give to_node and from_node as numpy arrays of "
       "seconds with one row per station and one column per network node")


def _refuse(attribute: str, what: str, fix: str = FIX) -> None:
    refuse("tables", attribute, what, fix)


def _check_times(tables: TravelTables) -> tuple[int, int]:
    """The travel-time arrays' kind, shape and seconds; their (station rows, nodes)."""
    for name in TIMES:
        values = getattr(tables, name)
        if not isinstance(values, np.ndarray):
            _refuse(name, f"is of type {type(values).__name__}, not a numpy array")
        if values.ndim != 2:
            _refuse(name, f"has shape {values.shape}, but it must be 2-D (station rows × network nodes)")
        if values.dtype.kind not in "iuf":
            _refuse(name, f"holds {values.dtype} values, not seconds")
    if wrong_shape(tables.from_node, tables.to_node.shape):
        _refuse("from_node", f"has shape {tables.from_node.shape}, but tables.to_node has {tables.to_node.shape}: "
                             "both are station rows × network nodes")
    for name in TIMES:
        values = getattr(tables, name)
        k = first_bad_seconds(values, infinite=True)
        if k is not None:
            row, node = divmod(k, values.shape[1])
            _refuse(name, f"holds {values[row, node]:g} for station row {row}, node {node}: seconds must be at "
                          "least 0 (inf where no road reaches the node)")
    rows, nodes = tables.to_node.shape
    return rows, nodes


def check_tables(tables: TravelTables) -> None:
    """Refuse travel tables the engine cannot run: one :class:`InputError` naming the attribute.

    Parameters
    ----------
    tables : TravelTables
        The station ↔ node travel times, the node of each station row and the functions computed on demand.

    Raises
    ------
    InputError
        When ``to_node`` or ``from_node`` is not a 2-D numpy array of seconds, they differ in shape, or a time
        is NaN or negative (inf is legal: no road); when ``station_node`` does not give one whole node number
        inside the network per station row; when ``rows`` or ``home_tree`` is given but not a function.
    """
    rows, nodes = _check_times(tables)
    if tables.station_node is not None:
        station_node = np.asarray(tables.station_node)
        if wrong_length(station_node, rows):
            _refuse("station_node", f"has shape {station_node.shape}, but the tables have {rows} station rows")
        if station_node.dtype.kind not in "iu":
            _refuse("station_node", f"holds {station_node.dtype} values, not whole numbers (network nodes)")
        bad = first_outside(station_node, nodes)
        if bad is not None:
            _refuse("station_node", f"holds node {bad}, but the tables have {nodes} network nodes",
                    "give each station row's node (0 to the number of nodes - 1), e.g. model.prepare(setup)"
                    ".stations.node")
    for name in FUNCTIONS:
        given = getattr(tables, name)
        if given is not None and not callable(given):
            _refuse(name, f"is of type {type(given).__name__}, not a function of a network node",
                    f"leave tables.{name} out (None) or give the model's (model.prepare(setup).tables.{name})")


__all__ = ["check_tables"]
