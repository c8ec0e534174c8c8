"""Shipped move-up policies: a compliance table (data) and MEXCLP (maximum expected coverage).

Both see only free crews standing at stations (:class:`~raddsim.engine.policies.FleetView`)
and answer with (crew, station row) moves; the engine makes the moves cost time
(:mod:`raddsim.engine.moves`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from raddsim.engine.policies import FleetView, PolicyContext


def _station_rows(ctx: PolicyContext, names: list[str], where: str) -> list[int]:
    row = {sid: k for k, sid in enumerate(ctx.station_ids)}
    for n in names:
        if n not in row:
            # Rows are (station, vehicle class) pairs: each station id once.
            raise ValueError(f"{where}: unknown station '{n}' (stations: {', '.join(dict.fromkeys(ctx.station_ids))})")
    return [row[n] for n in names]


class ComplianceTable:
    """For each number of free crews, the stations where they should stand (``[policies.compliance]``).

    Options: ``"<n>" = ["station id", ...]`` — with n free movable crews, fill these
    stations. A station without its crew gets the free crew with the shortest drive
    from a station not in the list (or holding more crews than listed). Counts missing
    from the table mean no moves.
    """

    name = "compliance"

    def prepare(self, context: PolicyContext) -> None:
        self.table: dict[int, list[int]] = {}
        for key, stations in context.options.items():
            if not str(key).isdigit() or not isinstance(stations, list):
                raise ValueError(f'policies.compliance."{key}": write "<number of free crews>" = ["station id", ...]')
            self.table[int(key)] = _station_rows(context, list(stations), f'policies.compliance."{key}"')
        assert context.tables.station_node is not None
        self.drive = context.tables.to_node[:, context.tables.station_node]  # station row → station row (s)
        # Rows are (station, vehicle class) pairs: a crew at any row of a station stands at that station.
        self.station = list(context.station_ids)

    def moves(self, view: FleetView) -> list[tuple[int, int]]:
        crews = [c for c, row in enumerate(view.at) if row >= 0 and view.movable[c]]
        target = self.table.get(len(crews))
        if target is None:
            return []
        spare = list(crews)
        missing: list[int] = []
        sid = self.station
        for row in target:  # a crew already at a listed station stays there, its own crew first
            here = next((c for c in spare if sid[view.at[c]] == sid[row] and sid[view.home[c]] == sid[row]), None)
            if here is None:
                here = next((c for c in spare if sid[view.at[c]] == sid[row]), None)
            if here is None:
                missing.append(row)
            else:
                spare.remove(here)
        out = []
        for row in missing:
            if not spare:
                break
            c = min(spare, key=lambda k: (sid[view.home[k]] != sid[row], self.drive[view.at[k], row], k))
            if np.isfinite(self.drive[view.at[c], row]):
                out.append((c, row))
                spare.remove(c)
        return out


class Mexclp:
    """Maximum expected coverage (Daskin 1983) of the demand points by the free crews, one move at a time.

    A point is covered by a crew at a station if the crew's stated turnout plus the
    drive is within ``target_minutes``; with k free crews covering it, a point is
    served with probability 1 - q^k, q the chance a crew is busy (``busy_fraction``).
    Move-up covers for busy crews: while every movable crew is free, relocated crews
    go home. Otherwise, after every alarm and return, the policy moves a relocated
    crew home when that costs less than ``min_gain`` of the expected coverage, else
    makes the single move that adds the most expected coverage if it adds at least
    ``min_gain`` (share of demand).

    Options (``[policies.mexclp]``): ``target_minutes`` (10), ``busy_fraction`` (0.1;
    ASSUMPTION, Norrtälje's crews are busy 2–8 % of the time), ``min_gain`` (0.01),
    ``crews`` (ids of the crews that may be moved; default every in-service local crew).
    """

    name = "mexclp"

    def prepare(self, context: PolicyContext) -> None:
        opt: dict[str, Any] = dict(context.options)
        unknown = set(opt) - {"target_minutes", "busy_fraction", "min_gain", "crews"}
        if unknown:
            raise ValueError(f"policies.mexclp: unknown option(s) {', '.join(sorted(unknown))}")
        self.q = float(opt.get("busy_fraction", 0.1))
        self.min_gain = float(opt.get("min_gain", 0.01))
        target_s = float(opt.get("target_minutes", 10.0)) * 60.0
        fleet, tables = context.fleet, context.tables
        w = np.asarray(context.demand_weight, float)
        self.w = w / w.sum() if w.sum() > 0 else w
        drive = tables.to_node[:, context.demand_node]  # station × point
        lead = fleet.turnout_s + fleet.request_delay_s
        # cover[c, s, j]: crew c standing at station s reaches point j in time.
        self.cover = (lead[:, None, None] + drive[None, :, :] <= target_s).astype(np.int64)
        # Crews are moved only to the home stations of local crews (not to neighbours' stations).
        local = fleet.in_service & ~fleet.command & ~fleet.external
        self.closed = np.ones(drive.shape[0], bool)
        self.closed[fleet.station[local]] = False
        self.local = np.flatnonzero(local).tolist()
        ids = list(fleet.ids)
        names = opt.get("crews", [ids[c] for c in self.local])
        unknown_crews = [n for n in names if n not in ids]
        if unknown_crews:
            raise ValueError(f"policies.mexclp.crews: unknown crew(s) {', '.join(unknown_crews)}")
        self.chosen = {ids.index(n) for n in names}

    def coverage(self, k: np.ndarray) -> np.ndarray:
        """Expected covered share of demand for coverage counts ``k`` (points on the last axis)."""
        return (self.w * (1.0 - self.q ** k)).sum(axis=-1)

    def moves(self, view: FleetView) -> list[tuple[int, int]]:
        crews = [c for c, row in enumerate(view.at) if row >= 0]
        movable = [c for c in crews if view.movable[c] and c in self.chosen]
        if all(view.at[c] >= 0 for c in self.local):  # nobody to cover for: everyone home
            return [(c, view.home[c]) for c in movable if view.at[c] != view.home[c]]
        cover = self.cover
        k = sum(cover[c, view.at[c]] for c in crews)
        now = float(self.coverage(k))
        for c in movable:  # home again when the others can spare it
            here, home = view.at[c], view.home[c]
            if here != home and self.coverage(k - cover[c, here] + cover[c, home]) >= now - self.min_gain:
                return [(c, home)]
        best, move = self.min_gain, None
        for c in movable:
            gain = self.coverage(k - cover[c, view.at[c]] + cover[c]) - now  # every station at once
            gain[self.closed] = -np.inf
            s = int(np.argmax(gain))
            if gain[s] > best:
                best, move = float(gain[s]), (c, s)
        return [move] if move is not None else []
