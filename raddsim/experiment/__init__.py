"""Experiments: the model of a run, replications, scenario comparison, the target, calibration."""
