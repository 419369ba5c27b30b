"""Command line: ``python -m tagwarehouse.generator --help``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import constants as cst
from .run import generate

PROJECT_ROOT = Path(__file__).resolve().parents[2]

EPILOG = f"""
output layout:
  <out>/<source>/<table>/part-0000.parquet   one part file per {cst.PART_MEMBERS:,} members
  <out>/<source>/<table>/part-NNNN.parquet   the last part of tmall/trades, tmall/orders, pos/receipts,
                                             pos/receipt_lines and wechat/events: late deliveries
  <out>/_ground_truth/identities/            the true person behind every raw identifier
  <out>/_ground_truth/persons/               true attributes and BG/NBD parameters per person

the shipped sample (data/sample) is exactly:
  python -m tagwarehouse.generator {" ".join(cst.SAMPLE_ARGS)}

scale: about 9 orders and 30 events per member. 1,000,000 members take about 2 minutes on 2 cores,
~9 GB of memory (bounded: members are generated in batches of {cst.BATCH_MEMBERS:,}) and ~1.5 GB of disk.
Same seed, member count and as-of date give byte-identical files. The planted mess is listed in the
docstring of tagwarehouse/generator/__init__.py.
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tagwarehouse.generator",
        description=(
            "Generates the raw extracts of every source system (Tmall/Taobao, JD, store POS, WeChat, ERP)\n"
            "for a latent population of members, deliberately messy, with the ground truth of who is who."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--members",
        type=int,
        default=cst.SAMPLE_MEMBERS,
        metavar="N",
        help=f"number of persons (customers) to simulate, 1,000 to 10,000,000 (default {cst.SAMPLE_MEMBERS})",
    )
    parser.add_argument(
        "--seed", type=int, default=cst.SAMPLE_SEED, metavar="S", help=f"random seed (default {cst.SAMPLE_SEED})"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="output folder (default data/generated/<members> in the project, which git ignores); part files "
        "of the raw tables already there are replaced, nothing else is touched",
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=dt.date.fromisoformat(cst.DEFAULT_AS_OF),
        metavar="YYYY-MM-DD",
        help=f"the extract date: every record is older; history spans {cst.HISTORY_DAYS} days before it "
        f"(default {cst.DEFAULT_AS_OF})",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: when stderr is a terminal)",
    )
    args = parser.parse_args(argv)
    if args.members < 1:
        parser.error("--members must be at least 1")
    if args.seed < 0:
        parser.error("--seed must be non-negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = args.out if args.out is not None else PROJECT_ROOT / "data" / "generated" / str(args.members)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    summary = generate(args.members, args.seed, out, as_of=args.as_of, progress=progress)
    width = max(len(k) for k in summary.rows)
    print(f"wrote {summary.files} files, {summary.bytes / 1e6:,.1f} MB to {summary.out} in {summary.seconds:,.1f} s")
    for folder, rows in summary.rows.items():
        print(f"  {folder:<{width}}  {rows:>14,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
