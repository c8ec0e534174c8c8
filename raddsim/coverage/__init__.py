"""Coverage on a grid: static (every crew free) and simulated, in the network's metric CRS (SWEREF 99 TM in Sweden)."""

#: Default square size of the coverage grid (m). Here, not in :mod:`raddsim.coverage.grid`, so that modules
#: naming it as a default do not import the grid's libraries (scipy) before they draw one.
DEFAULT_CELL_M = 250.0
