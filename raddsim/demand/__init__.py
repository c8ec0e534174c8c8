"""Demand: incident types, where and when alarms happen, and historical replay."""

from raddsim.demand.generate import Incidents, generate_incidents
from raddsim.demand.location_files import HolidayArea, Place, load_places
from raddsim.demand.points import DemandPoints, demand_points
from raddsim.demand.replay import ReplayAlarms, load_incident_csv, replay_incidents
from raddsim.demand.spec import AccessModel, DemandSpec, HolidayHomes, parse_demand
from raddsim.demand.timeprofile import SECONDS_PER_YEAR, TimeProfile, sample_times
from raddsim.demand.types import CapabilityRule, Force, IncidentCatalog, IncidentType, load_catalog

__all__ = [
    "AccessModel", "CapabilityRule", "DemandPoints", "DemandSpec", "Force", "HolidayArea", "HolidayHomes",
    "IncidentCatalog", "IncidentType", "Incidents", "Place", "ReplayAlarms", "SECONDS_PER_YEAR", "TimeProfile",
    "demand_points", "generate_incidents", "load_catalog", "load_incident_csv", "load_places", "parse_demand",
    "replay_incidents", "sample_times",
]
