"""Larson's hypercube queueing model for N units, exactly, and raddsim against it through the whole pipeline.

``tests/test_queueing2.py`` checks the hypercube of two stations (``hypercube_two_units``); here it is the
general model (Larson 1974, "A hypercube queuing model for facility location and redistricting in urban
emergency services"): N units, J atoms (demand points) each with its own Poisson rate λ_j and its own fixed
preference list (the units by drive time from the atom: "nearest free unit"), exponential service at one rate
μ whoever serves, and a first-come-first-served queue when all N units are busy. :func:`hypercube` solves its
Markov chain (the 2^N busy/free states and the all-busy states with 1, 2, … waiting, truncated far out) with
scipy's sparse solver and gives each unit's workload, the share of each atom's alarms each unit serves (the
"fraction of dispatches"; a waiting alarm goes to the unit that frees first, each unit alike), P(all busy) and
the mean wait, and from them the mean travel time Σ f_ij t_ij.

The solver is checked against ``hypercube_two_units`` (N = 2) and against M/M/N, which its total busy count
must be whatever the preference lists; raddsim is checked against it on regions of three stations on a road
and four on a small grid, one crew each, with atoms placed so their preference lists differ. Each check is
a Bonferroni Student-t interval from independent one-year replications at a fixed seed (the seeds were not
chosen by trying several), and each also shows its power: the intervals exclude the M/M/N answer "each unit
equally busy" and the fractions of dispatches of a permuted preference list. What N ≥ 3 adds: with two
units the second choice is forced, so an engine whose backups went farthest first (tried while writing these:
``fresh_card`` with the order after a busy first choice reversed) passes the two-unit test and fails both here.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from queueing_helpers import ci
from scipy import sparse
from scipy.sparse import linalg as splinalg
from test_queueing2 import LAT, LON, MINUTES_PER_YEAR, csv_region, erlang_c, hypercube_two_units, simulate_region

from raddsim.experiment.summary import reductions

#: Metres a degree of latitude and, at the regions' latitude, of longitude (the Earth's mean radius).
M_LAT = 6_371_008.8 * math.pi / 180
M_LON = M_LAT * math.cos(math.radians(LAT))
SPEED = 50 / 3.6  # m/s: csv_region's arcs are primary roads at 50 km/h


def hypercube(lam: list[float], prefs: list[list[int]], mu: float, queue_cap: int = 400) -> dict:
    """Larson's hypercube model: N units, atoms with rates ``lam`` (a second or a minute, as ``mu``) and
    preference lists ``prefs`` (each a permutation of the units), an infinite FCFS queue truncated at
    ``queue_cap`` waiting.

    States 0 … 2^N − 1 are the busy sets (bit i: unit i busy; the full set is "all busy, none waiting"),
    state 2^N − 1 + q is "all busy, q waiting". An alarm at atom j in busy set b goes to the first unit of
    ``prefs[j]`` not in b; a unit frees at rate μ; with q waiting the unit that frees (each at rate μ) takes the
    oldest alarm, so the busy set stays full and q falls by one.

    Returns
    -------
    dict
        ``workload`` (N,), each unit's share of time busy; ``share`` (J × N), the share of atom j's alarms unit i
        serves; ``all_busy``, P(all busy) (= the share of alarms that wait); ``wait``, the mean wait of all
        alarms; ``busy_count`` (N + 1,), the distribution of the number of busy units; ``p``, the states.
    """
    n, full = len(prefs[0]), (1 << len(prefs[0])) - 1
    size, total = full + 1 + queue_cap, float(sum(lam))
    rows, cols, rates = [], [], []

    def move(a: int, b: int, rate: float) -> None:
        rows.append(a)
        cols.append(b)
        rates.append(rate)

    for b in range(full):
        for j, rate in enumerate(lam):
            move(b, b | 1 << next(i for i in prefs[j] if not b >> i & 1), rate)
    for b in range(1, full + 1):
        for i in range(n):
            if b >> i & 1:
                move(b, b & ~(1 << i), mu)
    for q in range(queue_cap + 1):
        if q < queue_cap:
            move(full + q, full + q + 1, total)
        if q > 0:
            move(full + q, full + q - 1, n * mu)
    gen = sparse.csr_matrix((rates, (rows, cols)), shape=(size, size))
    gen = (gen - sparse.diags(np.asarray(gen.sum(axis=1)).ravel())).T.tolil()
    gen[0, :] = 1.0  # π Q = 0 with Σ π = 1: one balance equation (redundant) replaced by the normalisation
    rhs = np.zeros(size)
    rhs[0] = 1.0
    p = splinalg.spsolve(gen.tocsc(), rhs)
    all_busy = float(p[full:].sum())
    busy = np.array([bin(b).count("1") for b in range(full)])
    share = np.full((len(lam), n), all_busy / n)  # a waiting alarm: the unit that frees first, any alike
    for b in range(full):
        for j in range(len(lam)):
            share[j, next(i for i in prefs[j] if not b >> i & 1)] += p[b]
    return {"workload": np.array([p[[b for b in range(full) if b >> i & 1]].sum() for i in range(n)]) + all_busy,
            "share": share, "all_busy": all_busy, "wait": float(np.arange(queue_cap + 1) @ p[full:]) / total,
            "busy_count": np.r_[np.bincount(busy, weights=p[:full], minlength=n), all_busy], "p": p}


def mean_travel(lam: list[float], share: np.ndarray, travel: np.ndarray) -> float:
    """Mean travel time of an alarm, Σ_j (λ_j / λ) Σ_i f_ij t_ij (``travel``: J × N)."""
    w = np.asarray(lam, float) / sum(lam)
    return float(w @ (share * travel).sum(axis=1))


def mmc_busy_count(c: int, a: float) -> np.ndarray:
    """P(k busy), k = 0 … c (c: all busy, any waiting) of M/M/c at offered load a < c."""
    w = np.array([a**k / math.factorial(k) for k in range(c)] + [a**c / math.factorial(c) * c / (c - a)])
    return w / w.sum()


# --- 1. the solver -------------------------------------------------------------------------------------------

def test_the_solver_of_two_units_is_the_two_unit_hypercube() -> None:
    """N = 2, atoms A (λ 0.6, A then B) and B (λ 0.3, B then A): the chain of ``test_queueing2`` exactly."""
    h = hypercube([0.6, 0.3], [[0, 1], [1, 0]], 1.0)
    two = hypercube_two_units(0.6, 0.3, 1.0)
    assert h["workload"] == pytest.approx([two["busy_a"], two["busy_b"]], abs=1e-9)
    assert h["share"][0, 1] == pytest.approx(two["other_a"], abs=1e-9)
    assert h["share"][1, 0] == pytest.approx(two["other_b"], abs=1e-9)
    assert h["all_busy"] == pytest.approx(two["wait"], abs=1e-9)


def test_the_solver_is_mmc_in_its_busy_count_and_its_wait() -> None:
    """Four units, five atoms with unequal rates and mixed preference lists, offered load 2.6.

    Every alarm is served by some unit, so the number busy is M/M/4 whatever the lists: P(k busy), P(all
    busy) = C(4, 2.6), the mean wait C/(4μ − λ) and Σ workload = 2.6. Each unit serves as many alarms as it
    finishes: Σ_j λ_j f_ij = μ ρ_i. With every unit alike (equal rates, the lists rotated) each is busy 2.6/4.
    """
    mu, a = 1 / 60, 2.6
    lam = list(np.array([0.35, 0.1, 0.25, 0.2, 0.1]) * a * mu)
    prefs = [[0, 1, 2, 3], [1, 0, 3, 2], [2, 3, 1, 0], [3, 1, 0, 2], [1, 2, 3, 0]]
    h = hypercube(lam, prefs, mu)
    assert h["busy_count"] == pytest.approx(mmc_busy_count(4, a), abs=1e-9)
    assert h["all_busy"] == pytest.approx(erlang_c(4, a), abs=1e-9)
    assert h["wait"] == pytest.approx(erlang_c(4, a) / (4 * mu - sum(lam)), rel=1e-8)
    assert h["workload"].sum() == pytest.approx(a, abs=1e-9)
    assert np.asarray(lam) @ h["share"] == pytest.approx(mu * h["workload"], abs=1e-12)
    assert h["share"].sum(axis=1) == pytest.approx(np.ones(5), abs=1e-9)
    assert np.ptp(h["workload"]) > 0.03  # the lists make a difference here …
    rotated = hypercube([a * mu / 4] * 4, [[(k + i) % 4 for i in range(4)] for k in range(4)], mu)
    assert rotated["workload"] == pytest.approx(np.full(4, a / 4), abs=1e-9)  # … and none when all are alike


# --- 2. raddsim against the hypercube --------------------------------------------------------------------------

def lattice_region(folder, xs: list[float], ys: list[float], stations: list[tuple[float, float]],
                   atoms: list[tuple[float, float, float]], load: float, mean: float):
    """A region on a lattice of roads (nodes at every (x, y) of ``xs`` × ``ys``, metres, arcs between neighbours),
    one crew at each station (``(x, y)``, crew ``c<k>``), atoms ``(x, y, weight)``: places with the weights as
    their populations, ``load`` crews busy on average (λ·E[S]), exponential on-scene times of ``mean`` minutes.

    Returns the region file and the drive times (s) atom × station: the Manhattan distance at 50 km/h.
    """
    def node(x: float, y: float) -> int:
        return 1 + xs.index(x) + len(xs) * ys.index(y)

    def lon_lat(x: float, y: float) -> tuple[float, float]:
        return LON + x / M_LON, LAT + y / M_LAT

    nodes = [(node(x, y), *lon_lat(x, y)) for y in ys for x in xs]
    arcs = [(node(a, y), node(b, y), b - a) for y in ys for a, b in itertools.pairwise(xs)]
    arcs += [(node(x, a), node(x, b), b - a) for x in xs for a, b in itertools.pairwise(ys)]
    path = csv_region(folder, stations=[(f"s{k}", *lon_lat(x, y), False) for k, (x, y) in enumerate(stations)],
                      crews=[(f"c{k}", f"s{k}", "") for k in range(len(stations))],
                      places=[(f"P{j}", round(1000 * w), *lon_lat(x, y)) for j, (x, y, w) in enumerate(atoms)],
                      nodes=nodes, arcs=arcs, alarms_per_year=load / mean * MINUTES_PER_YEAR, mean_minutes=mean)
    drive = np.array([[abs(x - sx) + abs(y - sy) for sx, sy in stations] for x, y, _ in atoms]) / SPEED
    return path, drive, [node(x, y) for x, y, _ in atoms]


def replication_values(model, run, atom_nodes: list[int]) -> dict[str, np.ndarray]:
    """Per replication: each crew's busy share as raddsim reports it, the share of each atom's alarms each crew
    was first alerted to, the share of alarms that waited, the mean travel (s) of the first crew alerted and the
    mean wait (s) from the alarm to that alert."""
    n = len(run.setup.crews)
    atom_of = {nd: j for j, nd in enumerate(atom_nodes)}
    shares, travel, wait = [], [], []
    for inc, rec in zip(run.incidents, run.records):
        atom = np.array([atom_of[int(model.network.node_ids[nd])] for nd in inc.node])
        shares.append([[np.mean(rec.crew[atom == j] == i) for i in range(n)] for j in range(len(atom_nodes))])
        travel.append(np.mean(rec.t_arrival - rec.t_dispatch))
        wait.append(np.mean(rec.t_dispatch - rec.t_alarm))
    red = reductions(model, run)
    return {"workload": np.array([r.busy for r in red]), "share": np.array(shares),
            "all_busy": np.array([r.waited_share for r in red]), "travel": np.array(travel), "wait": np.array(wait)}


#: Two regions: three stations on a road, four atoms (0, 15, 27 and 38 m along it); four at the corners of a
#: 24 × 35 m grid, five atoms. Each: (xs, ys, stations, atoms (x, y, weight), offered load, replications, seed).
LAYOUTS = {
    "three on a road": ([0, 15, 20, 27, 38, 50], [0], [(0, 0), (20, 0), (50, 0)],
                        [(0, 0, 0.15), (15, 0, 0.35), (27, 0, 0.2), (38, 0, 0.3)], 1.5, 20, 41),
    "four on a grid": ([0, 10, 24], [0, 15, 35], [(0, 0), (24, 0), (0, 35), (24, 35)],
                       [(10, 0, 0.3), (0, 15, 0.15), (24, 15, 0.25), (10, 35, 0.1), (24, 35, 0.2)], 2.4, 20, 42),
}


def inside(value: float, interval: tuple[float, float, float]) -> bool:
    """Whether ``value`` lies in the interval of a ``ci`` triple (mean, low, high)."""
    return interval[1] <= value <= interval[2]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_stations_with_nearest_available_dispatch_match_the_hypercube(tmp_path, layout: str) -> None:
    """N stations with one crew each, atoms of unequal weight whose drive orders differ, one-hour mean on scene.

    Three on a road (atoms' lists 012, 102, 120, 210; load 1.5): the hypercube's workloads are 0.447, 0.568 and
    0.485, P(all busy) 0.237, the mean wait 9.47 min, the mean drive 1.079 s. Four on a grid (lists 0123, 0213,
    1302, 2301, 3210; load 2.4): 0.643, 0.615, 0.559, 0.583, P(all busy) 0.287, 10.76 min, 1.570 s. Each crew's busy
    share (raddsim's figure), each of the J × N shares of an atom's alarms each crew is first alerted to, the share
    that waits, the mean wait and the mean drive of the first crew hold the hypercube's values in Bonferroni
    intervals (N + NJ + 3 of them, 20 one-year replications).

    Why the hypercube applies: crews are full-time with no turnout; they are dispatched in order of drive time
    (nearest free crew), and they are free again only when back at their station (``en_route`` is off by
    default), so every alert starts from the station, and a waiting alarm goes to the crew that frees first.
    Drives are at most 4.2 s (59 m at 50 km/h) against an hour on scene: the busy time includes the drive out
    and back (about 3 s), which raises a workload by under 0.0005, a tenth of the narrowest half-width.
    Power: the M/M/N answer (every crew busy load/N) and the hypercube with each atom's second and third
    choices swapped each leave at least one interval.
    """
    xs, ys, stations, atoms, load, replications, seed = LAYOUTS[layout]
    mean = 60.0
    path, drive, atom_nodes = lattice_region(tmp_path, xs, ys, stations, atoms, load, mean)
    model, run = simulate_region(path, replications=replications, seed=seed)
    assert [c.id for c in run.setup.crews] == [f"c{k}" for k in range(len(stations))]
    prefs = [list(np.argsort(row)) for row in drive]
    assert all(np.diff(np.sort(row)).min() > 0.2 for row in drive)  # no ties: each list is the drive order
    lam = [w / sum(a[2] for a in atoms) * load / mean for *_, w in atoms]
    h = hypercube(lam, prefs, 1 / mean)
    v = replication_values(model, run, atom_nodes)
    n, j = len(stations), len(atoms)
    level = 1 - 0.05 / (n + n * j + 3)
    work = [ci(v["workload"][:, i], level) for i in range(n)]
    share = [[ci(v["share"][:, a, i], level) for i in range(n)] for a in range(j)]
    busy, travel, wait = ci(v["all_busy"], level), ci(v["travel"], level), ci(v["wait"], level)
    assert all(inside(h["workload"][i], work[i]) for i in range(n)), (h["workload"], work)
    assert all(inside(h["share"][a, i], share[a][i]) for a in range(j) for i in range(n)), (h["share"], share)
    assert inside(h["all_busy"], busy), (h["all_busy"], busy)
    assert inside(mean_travel(lam, h["share"], drive), travel), (mean_travel(lam, h["share"], drive), travel)
    assert inside(60 * h["wait"], wait) and wait[2] - wait[1] < 0.3 * 60 * h["wait"], (60 * h["wait"], wait)
    assert max(hi - lo for _, lo, hi in work) < 0.03 and busy[2] - busy[1] < 0.03  # informative intervals
    assert not all(inside(load / n, w) for w in work)
    swapped = hypercube(lam, [[p[0], p[2], p[1], *p[3:]] for p in prefs], 1 / mean)
    assert not all(inside(swapped["share"][a, i], share[a][i]) for a in range(j) for i in range(n))
