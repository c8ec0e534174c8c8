"""Region data: the region file (stations, crews, scenarios) read and validated at the edge."""
