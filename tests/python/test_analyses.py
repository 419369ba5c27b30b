"""The analyses (analyses/*.sql) and the individual portrait, compiled by dbt and run on the session's built sample
(conftest.built_sample), checked by properties computed independently from the marts:

- revenue_concentration_by_decile: ten deciles of equal size (within one member) covering every member who bought
  in the RFM window exactly once, ordered by net sales, shares summing to 1;
- member_portrait: the chosen member's tags, rule explanations, latest orders and tracked events, and nothing of
  anybody else;
- gmv_plan_by_aipl_stage: members per stage and customer type as in int_member_aipl, and planned GMV = members x
  conversion rate x orders per buyer x average order value.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import duckdb
import pytest

from .conftest import SAMPLE_DATA, BuiltSample, run_dbt

ANALYSES = ["revenue_concentration_by_decile", "gmv_plan_by_aipl_stage", "member_portrait"]
COMPILED = Path("dbt-target/compiled/member_tag_warehouse/analyses")
RECENT_DAYS = 90  # member_portrait_sql's default window for events
MAX_ROWS = 20  # and its default number of events and orders
# the analyses' default as-of date: the latest order date
AS_OF = "with as_of as (select max(order_date) as as_of_date from main_marts.fct_orders)"


@dataclass(frozen=True)
class Analyses:
    db_path: Path
    member_id: str
    results: dict[str, list[dict[str, Any]]]

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


def busiest_member(db_path: Path) -> str:
    """A member with tags, orders and tracked events in the portrait's window: the one with the most events."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        (member_id,) = con.execute(
            f"""
            {AS_OF}
            select identifiers.member_id
            from main_staging.stg_wechat__events as events
            cross join as_of
            inner join main_restricted.member_identity_map as identifiers
                on identifiers.identifier_type = 'wechat_openid'
                and events.appid = identifiers.scope
                and events.openid = identifiers.identifier_value
            where events.event_date > as_of.as_of_date - {RECENT_DAYS} and events.event_date <= as_of.as_of_date
                and identifiers.member_id in (select member_id from main_marts.fct_orders where is_purchase)
            group by identifiers.member_id
            order by count(*) desc, identifiers.member_id
            limit 1
            """
        ).fetchone()
    return member_id


