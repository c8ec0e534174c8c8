"""Coverage on a grid: static (every crew free) and simulated, in SWEREF 99 TM."""
