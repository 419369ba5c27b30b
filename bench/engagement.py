"""How long the engagement and churn models take (docs/aipl.md, docs/churn_model.md), against hand-written DuckDB
queries that compute the same AIPL figures straight from the staged events, the identity map and the orders.

Needs a warehouse already built up to fct_orders, int_member_purchase_days and int_member_rfm (e.g. by
`python -m bench.metrics`); runs the engagement and churn models on it with `dbt run`, reads each model's time from
dbt's run_results.json, then runs the hand-written queries on the same database and checks that both agree member by
member (the current AIPL stage, and every monthly snapshot).

    .venv/bin/python -m bench.engagement --db target/bench_200000.duckdb --raw data/generated/200000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]

ENGAGEMENT_MODELS = (
    "int_member_aipl_signal_days",
    "int_member_aipl",
    "int_member_aipl_monthly",
    "aipl_flow_monthly",
    "int_unknown_event_names",
    "int_member_relationship_tiers",
    "int_member_purchase_histories",
    "int_bgnbd_inputs",
    "bgnbd_parameters",
    "int_bgnbd_group_scores",
    "int_member_churn",
)
# The dbt models that together compute what each hand-written query computes.
AIPL_PATH = ("int_member_aipl_signal_days", "int_member_aipl")
MONTHLY_PATH = ("int_member_aipl_signal_days", "int_member_aipl_monthly")

# The event -> member -> signal step both hand-written queries share, written inline (what an analyst would write).
_SIGNALS = """
with
as_of as (select max(order_date) as as_of_date from main_marts.fct_orders),
first_purchases as (
    select member_id, min(ordered_at) as first_purchased_at
    from main_marts.fct_orders, as_of
    where is_purchase and member_id is not null and order_date <= as_of.as_of_date
    group by member_id
),
events as (
    select m.member_id, e.event_at, e.event_date,
        case when e.aipl_stage <> 'L' then e.aipl_stage when e.event_at > f.first_purchased_at then 'L' else 'I' end
            as kind
    from main_staging.stg_wechat__events as e
    left join main_config.identity_wechat_apps as a on e.appid = a.app_id
    join main_restricted.member_identity_map as m
        on m.identifier_type = case when e.openid is not null then 'wechat_openid' else 'wechat_unionid' end
        and m.scope = case when e.openid is not null then e.appid else a.open_platform_id end
        and m.identifier_value = coalesce(e.openid, e.unionid)
    left join first_purchases as f on f.member_id = m.member_id, as_of
    where e.is_known_event_name and e.aipl_stage in ('A', 'I', 'L') and e.event_date <= as_of.as_of_date
),
purchase_days as (
    select member_id, purchase_date from main_intermediate.int_member_purchase_days, as_of
    where purchase_date <= as_of.as_of_date
)
"""

HAND_WRITTEN_AIPL = (
    _SIGNALS
    + """,
window_events as (
    select member_id,
        count(*) filter (where kind = 'A') as a_count,
        count(*) filter (where kind = 'I') as i_count,
        count(*) filter (where kind = 'L') as l_count
    from events, as_of
    where event_date > as_of.as_of_date - {window}
    group by member_id
),
window_purchases as (
    select member_id, count(*) as purchase_days
    from purchase_days, as_of
    where purchase_date > as_of.as_of_date - {window}
    group by member_id
)
select d.member_id,
    case when coalesce(p.purchase_days, 0) >= 2 or coalesce(e.l_count, 0) > 0 then 'L'
        when coalesce(p.purchase_days, 0) >= 1 then 'P'
        when coalesce(e.i_count, 0) > 0 then 'I'
        when coalesce(e.a_count, 0) > 0 then 'A'
        else 'none' end as aipl_stage
from main_marts.dim_members as d
left join window_events as e on d.member_id = e.member_id
left join window_purchases as p on d.member_id = p.member_id
"""
)

# The shared step alone: every signal event of the whole history, per member, day and kind.
HAND_WRITTEN_SIGNAL_DAYS = (
    _SIGNALS
    + """
select member_id, event_date, kind, count(*) as event_count from events group by member_id, event_date, kind
"""
)

# The monthly snapshot the obvious way: month ends x signals in the window, a range join.
HAND_WRITTEN_MONTHLY = (
    _SIGNALS
    + """,
