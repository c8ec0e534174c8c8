"""Shared plumbing: user-facing errors, atomic file writing, seeded random streams, identity caches."""
