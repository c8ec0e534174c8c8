"""Importers that turn other tools' region files into raddsim's generic region format (docs/formats.md)."""