signals as (
    select member_id, event_date as signal_date, kind from events
    union all
    select member_id, purchase_date, 'P' from purchase_days
),
months as (
    select cast(m as date) as month_start, least(last_day(cast(m as date)), as_of.as_of_date) as snapshot_date
    from as_of, range(
        (select date_trunc('month', min(signal_date)) from signals),
        date_trunc('month', as_of.as_of_date) + interval 1 month,
        interval 1 month
    ) as t(m)
),
in_window as (
    select s.member_id, months.month_start,
        count(*) filter (where s.kind = 'A') as a_count,
        count(*) filter (where s.kind = 'I') as i_count,
        count(*) filter (where s.kind = 'L') as l_count,
        count(*) filter (where s.kind = 'P') as purchase_days
    from signals as s
    join months on s.signal_date > months.snapshot_date - {window} and s.signal_date <= months.snapshot_date
    group by s.member_id, months.month_start
)
select member_id, month_start,
    case when purchase_days >= 2 or l_count > 0 then 'L' when purchase_days >= 1 then 'P'
        when i_count > 0 then 'I' else 'A' end as aipl_stage
from in_window
"""
)


def run_models(db: Path, raw: Path, scratch: Path) -> dict[str, float]:
    """Runs the engagement and churn models with dbt on ``db``; returns each model's execution time in seconds."""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "MTW_DUCKDB_PATH": str(db),
        "MTW_RAW_DATA": str(raw),
        "DBT_TARGET_PATH": str(scratch / "dbt-target"),
        "DBT_LOG_PATH": str(scratch / "dbt-logs"),
    }
    env.pop("MTW_TARGET", None)
    dbt = str(Path(sys.executable).with_name("dbt"))
    command = [dbt, "run", "--select", " ".join(ENGAGEMENT_MODELS)]
    subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)
    results = json.loads((scratch / "dbt-target" / "run_results.json").read_text())
    return {r["unique_id"].split(".")[-1]: float(r["execution_time"]) for r in results["results"]}


def time_query(con: duckdb.DuckDBPyConnection, sql: str, table: str) -> float:
    start = time.perf_counter()
    con.execute(f"create or replace temp table {table} as {sql}")
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engagement", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a warehouse built up to fct_orders and int_member_rfm")
    parser.add_argument("--raw", type=Path, required=True, help="the raw data the warehouse was built from")
    parser.add_argument("--skip-build", action="store_true", help="time only the hand-written queries")
    parser.add_argument("--window", type=int, default=180, help="aipl_window_days of the build (default 180)")
    args = parser.parse_args(argv)

    scratch = PROJECT_DIR / "target" / "bench_engagement"
    scratch.mkdir(parents=True, exist_ok=True)
    timings = {} if args.skip_build else run_models(args.db.resolve(), args.raw.resolve(), scratch)
    for name in ENGAGEMENT_MODELS:
        if name in timings:
            print(f"{name:36s} {timings[name]:8.2f} s")

    with duckdb.connect(str(args.db), read_only=True) as con:
        members, events, orders = (
            con.sql(f"select count(*) from {t}").fetchall()[0][0]
            for t in ("main_marts.dim_members", "main_staging.stg_wechat__events", "main_marts.fct_orders")
        )
        print(f"members {members:,}, events {events:,}, orders {orders:,}")
        signal_days_seconds = time_query(con, HAND_WRITTEN_SIGNAL_DAYS, "hand_signal_days")
        aipl_seconds = time_query(con, HAND_WRITTEN_AIPL.format(window=args.window), "hand_aipl")
        monthly_seconds = time_query(con, HAND_WRITTEN_MONTHLY.format(window=args.window), "hand_monthly")
        aipl_mismatches = con.sql(
            "select count(*) from hand_aipl as h join main_intermediate.int_member_aipl as m using (member_id)"
            " where h.aipl_stage <> m.aipl_stage"
        ).fetchall()[0][0]
        signal_day_mismatches = con.sql(
            "select count(*) from hand_signal_days as h full outer join main_intermediate.int_member_aipl_signal_days"
            " as m on h.member_id = m.member_id and h.event_date = m.event_date and h.kind = m.aipl_signal"
            " where h.event_count is distinct from m.event_count"
        ).fetchall()[0][0]
        monthly_mismatches = con.sql(
            "select count(*) from hand_monthly as h full outer join main_intermediate.int_member_aipl_monthly as m"
            " using (member_id, month_start) where h.aipl_stage is distinct from m.aipl_stage"
        ).fetchall()[0][0]
    for label, path, seconds, mismatches in (
        ("signal days (full history)", ("int_member_aipl_signal_days",), signal_days_seconds, signal_day_mismatches),
        ("current AIPL (hand: window only)", AIPL_PATH, aipl_seconds, aipl_mismatches),
        ("monthly AIPL snapshot", MONTHLY_PATH, monthly_seconds, monthly_mismatches),
    ):
        dbt_seconds = sum(timings.get(name, float("nan")) for name in path)
        print(
            f"{label}: dbt models {' + '.join(path)} {dbt_seconds:.2f} s; hand-written query {seconds:.2f} s "
            f"(ratio {dbt_seconds / seconds:.2f}); rows that disagree: {mismatches}"
        )
    return 0 if aipl_mismatches == 0 and monthly_mismatches == 0 and signal_day_mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
