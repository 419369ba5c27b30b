"""How long the order and RFM models take, against one hand-written DuckDB query that computes the same RFM figures
straight from the staged tables (docs/metrics.md, "Performance").

Generates a raw dataset (or takes one with --raw), builds the warehouse with `dbt run` into its own DuckDB file,
reads each model's time from dbt's run_results.json, then runs the hand-written query on the same database and
checks that both agree member by member (recency, frequency, monetary, the three scores).

    .venv/bin/python -m bench.metrics --members 200000            # generate data/generated/200000, build, time
    .venv/bin/python -m bench.metrics --raw data/generated/1m --skip-build   # re-time on an already built database
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

# The models on the path from the staged orders to the member metrics, in build order.
METRIC_MODELS = (
    "int_pos_sales_returns_netted",
    "int_pos_sale_lines_returns_netted",
    "fct_orders",
    "fct_order_lines",
    "int_member_purchase_days",
    "int_member_rfm",
    "int_member_purchase_cycles",
    "int_member_lifecycle",
)
# The dbt models that together compute what the hand-written query computes (RFM from the staged tables).
RFM_PATH = ("int_pos_sales_returns_netted", "fct_orders", "int_member_purchase_days", "int_member_rfm")

# One query, from the staged tables and the identity map to RFM scores, with the rules of fct_orders and
# int_member_rfm written inline: what an analyst would write by hand.
HAND_WRITTEN_RFM = """
with
tmall_refunds as (
    select trade_id, sum(case when refund_status = 'refunded' then refund_amount else 0 end) as refunded
    from main_staging.stg_tmall__orders group by trade_id
),
jd_refunds as (
    select order_id, sum(case when refund_status = 'refunded' then refund_amount else 0 end) as refunded
    from main_staging.stg_jd__order_items group by order_id
),
pos_returns as (
    select r.original_receipt_no as receipt_no, sum(r.paid_amount) as refunded
    from main_staging.stg_pos__receipts as r
    where r.receipt_type = 'return'
    group by r.original_receipt_no
),
orders as (
    select 'tmall_buyer_open_uid' as id_type, t.app_key as id_scope, t.buyer_open_uid as id_value, t.order_status,
        t.paid_at, t.paid_amount, coalesce(r.refunded, 0) as refunded, cast(t.created_at as date) as order_date
    from main_staging.stg_tmall__trades as t left join tmall_refunds as r on t.trade_id = r.trade_id
    union all
    select 'jd_open_id', o.app_key, o.open_id, o.order_status, o.paid_at, o.paid_amount, coalesce(r.refunded, 0),
        cast(o.ordered_at as date)
    from main_staging.stg_jd__orders as o left join jd_refunds as r on o.order_id = r.order_id
    union all
    select 'pos_card_no', '{brand}', s.card_no, 'completed', s.business_at, s.paid_amount, coalesce(r.refunded, 0),
        s.business_date
    from main_staging.stg_pos__receipts as s left join pos_returns as r on s.receipt_no = r.receipt_no
    where s.receipt_type = 'sale'
    union all
    select 'wechat_openid', m.appid, m.openid, m.order_status, m.paid_at, m.paid_amount,
        case when m.order_status = 'paid' then 0 else m.refund_amount end, cast(m.ordered_at as date)
    from main_staging.stg_wechat__mp_orders as m
),
as_of as (
    select coalesce(cast({as_of} as date), max(order_date)) as as_of_date from orders
),
purchases as (
    select id_type, id_scope, id_value, order_date, paid_amount - least(paid_amount, refunded) as net_amount
    from orders
    where order_status in ('paid', 'shipped', 'completed') and not (refunded > 0 and refunded >= paid_amount)
),
member_purchases as (
    select map.member_id, p.order_date, p.net_amount, as_of.as_of_date
    from purchases as p
    inner join main_restricted.member_identity_map as map
        on p.id_type = map.identifier_type and p.id_scope = map.scope and p.id_value = map.identifier_value
    cross join as_of
    where p.order_date <= as_of.as_of_date
),
members as (
    select
        member_id,
        date_diff('day', max(order_date), as_of_date) as recency_days,
        count(distinct case when order_date > as_of_date - {window} then order_date end) as frequency,
        sum(case when order_date > as_of_date - {window} then net_amount else 0 end) as monetary
    from member_purchases
    group by member_id, as_of_date
),
cuts as (
    select
        quantile_cont(recency_days, [0.2, 0.4, 0.6, 0.8]) as r_cuts,
        quantile_cont(frequency, [0.2, 0.4, 0.6, 0.8]) as f_cuts,
        quantile_cont(monetary, [0.2, 0.4, 0.6, 0.8]) as m_cuts
    from members where frequency > 0
)
select
    member_id, recency_days, frequency, monetary,
    1 + len(list_filter(r_cuts, lambda c: recency_days < c)) as r_score,
    1 + len(list_filter(f_cuts, lambda c: frequency > c)) as f_score,
    1 + len(list_filter(m_cuts, lambda c: monetary > c)) as m_score
from members cross join cuts
"""

COMPARISON = """
select
    count(*) as members,
    count(dbt.member_id) as in_dbt,
    count(hand.member_id) as in_hand,
    sum(case when dbt.member_id is not null and hand.member_id is not null
        and (dbt.recency_days <> hand.recency_days or dbt.frequency <> hand.frequency
             or abs(dbt.monetary - hand.monetary) > 0.005
             or dbt.r_score <> hand.r_score or dbt.f_score <> hand.f_score or dbt.m_score <> hand.m_score)
        then 1 else 0 end) as differing
