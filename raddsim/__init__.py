"""raddsim — a discrete-event simulator of rescue-service readiness and coverage."""

__version__ = "0.1.0"
