"""Scenarios that run over a calibration's accepted parameter sets (:mod:`raddsim.region.posterior`).

Replication *r* of such a scenario runs at the set it draws
(:meth:`raddsim.region.posterior.Posterior.draw`): the scenario with that set's
values as overrides and ``posterior = false``. A scenario derived from it with
overrides of its own (``Region.derive``, a sweep point) keeps them: its overrides
win over the set's values for the same keys, the other keys come from the set. The sets are prepared (travel
tables, fleet, demand points) on first use and cached, so a run of R replications
prepares at most min(R, sets) scenarios.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from raddsim.core.errors import InputError
from raddsim.region.region import Setup, derived_field

if TYPE_CHECKING:
    from raddsim.experiment.model import Model, Prepared


class PosteriorSets:
    """The prepared scenarios of one scenario's posterior sets, made on first use."""

    def __init__(self, model: "Model", setup: Setup) -> None:
        assert setup.posterior is not None
        self.model, self.setup, self.posterior = model, setup, setup.posterior
        self._prepared: dict[int, "Prepared"] = {}
        self._check_every_set()

    def _check_every_set(self) -> None:
        """Make every set's scenario now, so a bad set is found before any simulation whatever the seed draws.

        Once per model for the named scenario (a sweep point's own overrides are checked on the sets it draws).
        """
        base = self.setup.name if self.setup.derived is None else self.setup.derived[0]
        key = (str(self.posterior.file), base)
        if key in self.model.checked_posteriors:
            return
        for j in range(len(self.posterior.sets)):
            self._derive(j, base, {})
        self.model.checked_posteriors.add(key)

    def set_setup(self, j: int) -> Setup:
        """The scenario at posterior set ``j``."""
        base, own = self.setup.name, {}
        if self.setup.derived is not None:  # e.g. a sweep point: the same base, its own overrides win over the set's
            base, own = self.setup.derived[0], dict(self.setup.derived[1])
        return self._derive(j, base, own)

    def _derive(self, j: int, base: str, own: dict) -> Setup:
        name = self.setup.name
        overrides = {**self.posterior.overrides(j), **own, "posterior": False}
        at = f"{name}@posterior{j}"
        try:
            return self.model.region.derive(at, base, overrides)
        except InputError as err:
            # The set's scenario is made here, not in a file: name the field as the base scenario has it.
            field = derived_field(err, at)
            message = err.message.replace(f" (in scenario '{at}')", "")
            raise InputError(f"set {j} does not make a valid scenario from '{name}' ({field}): {message}",
                             file=self.posterior.file, field="posterior.sets", fix=err.fix) from None

    def prepared(self, seed: int, replication: int) -> "Prepared":
        """The prepared scenario replication ``replication`` runs on."""
        j = self.posterior.draw(seed, replication)
        if j not in self._prepared:
            self._prepared[j] = self.model.prepare(self.set_setup(j))
        return self._prepared[j]

    def drawn(self, seed: int, replications: int) -> list[int]:
        """The set of each replication ``0 … replications − 1``."""
        return [self.posterior.draw(seed, r) for r in range(replications)]

    def summary(self, seed: int, replications: int) -> dict:
        """The JSON block ``posterior`` of a scenario run: the file, its sets, those drawn, what the data constrain."""
        post = self.posterior
        return {"file": str(post.file), "accepted_sets": len(post.sets),
                "sets_drawn": len(set(self.drawn(seed, replications))), "keys": list(post.keys),
                "constrained_by_data": post.constrained()}
