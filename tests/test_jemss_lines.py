"""The JEMSS road network reader names a bad value by its physical line in the file, as every other CSV reader does.

It said "table 'arcs', row 2", counting rows within one table of a multi-table file: an editor shows that row on
another line (the miscData table, the table-name and header lines and the blank line come first).
"""

from __future__ import annotations

import pytest

from raddsim.core.errors import InputError

NODES = ["nodes,,,", "index,x,y,offRoadAccess", "1,7.0,45.0,1", "2,7.01,45.0,1", "3,7.02,45.0,1"]
ARCS = ["miscData,,", "arcForm,numModes", "directed,2", ",", "arcs,,,,,",
        "index,fromNode,toNode,distance,mode_1,mode_2", "1,1,2,0.8,0.0005,0.0008", "2,2,3,0.8,0.0005,0.0008",
        "3,3,1,1.6,0.001,0.0016"]


def _read(tmp_path, nodes: list[str], arcs: list[str]):
    """Write the two files in tmp_path and read them as the network loader does; the error's text."""
    from raddsim.network.jemss_csv import jemss_road_data

    (tmp_path / "nodes.csv").write_text("\n".join(nodes) + "\n", encoding="utf-8")
    (tmp_path / "arcs.csv").write_text("\n".join(arcs) + "\n", encoding="utf-8")
    texts = [(tmp_path / n).read_text(encoding="utf-8") for n in ("nodes.csv", "arcs.csv")]
    with pytest.raises(InputError) as exc:
        jemss_road_data(texts[0], texts[1], str(tmp_path / "nodes.csv"), str(tmp_path / "arcs.csv"), 1, 2)
    return str(exc.value)


def _with(lines: list[str], line: int, text: str) -> list[str]:
    """``lines`` with physical line ``line`` (1-based) replaced by ``text``."""
    return [text if no == line else s for no, s in enumerate(lines, start=1)]


def test_the_good_files_read(tmp_path) -> None:
    from raddsim.network.jemss_csv import jemss_road_data

    data = jemss_road_data("\n".join(NODES), "\n".join(ARCS), "nodes.csv", "arcs.csv", 1, 2)
    assert len(data.edge_u) == 3


def test_a_bad_distance_names_its_line_in_the_arcs_file(tmp_path) -> None:
    err = _read(tmp_path, NODES, _with(ARCS, 8, "2,2,3,-0.8,0.0005,0.0008"))  # the arcs table's 2nd row
    assert "arcs.csv: arcs.distance: line 8: distance = '-0.8' is not a finite number from 0" in err, err
    assert "row 2" not in err, err


def test_a_word_for_a_number_names_its_line(tmp_path) -> None:
    # Was "table 'arcs', column 'mode_1': could not convert string to float: 'fast'", naming no row at all.
    err = _read(tmp_path, NODES, _with(ARCS, 9, "3,3,1,1.6,fast,0.0016"))
    assert "arcs.mode_1: line 9: mode_1 = 'fast' is not a finite number" in err, err


def test_a_node_index_that_is_not_whole_names_its_line(tmp_path) -> None:
    err = _read(tmp_path, _with(NODES, 4, "2.5,7.01,45.0,1"), ARCS)
    assert "nodes.csv: nodes.index: line 4: index = 2.5 is not a whole number" in err, err


def test_an_arc_to_an_unknown_node_names_its_line(tmp_path) -> None:
    err = _read(tmp_path, NODES, _with(ARCS, 9, "3,3,9,1.6,0.001,0.0016"))
    assert "the arc on line 9 joins a node that is not in the nodes file" in err, err


def test_too_fast_arcs_name_a_line(tmp_path) -> None:
    fast = [*ARCS[:6], "1,1,2,80,0.0005,0.0008", "2,2,3,80,0.0005,0.0008", "3,3,1,160,0.001,0.0016"]
    err = _read(tmp_path, NODES, fast)
    assert "(e.g. line 7: 80,000 m" in err, err


def test_a_quoted_cell_over_two_lines_keeps_later_lines_right(tmp_path) -> None:
    # The arc's index is not read; a quoted name over two lines makes the row after it start on line 10, not 9.
    arcs = [*ARCS[:7], '"2', 'b",2,3,0.8,0.0005,0.0008', "3,3,1,nan,0.001,0.0016"]
    err = _read(tmp_path, NODES, arcs)
    assert "arcs.distance: line 10: distance = 'nan'" in err, err


# ------------------------------------------------------------------ the model's tables (region import-jemss)
def _import(tmp_path, capsys, file: str, old: str, new: str) -> tuple[str, str]:
    """import-jemss of the synthetic 'lakeside' model with ``old`` replaced by ``new`` in ``file``: (path, error)."""
    from test_jemss_import import write_lakeside

    from raddsim.cli import main

    src = write_lakeside(tmp_path / "lakeside")
    path = src / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["region", "import-jemss", str(src), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return str(path), err


def test_the_second_table_of_a_file_names_the_line_in_the_file(tmp_path, capsys) -> None:
    # travel.csv: travelModes (lines 1-4), a blank row, then travelSets: its 2nd row is line 9, not "row 2".
    path, err = _import(tmp_path, capsys, "travel.csv", "\n1,medPriority,1\n", "\n1,medPriority,x\n")
    assert f"{path}: travelSets.travelModeIndex: line 9: travelModeIndex = 'x' is not a number." in err, err


def test_an_ambulance_at_an_unknown_station_names_its_line(tmp_path, capsys) -> None:
    path, err = _import(tmp_path, capsys, "ambulances.csv", "\n2,2,1\n", "\n2,9,1\n")
    assert f"{path}: ambulances.base: line 4: ambulance 2 is at station 9" in err, err


def test_a_station_off_the_globe_names_its_line(tmp_path, capsys) -> None:
    path, err = _import(tmp_path, capsys, "stations.csv", "\n2,7.035,45.035", "\n2,7.035,95.035")
    assert f"{path}: stations: line 4: (7.035, 95.035) is not WGS84" in err, err
