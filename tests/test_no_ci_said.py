"""With one replication, ``raddsim compare`` and ``raddsim run`` say in one line why there are no intervals and how to
get them (probe finding 10): the line said "run at least 2" but not why, nor the 30 the defaults use."""

from __future__ import annotations

import pytest

from raddsim.cli import main

WHY = {"en": ("spread between replications", "needs at least 2", "--replications 30 (recommended"),
       "sv": ("spridningen mellan replikeringar", "kräver minst 2", "--replications 30 (rekommenderas")}


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("command", [["compare", "minimum", "ambition"], ["run", "--scenario", "minimum"]])
def test_one_replication_says_why_no_ci_and_how_to_get_it(command, lang, capsys) -> None:
    assert main(command + ["--replications", "1", "--years", "0.02", "--lang", lang]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if WHY[lang][0] in line]
    assert len(lines) == 1 and all(words in lines[0] for words in WHY[lang])


def test_two_replications_say_nothing_of_it(capsys) -> None:
    assert main(["compare", "minimum", "ambition", "--replications", "2", "--years", "0.02"]) == 0
    assert WHY["en"][0] not in capsys.readouterr().out
