"""Decide, not only compare: screen option sets for a budget with an integer program, prove the best by simulation.

``options`` reads the decision space, ``instances`` measures what the screening
needs (crew times, availability from a short simulation), ``screen`` solves the
integer program for the top K, ``select`` is the ranking-and-selection procedure,
``simulate`` runs finalists on the sweep machinery and ``output`` writes the files.
"""
