"""Views for people: console tables, charts, maps, GIS layers, the board report, translations."""