@pytest.fixture(scope="module")
def analyses(built_sample: BuiltSample, tmp_path_factory: pytest.TempPathFactory) -> Analyses:
    scratch = tmp_path_factory.mktemp("analyses")
    db_path = scratch / built_sample.db_path.name
    shutil.copy(built_sample.db_path, db_path)  # dbt may open the file for writing: never the shared one
    member_id = busiest_member(db_path)
    result = run_dbt(
        ["compile", "--select", *ANALYSES, "--vars", f"{{portrait_member_id: {member_id}}}"],
        raw_data=SAMPLE_DATA,
        db_path=db_path,
        project_dir=built_sample.project,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    results = {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        for name in ANALYSES:
            cursor = con.execute((scratch / COMPILED / f"{name}.sql").read_text(encoding="utf-8"))
            columns = [description[0] for description in cursor.description]
            results[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return Analyses(db_path, member_id, results)


def test_deciles_cover_every_buyer_once_and_shares_sum_to_one(analyses: Analyses) -> None:
    deciles = analyses.results["revenue_concentration_by_decile"]
    [(buyers, net_sales)] = analyses.query(
        f"""
        {AS_OF}
        select count(distinct member_id), sum(net_amount)
        from main_marts.fct_orders cross join as_of
        where is_purchase and member_id is not null
            and order_date > as_of.as_of_date - 365 and order_date <= as_of.as_of_date
        """
    )
    [(rfm_buyers, rfm_monetary)] = analyses.query(
        "select count(*), sum(monetary) from main_intermediate.int_member_rfm where is_buyer_in_window"
    )
    assert buyers > 100 and buyers == rfm_buyers
    assert [row["decile"] for row in deciles] == list(range(1, 11))
    assert sum(row["member_count"] for row in deciles) == buyers
    assert max(row["member_count"] for row in deciles) - min(row["member_count"] for row in deciles) <= 1
    assert sum(row["net_sales"] for row in deciles) == net_sales == rfm_monetary
    assert sum(row["net_sales_share"] for row in deciles) == pytest.approx(1.0, abs=1e-9)
    assert deciles[-1]["cumulative_net_sales_share"] == pytest.approx(1.0, abs=1e-9)
    assert deciles[-1]["cumulative_member_share"] == pytest.approx(1.0, abs=1e-9)
    for upper, lower in pairwise(deciles):
        assert upper["min_member_net_sales"] >= lower["max_member_net_sales"]
        assert upper["net_sales_share"] >= lower["net_sales_share"]
    # the 20/80 figure is the cumulative share of the first two deciles
    assert deciles[1]["cumulative_net_sales_share"] == pytest.approx(
        deciles[0]["net_sales_share"] + deciles[1]["net_sales_share"]
    )


def portrait_rows(analyses: Analyses, section: str) -> list[dict[str, Any]]:
    return [row for row in analyses.results["member_portrait"] if row["section"] == section]


def test_portrait_shows_the_members_tags_and_rules(analyses: Analyses) -> None:
    tags = portrait_rows(analyses, "tag")
    expected = analyses.query(
        "select concat(catalog.dimension, ': ', tags.tag_code), tags.tag_value "
        "from main_marts.member_tags_long as tags "
        "inner join main_marts.tag_catalog as catalog on tags.tag_code = catalog.tag_code where tags.member_id = ?",
        [analyses.member_id],
    )
    assert len(expected) > 10
    assert sorted((row["detail"], row["value"]) for row in tags) == sorted(expected)
    rules = portrait_rows(analyses, "rule")
    explained = analyses.query(
        "select tag_code, tag_value from main_marts.member_tag_explanations where member_id = ?", [analyses.member_id]
    )
    assert sorted((row["item"], row["value"]) for row in rules) == sorted(explained)


def test_portrait_shows_the_members_latest_orders_only(analyses: Analyses) -> None:
    orders = portrait_rows(analyses, "order")
    members_orders = analyses.query(
        "select ordered_at, sub_channel, concat(cast(net_amount as varchar), ' ', order_status) "
        "from main_marts.fct_orders where member_id = ? and order_date <= (select max(order_date) from "
        "main_marts.fct_orders) order by ordered_at desc, order_key desc",
        [analyses.member_id],
    )
    assert members_orders
    assert [(row["item_at"], row["item"], row["value"]) for row in orders] == members_orders[:MAX_ROWS]
    models = {
        model
        for (model,) in analyses.query(
            "select distinct model_code from main_marts.fct_order_lines where member_id = ?", [analyses.member_id]
        )
    }
    assert all(set(row["detail"].split(", ")) <= models for row in orders if row["detail"])


def test_portrait_shows_the_members_recent_events_only(analyses: Analyses) -> None:
    events = portrait_rows(analyses, "event")
    assert events
    # the member's events: an openid or unionid of the member on the event, within the window
    members_events = analyses.query(
        f"""
        {AS_OF},
        identifiers as (
            select identifier_value from main_restricted.member_identity_map
            where member_id = ? and identifier_type in ('wechat_openid', 'wechat_unionid')
        )
        select events.event_at, events.event_name
        from main_staging.stg_wechat__events as events cross join as_of
        where (events.openid in (select identifier_value from identifiers)
               or (events.openid is null and events.unionid in (select identifier_value from identifiers)))
            and events.event_date > as_of.as_of_date - {RECENT_DAYS} and events.event_date <= as_of.as_of_date
        order by events.event_at desc
        """,
        [analyses.member_id],
    )
    shown = [(row["item_at"], row["item"]) for row in events]
    assert len(shown) == min(MAX_ROWS, len(members_events))
    assert set(shown) <= set(members_events)
    assert [at for at, _ in shown] == [at for at, _ in members_events[: len(shown)]]


def test_gmv_plan_arithmetic_and_members(analyses: Analyses) -> None:
    plan = analyses.results["gmv_plan_by_aipl_stage"]
    members = analyses.query(
        f"""
        {AS_OF},
        buyers as (
            select distinct member_id from main_marts.fct_orders cross join as_of
            where is_purchase and member_id is not null and order_date <= as_of.as_of_date
        )
        select aipl.aipl_stage, case when buyers.member_id is null then 'new' else 'existing' end, count(*)
        from main_intermediate.int_member_aipl as aipl
        left join buyers on aipl.member_id = buyers.member_id
        where aipl.aipl_stage in ('A', 'I', 'P', 'L')
        group by all
        """
    )
    assert sorted((row["aipl_stage"], row["customer_type"], row["member_count"]) for row in plan) == sorted(members)
    assert [row["aipl_stage"] for row in plan] == sorted(
        (row["aipl_stage"] for row in plan), key=lambda stage: "AIPL".index(stage)
    )
    for row in plan:
        rate, orders, value = (row[key] or 0 for key in ("conversion_rate", "orders_per_buyer", "avg_order_value"))
        assert 0 <= rate <= 1
        if row["history_member_months"]:
            buyer_months = rate * row["history_member_months"]
            assert buyer_months == pytest.approx(round(buyer_months))  # a share of whole member-months
            assert orders == 0 or orders >= 1  # a buyer places at least one order
        assert row["planned_buyers"] == pytest.approx(row["member_count"] * rate)
        assert row["planned_orders"] == pytest.approx(row["planned_buyers"] * orders)
        assert float(row["planned_gmv"]) == pytest.approx(float(row["planned_orders"]) * float(value))
    assert sum(row["planned_gmv_share"] for row in plan) == pytest.approx(1.0)
    assert sum(row["planned_gmv"] for row in plan) > 0
