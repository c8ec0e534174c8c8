"""Coverage on a grid: static (every crew free) and simulated, in the network's metric CRS (SWEREF 99 TM in Sweden)."""

#: Default square size of the coverage grid (m). Here, not in :mod:`raddsim.coverage.grid`, so that modules
#: naming it as a default do not import the grid's libraries (scipy) before they draw one.
DEFAULT_CELL_M = 250.0
#: Smallest and largest cell sizes accepted (m): finer is pointless on this data, coarser is not a map. Here too,
#: so that the command line checks ``--cell`` and ``--sim-cell`` before any work without importing the grid.
MIN_CELL_M, MAX_CELL_M = 25.0, 10000.0
