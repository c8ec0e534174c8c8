"""``raddsim network``: inspect, download and convert road networks."""

from __future__ import annotations

import argparse
from pathlib import Path

from raddsim.cli.args import Subcommands, add_force, help_and_fail, refuse_empty, subcommands
from raddsim.core.io import stamped, write_json_atomic
from raddsim.views.service_words import use_region


def add_parser(sub: Subcommands) -> None:
    p = sub.add_parser("network", help="inspect, download (OpenStreetMap) and convert road networks")
    nsub = subcommands(p, "network_command", "ACTION")

    info = nsub.add_parser("info", help="nodes, edges, km of road by class, ferries, components, extent, source")
    info.add_argument("path", nargs="?", default=None,
                      help="network file or folder (default: the embedded, approximate Norrtälje network)")
    info.add_argument("--stations", "--region", dest="stations", type=Path, default=None, metavar="PATH",
                      help="use this region's network and its [network] options (a region file, or a folder "
                           "holding region.toml, as every other command takes it)")
    info.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the summary as JSON")
    add_force(info)
    info.set_defaults(func=run_info)

    fetch = nsub.add_parser("fetch", help="download roads and car ferries from OpenStreetMap (needs internet)")
    area = fetch.add_mutually_exclusive_group(required=True)
    area.add_argument("--place", metavar="NAME", help='an area known to Nominatim, e.g. "Norrtälje kommun, Sweden"')
    area.add_argument("--polygon", type=Path, metavar="FILE", help="a GeoJSON polygon of the area (WGS84)")
    area.add_argument("--bbox", metavar="W,S,E,N", help="a box in degrees: west,south,east,north")
    fetch.add_argument("--out", type=Path, default=Path("networks"), metavar="PATH",
                       help="folder (file named after the area) or file (.npz/.graphml); default: ./networks")
    fetch.add_argument("--name", default=None, help="file name (without suffix) when --out is a folder")
    fetch.add_argument("--format", dest="fmt", choices=["npz", "graphml"], default=None,
                       help="npz = raddsim archive, fast to load (default); graphml = for other tools")
    fetch.add_argument("--refresh", action="store_true", help="download again even if the file exists")
    fetch.set_defaults(func=run_fetch, own_output_rule=True)  # an existing file is reused, or --refresh

    conv = nsub.add_parser("convert", help="save any network source as .npz, .graphml or a nodes/arcs CSV folder")
    conv.add_argument("source", help="network file or folder (or 'default')")
    conv.add_argument("out", type=Path, help="output: x.npz, x.graphml, or a folder for nodes.csv + arcs.csv")
    conv.add_argument("--force", action="store_true", help="replace an existing output")
    conv.set_defaults(func=run_convert, own_output_rule=True)
    p.set_defaults(func=help_and_fail(p))


def run_info(args: argparse.Namespace) -> int:
    from raddsim.experiment.model import region_network
    from raddsim.network import load_network
    from raddsim.network.info import format_info, network_info
    from raddsim.region.region import load_region

    # The speeds shown are the ones simulations use: the region's [network] options (blue light in
    # Norrtälje) for the region's own network; a different file is described under default options.
    region = load_region(args.stations)
    use_region(region)  # maps, tables and report in the words of its service and force
    same = args.path is None or Path(args.path).resolve() == Path(region.network_path).resolve()
    net = region_network(region, Path(region.network_path).resolve()) if same else load_network(args.path)
    # The vehicle classes the region's crews drive (rescue engines are "heavy"), with the crews named.
    crews: dict[str, list[str]] = {}
    for setup in region.scenarios.values():
        for c in setup.crews:
            if c.name not in crews.setdefault(c.vehicle, []):
                crews[c.vehicle].append(c.name)
    info = network_info(net, crews if same else None)
    print(format_info(info))
    if not same:
        # Not the loaded region's file: it names another network (by default Norrtälje's, whatever PATH is).
        print("  (speeds under default options; the region file that names this network sets its own: "
              "raddsim network info --region REGION)")
    if args.json:
        write_json_atomic(args.json, stamped(info))
        print(f"Wrote {args.json}")
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    from raddsim.network import load_network
    from raddsim.network.fetch import fetch_network
    from raddsim.network.info import format_info, network_info

    refuse_empty(args, "place", "name")  # --place "": a search for nothing, sent to Nominatim
    check_fetch_out(args)
    path, downloaded = fetch_network(place=args.place, polygon_file=args.polygon, bbox=args.bbox, out=args.out,
                                     name=args.name, fmt=args.fmt or "npz", refresh=args.refresh)
    if not downloaded:
        print(f"{path} already exists (use --refresh to download again).")
    else:
        print(f"Wrote {path} (+ {path.with_suffix('').name}.meta.json)")
    print(format_info(network_info(load_network(path))))
    return 0


def check_fetch_out(args: argparse.Namespace) -> None:
    """Refuse ``--name`` or a ``--format`` that a file ``--out`` (x.npz, x.graphml) would override, unsaid."""
    from raddsim.core.errors import InputError

    suffix = Path(args.out).suffix.lower()
    if suffix not in (".npz", ".graphml"):
        return
    if args.name is not None:
        raise InputError(f"--name names the file in a folder --out, and --out {args.out} is a file.", field="--name",
                         fix="drop --name, or give --out a folder.")
    if args.fmt is not None and f".{args.fmt}" != suffix:
        raise InputError(f"--format {args.fmt}, but --out {args.out} ends in {suffix}.", field="--format",
                         fix=f"drop --format (the suffix of --out sets it), or end --out in .{args.fmt}.")


def run_convert(args: argparse.Namespace) -> int:
    from raddsim.core.errors import InputError
    from raddsim.network import load_road_data
    from raddsim.network.csvgraph import write_csv_network
    from raddsim.network.store import save_archive, save_graphml, write_sidecar

    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix not in ("", ".npz", ".graphml") and not out.is_dir():  # 'roads.csv' would become a folder
        raise InputError(f"cannot write a network as '{out.suffix}'.", file=out, field="out",
                         fix="end the name in .npz or .graphml, or give a folder for nodes.csv + arcs.csv (a name "
                             "without a suffix, or an existing folder).")
    target = out / "nodes.csv" if suffix not in (".npz", ".graphml") else out
    if args.source != "default" and Path(args.source).resolve() in (out.resolve(), target.resolve()):
        # with --force, the network read would be replaced by its own conversion (a CSV folder rewritten in place)
        raise InputError("is the network being converted: the output would replace it.", file=out, field="out",
                         fix="give another output path.")
    if target.exists() and not args.force:
        raise InputError("the output exists.", file=target, fix="choose another name, or add --force to replace it.")
    # GraphML keeps the source graph's own tags: parse it rather than read the compact cache.
    data = load_road_data(args.source, compact=suffix != ".graphml")
    if suffix == ".npz":
        save_archive(data, out)
    elif suffix == ".graphml":
        save_graphml(data, out)
    else:
        write_csv_network(data, out)
    if suffix in (".npz", ".graphml"):
        write_sidecar(out, data.meta)
    print(f"Wrote {out}: {data.n_nodes:,} nodes, {data.n_edges:,} edges")
    return 0
