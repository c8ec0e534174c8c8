"""Imported only into multiprocessing's forkserver (a preload module): it ends with the sweep's main process.

The forkserver is the parent of every worker; it does not notice its own parent's death
while it waits for requests, so it asks for a signal (:func:`raddsim.sweep.lifeline.die_with_parent`).
Its workers ask the same of it, so a ``kill -9`` of the main process ends them all.
"""

from raddsim.sweep.lifeline import die_with_parent

MECHANISM = die_with_parent()
