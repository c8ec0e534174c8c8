"""An EMS region (``[region] service = "ems"``) is worded for ambulances, not rescue crews."""

from __future__ import annotations

import re

import pytest

from raddsim.cli import main
from raddsim.views.i18n import t
from raddsim.views.service_words import in_service_words, use_service
from test_other_regions import write_toy_region


def test_rescue_words_are_unchanged_and_ems_words_replace_them() -> None:
    text = "Time from alarm to first crew on scene; a crew {crew} in service; Crews {crews:,}; Fire station"
    assert in_service_words(text) == text
    use_service("ems")
    assert in_service_words(text) == ("Time from alarm to first ambulance on scene; an ambulance {crew} in service; "
                                      "Ambulances {crews:,}; Ambulance station")
    assert in_service_words("första styrka, full styrka, den fulla styrkan, alla styrkor", "sv") == \
        "första ambulans, full styrka, den fulla styrkan, alla ambulanser"
    assert t("map_not_staffed") == "(no ambulance in service)"
    with pytest.raises(ValueError, match="service must be one of"):
        use_service("police")


@pytest.fixture()
def ems_region(tmp_path):
    path = write_toy_region(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("target_minutes = 10\n",
                                                             'target_minutes = 10\nservice = "ems"\n'),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("lang,rescue_word", [("en", r"\bcrews?\b"), ("sv", r"(?<!full )(?<!fulla )\bstyrk(a|or|an)\b")])
def test_an_ems_region_speaks_of_ambulances(ems_region, tmp_path, capsys, lang, rescue_word) -> None:
    assert main(["run", "--region", str(ems_region), "--replications", "2", "--lang", lang]) == 0
    assert main(["map", "--region", str(ems_region), "--out", str(tmp_path / "m"), "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert ("first ambulance" if lang == "en" else "första ambulans") in out
    assert not re.search(rescue_word, out, flags=re.I), re.search(rescue_word, out, flags=re.I)
    # A rescue region run next is worded for crews again.
    assert main(["run", "--replications", "2", "--lang", lang]) == 0
    assert ("first crew" if lang == "en" else "första styrka") in capsys.readouterr().out
