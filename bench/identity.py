"""Benchmarks OneID at scale: generates the raw data (if needed), stages it, builds the identity models from
scratch on DuckDB (no registry yet), reruns them once (the daily case: a registry exists, nothing changed) and
reports the time of every identity model, the peak memory of dbt, and the pairwise precision and recall against the
generator's ground truth.

    .venv/bin/python -m bench.identity --members 1000000            # about 2 min to generate, then the builds
    .venv/bin/python -m bench.identity --members 1000000 --reuse-staging   # again, without restaging

The raw data goes to data/generated/<1m, 300k, ...> (kept for the next run), the warehouse to target/bench_identity/.
Peak memory is the maximum resident set size of the dbt process (GNU time -v when available, else getrusage)."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from tagwarehouse.identity_eval import Evaluation, format_breakdown, format_scores

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT = str(Path(sys.executable).with_name("dbt"))
GNU_TIME = Path("/usr/bin/time")
IDENTITY_MODEL = re.compile(r"model\.member_tag_warehouse\.(int_identity_|int_member_|member_identity_map)")
# seeds and the staging models identity reads; then the identity models alone, twice
STAGING = [
    "build",
    "--select",
    "+member_identity_map",
    "--exclude",
    "int_identity_links_unioned+",
    "--resource-type",
    "seed",
    "model",
]
# the models between the staged tables and the identity map, and the registry and event log that keep IDs stable
IDENTITY = [
    "run",
    "--select",
    "int_identity_links_unioned+,+member_identity_map",
    "int_member_registry",
    "int_member_id_events",
]


@dataclass
class DbtRun:
    command: str
    wall_seconds: float
    peak_rss_mb: float
    cpu_seconds: float | None = None
    load_average: float | None = None
    # dbt's own elapsed time of the run: the models and hooks, without start-up and parsing
    run_seconds: float | None = None
    model_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def identity_seconds(self) -> float:
        return sum(
            s for name, s in self.model_seconds.items() if IDENTITY_MODEL.match(f"model.member_tag_warehouse.{name}")
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000, help="members to generate (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument("--raw", type=Path, default=None, help="raw data folder (default data/generated/<members>)")
    parser.add_argument("--workdir", type=Path, default=PROJECT_ROOT / "target" / "bench_identity")
    parser.add_argument(
        "--reuse-staging", action="store_true", help="keep the staged tables of the previous run (skip staging)"
    )
    parser.add_argument(
        "--memory", default=os.environ.get("MTW_DUCKDB_MEMORY", "8GB"), help="DuckDB memory limit (default 8GB)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    parser.add_argument("--breakdown", action="store_true", help="print the wrong pairs by identifier types")
    return parser.parse_args(argv)


def generate(members: int, seed: int, raw: Path) -> None:
    if (raw / "_ground_truth").exists():
        print(f"raw data: reusing {raw}")
        return
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tagwarehouse.generator",
            "--members",
            str(members),
            "--seed",
            str(seed),
            "--out",
            str(raw),
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    print(f"raw data: generated {members:,} members into {raw} in {time.perf_counter() - started:.0f}s")


def run_dbt(args: list[str], raw: Path, db_path: Path, workdir: Path, memory: str) -> DbtRun:
    env = {
        **os.environ,
        "MTW_DUCKDB_MEMORY": memory,
        "DBT_PROFILES_DIR": str(PROJECT_ROOT),
        "MTW_RAW_DATA": str(raw),
        "MTW_DUCKDB_PATH": str(db_path),
        "DBT_TARGET_PATH": str(workdir / "dbt-target"),
        "DBT_LOG_PATH": str(workdir / "dbt-logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    env.pop("MTW_TARGET", None)
    time_report = workdir / "time.txt"
    command = [DBT, *args]
    if GNU_TIME.exists():
        command = [str(GNU_TIME), "-v", "-o", str(time_report), *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    load = os.getloadavg()[0]  # other work on the machine stretches wall times
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed:\n{result.stdout[-5000:]}")
    cpu = None
    if GNU_TIME.exists():
        text = time_report.read_text()
        peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1])
        cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([0-9.]+)", text)[1]) for kind in ("User", "System"))
    else:  # the largest child so far: exact for the first run, a lower bound after
        peak_kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    run_results = json.loads((workdir / "dbt-target" / "run_results.json").read_text())
    seconds = {
        r["unique_id"].split(".")[-1]: round(r["execution_time"], 2)
        for r in run_results["results"]
        if r["unique_id"].startswith("model.")
    }
    return DbtRun(
        " ".join(args),
        round(wall, 1),
        round(peak_kb / 1024, 0),
        cpu,
        round(load, 1),
        run_seconds=round(run_results["elapsed_time"], 1),
        model_seconds=seconds,
    )


def report(first: DbtRun, rerun: DbtRun) -> str:
    identity_models = [
        name for name in first.model_seconds if IDENTITY_MODEL.match(f"model.member_tag_warehouse.{name}")
    ]
    lines = ["| model | first build (s) | rerun (s) |", "|---|---:|---:|"]
    for name in identity_models:
        lines.append(
            f"| {name} | {first.model_seconds[name]:.1f} | {rerun.model_seconds.get(name, float('nan')):.1f} |"
        )
    lines.append(f"| **identity models, sum** | **{first.identity_seconds:.1f}** | **{rerun.identity_seconds:.1f}** |")
    lines.append(f"| dbt run elapsed (models and hooks, 2 threads) | {first.run_seconds} | {rerun.run_seconds} |")
    lines.append(
        f"| dbt wall clock (incl. start-up and parsing) | {first.wall_seconds:.1f} | {rerun.wall_seconds:.1f} |"
    )
    lines.append(f"| dbt peak memory (MB RSS) | {first.peak_rss_mb:,.0f} | {rerun.peak_rss_mb:,.0f} |")
    if first.cpu_seconds is not None and rerun.cpu_seconds is not None:
        lines.append(f"| dbt CPU time, user + system (s) | {first.cpu_seconds:.0f} | {rerun.cpu_seconds:.0f} |")
    lines.append(f"| load average when started | {first.load_average} | {rerun.load_average} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    scale = f"{args.members // 1_000_000}m" if args.members % 1_000_000 == 0 else f"{args.members // 1000}k"
    raw = (args.raw or PROJECT_ROOT / "data" / "generated" / scale).resolve()
    generate(args.members, args.seed, raw)
    workdir = args.workdir.resolve()
    db_path = workdir / "identity.duckdb"
    if args.reuse_staging and db_path.exists():
        with duckdb.connect(str(db_path)) as con:  # a first build starts without registry and event log
            con.execute(
                "drop schema if exists main_intermediate cascade; drop schema if exists main_marts cascade;"
                " drop schema if exists main_restricted cascade"
            )
        staging = None
    else:
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        staging = run_dbt(STAGING, raw, db_path, workdir, args.memory)
    first = run_dbt(IDENTITY, raw, db_path, workdir, args.memory)
    rerun = run_dbt(IDENTITY, raw, db_path, workdir, args.memory)
    print(f"OneID at {args.members:,} members ({os.cpu_count()} cores, DuckDB memory limit {args.memory})")
    if staging:
        print(
            f"staging (seeds and staged tables identity reads): {staging.wall_seconds:.0f}s wall, "
            f"peak {staging.peak_rss_mb:,.0f} MB"
        )
    print(report(first, rerun))

    started = time.perf_counter()
    with Evaluation(db_path, raw) as evaluation:
        scores = evaluation.scores()
        print(format_scores(scores))
        breakdown = evaluation.error_breakdown()
        if args.breakdown:
            print(format_breakdown(breakdown))
    print(f"(evaluation {time.perf_counter() - started:.0f}s)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "members": args.members,
                    "first_build": asdict(first),
                    "rerun": asdict(rerun),
                    "scores": {
                        **asdict(scores),
                        "precision": scores.precision,
                        "recall": scores.recall,
                        "recall_bound": scores.recall_bound,
                        "recall_reachable": scores.recall_reachable,
                    },
                    "errors": breakdown,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