from main_intermediate.int_member_rfm as dbt
full outer join hand_rfm as hand on dbt.member_id = hand.member_id
"""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200_000, help="members to generate (default 200,000)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--raw", type=Path, help="use this raw data folder instead of generating one")
    parser.add_argument("--database", type=Path, help="DuckDB file to build into (default target/bench_<n>.duckdb)")
    parser.add_argument(
        "--skip-build", action="store_true", help="do not generate or build the whole warehouse; reuse the database"
    )
    parser.add_argument("--as-of", help="as_of_date var, YYYY-MM-DD (default: the latest order date)")
    parser.add_argument("--window-days", type=int, default=365, help="rfm_window_days (default 365)")
    parser.add_argument("--brand", default="zhian", help="brand_code var (scope of store card numbers)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of the hand-written query (default 2)")
    return parser.parse_args(argv)


def run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)
    return time.perf_counter() - started


def model_timings(run_results: Path) -> dict[str, float]:
    results = json.loads(run_results.read_text())["results"]
    return {result["unique_id"].split(".")[-1]: float(result["execution_time"]) for result in results}


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    python = sys.executable
    raw = (args.raw or PROJECT_DIR / "data" / "generated" / str(args.members)).resolve()
    label = raw.name
    database = (args.database or PROJECT_DIR / "target" / f"bench_{label}.duckdb").resolve()
    target_path = PROJECT_DIR / "target" / f"bench_{label}"
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "MTW_RAW_DATA": str(raw),
        "MTW_DUCKDB_PATH": str(database),
    }
    env.pop("MTW_TARGET", None)
    dbt_vars = {"rfm_window_days": args.window_days, "brand_code": args.brand}
    if args.as_of:
        dbt_vars["as_of_date"] = args.as_of
    steps: dict[str, float] = {}

    if args.raw is None and not args.skip_build:
        steps["generate raw data"] = run(
            [
                python,
                "-m",
                "tagwarehouse.generator",
                "--members",
                str(args.members),
                "--seed",
                str(args.seed),
                "--out",
                str(raw),
                "--no-progress",
            ],
            env,
        )
    if not args.skip_build:
        database.unlink(missing_ok=True)
        dbt = str(PROJECT_DIR / ".venv" / "bin" / "dbt")
        steps["dbt seed"] = run(
            [dbt, "seed", "--quiet", "--target-path", str(target_path), "--vars", json.dumps(dbt_vars)], env
        )
        steps["dbt run (whole warehouse)"] = run(
            [
                dbt,
                "run",
                "--quiet",
                "--target-path",
                str(target_path),
                "--select",
                "+int_member_rfm",
                "+int_member_lifecycle",
                "--vars",
                json.dumps(dbt_vars),
            ],
            env,
        )
    # Time the metric models again on their own, one at a time (the whole-warehouse run has two models at once on
    # the same cores, which would blur each model's time).
    steps["dbt run (metric models, 1 thread)"] = run(
        [
            str(PROJECT_DIR / ".venv" / "bin" / "dbt"),
            "run",
            "--quiet",
            "--threads",
            "1",
            "--target-path",
            str(target_path),
            "--select",
            *METRIC_MODELS,
            "--vars",
            json.dumps(dbt_vars),
        ],
        env,
    )
    timings = model_timings(target_path / "run_results.json")

    as_of = f"'{args.as_of}'" if args.as_of else "null"
    query = HAND_WRITTEN_RFM.format(brand=args.brand, as_of=as_of, window=args.window_days)
    connection = duckdb.connect(str(database))
    hand_seconds = []
    for _ in range(max(args.repeat, 1)):
        started = time.perf_counter()
        connection.execute(f"create or replace temp table hand_rfm as {query}")
        hand_seconds.append(time.perf_counter() - started)
    members, in_dbt, in_hand, differing = connection.execute(COMPARISON).fetchone()
    counts = {
        name: connection.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
        for schema, name in (
            ("main_marts", "fct_orders"),
            ("main_marts", "fct_order_lines"),
            ("main_intermediate", "int_member_rfm"),
            ("main_marts", "dim_members"),
        )
    }
    connection.close()

    print()
    print(f"raw data        {raw}")
    print(f"database        {database}")
    for name, rows in counts.items():
        print(f"{name:<28} {rows:>14,} rows")
    for step, seconds in steps.items():
        print(f"{step:<28} {seconds:10.2f} s")
    print("dbt model times, one model at a time (run_results.json):")
    for name in METRIC_MODELS:
        if name in timings:
            print(f"  {name:<36} {timings[name]:8.2f} s")
    rfm_path = sum(timings.get(name, 0.0) for name in RFM_PATH)
    print(f"  {'RFM path: ' + ' + '.join(RFM_PATH):<36}")
    print(f"  {'= dbt total for RFM':<36} {rfm_path:8.2f} s")
    print("hand-written DuckDB query (staged tables -> RFM scores):")
    for run_number, seconds in enumerate(hand_seconds, start=1):
        print(f"  run {run_number:<32} {seconds:8.2f} s")
    best = min(hand_seconds)
    print(f"ratio dbt RFM path / best hand-written run: {rfm_path / best:.2f}x")
    print(f"agreement: {members:,} members, {in_dbt:,} in dbt, {in_hand:,} in the query, {differing:,} differing")
    if in_dbt != in_hand or differing:
        raise SystemExit("the dbt models and the hand-written query disagree")


if __name__ == "__main__":
    main()
