"""The raw data generator: deterministic, linear in scale, exactly the contract, the planted mess really there, the
ground truth complete, and the shipped sample exactly what the documented command produces."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from tagwarehouse.generator import constants as cst
from tagwarehouse.generator import generate
from tagwarehouse.generator.__main__ import parse_args
from tagwarehouse.raw_schema import GROUND_TRUTH_FOLDER, RAW_TABLES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = PROJECT_ROOT / "data" / "sample"
MEMBERS = 2000
SEED = 7
KNOWN_EVENTS = (
    "ad_impression",
    "page_view",
    "search",
    "product_view",
    "ad_click",
    "follow",
    "favorite",
    "add_to_cart",
    "share",
    "comment",
    "coupon_claim",
    "coupon_redeem",
)


def canonical(expr: str) -> str:
    """SQL for the canonical eleven-digit form of a typed mobile (what staging does); NULL when masked."""
    return f"""(case when {expr} like '%*%' then null
        when regexp_replace({expr}, '[^0-9]', '', 'g') like '0086%'
             and length(regexp_replace({expr}, '[^0-9]', '', 'g')) = 15
            then substr(regexp_replace({expr}, '[^0-9]', '', 'g'), 5)
        when regexp_replace({expr}, '[^0-9]', '', 'g') like '86%'
             and length(regexp_replace({expr}, '[^0-9]', '', 'g')) = 13
            then substr(regexp_replace({expr}, '[^0-9]', '', 'g'), 3)
        else regexp_replace({expr}, '[^0-9]', '', 'g') end)"""


def connect(root: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for t in RAW_TABLES:
        con.execute(
            f"create view {t.source}_{t.name} as "
            f"select * from read_parquet('{root / t.folder}/*.parquet', filename = true)"
        )
    for name in ("identities", "persons"):
        con.execute(f"create view gt_{name} as select * from '{root / GROUND_TRUTH_FOLDER / name}/*.parquet'")
    return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> object:
    rows = con.execute(sql, params or []).fetchall()
    assert len(rows) == 1
    return rows[0][0]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated")
    generate(MEMBERS, SEED, path)
    return path


@pytest.fixture(scope="module")
def con(out: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(out)
    yield connection
    connection.close()


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


# ---------------------------------------------------------------------------------------------------- contract
def test_every_table_matches_the_contract_exactly(out: Path) -> None:
    for table in RAW_TABLES:
        files = sorted((out / table.folder).glob("part-*.parquet"))
        assert files, table.folder
        for file in files:
            schema = pq.read_schema(file)
            assert schema.names == table.schema.names, file
            assert [f.type for f in schema] == list(table.schema.types), file
            assert pq.ParquetFile(file).metadata.row_group(0).column(0).compression == "ZSTD" or (
                pq.ParquetFile(file).metadata.num_row_groups == 0
            )


def test_every_table_has_rows(con: duckdb.DuckDBPyConnection) -> None:
    for table in RAW_TABLES:
        assert scalar(con, f"select count(*) from {table.source}_{table.name}") > 0, table.folder


def test_scopes_are_the_constants(con: duckdb.DuckDBPyConnection) -> None:
    assert scalar(con, "select list(distinct app_key) from tmall_trades") == [cst.TMALL_APP_KEY]
    assert sorted(scalar(con, "select list(distinct seller_nick || shop_type) from tmall_trades")) == sorted(
        f"{nick}{kind}" for nick, kind in cst.TMALL_SHOPS
    )
    assert scalar(con, "select list(distinct app_key || '/' || vender_id) from jd_orders") == [
        f"{cst.JD_APP_KEY}/{cst.JD_VENDER_ID}"
    ]
    assert scalar(con, "select list(distinct appid) from wechat_oa_followers") == [cst.WECHAT_OA_APPID]
    assert sorted(scalar(con, "select list(distinct appid) from wechat_mp_users")) == sorted(
        [cst.WECHAT_MP_APPID, cst.WECHAT_MP_LEGACY_APPID]
    )
    assert scalar(con, "select list(distinct corp_id) from wechat_wecom_contacts") == [cst.WECOM_CORP_ID]
    scopes = dict(con.execute("select identifier_type, list(distinct scope) from gt_identities group by 1").fetchall())
    for kind, scope in cst.IDENTIFIER_SCOPES.items():
        assert scopes[kind] == [scope], kind
    assert sorted(scopes["wechat_openid"]) == sorted([a for a, *_ in cst.WECHAT_APPS])
    assert sorted(scopes["tmall_ouid"]) == sorted(nick for nick, _ in cst.TMALL_SHOPS)


# ---------------------------------------------------------------------------------------------------- determinism
def test_same_seed_gives_identical_bytes_and_another_seed_differs(out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(MEMBERS, SEED, again)
    assert files_of(again) == files_of(out)
    other = tmp_path / "other"
    generate(MEMBERS, SEED + 1, other)
    first, second = files_of(out), files_of(other)
    assert first.keys() == second.keys()
    differing = [k for k in first if first[k] != second[k]]
    assert len(differing) >= len(first) - 2  # everything but perhaps the product master and the stores


def test_batches_and_part_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large runs go batch by batch into one part file per PART_MEMBERS members (shrunk here): ids stay unique
    across batches, the late part comes last, and the ground truth still covers everything."""
    monkeypatch.setattr(cst, "BATCH_MEMBERS", 500)
    monkeypatch.setattr(cst, "PART_MEMBERS", 1000)
    generate(2500, SEED, tmp_path)
    trades = sorted(p.name for p in (tmp_path / "tmall" / "trades").glob("*.parquet"))
    assert trades == [f"part-{i:04d}.parquet" for i in range(4)]  # three parts of members, then the late part
    members = sorted(p.name for p in (tmp_path / "tmall" / "members").glob("*.parquet"))
    assert members == [f"part-{i:04d}.parquet" for i in range(3)]
    assert pq.read_metadata(tmp_path / "tmall" / "trades" / "part-0000.parquet").num_row_groups == 2
    con = connect(tmp_path)
    for table, key, version in [
        ("tmall_trades", "tid", "modified"),
        ("tmall_orders", "oid", "modified"),
        ("jd_orders", "order_id", "modified"),
        ("pos_receipts", "receipt_no", "synced_at"),
        ("wechat_mp_orders", "order_no", "updated_at"),
        ("pos_member_cards", "card_no", "updated_at"),
    ]:
        clashes = scalar(
            con,
            f"select count(*) from (select {key}, {version} from {table} where {key} is not null and {key} <> ''"
            f" group by all having count(*) > 1)",
        )
        assert clashes == 0, table
    assert scalar(con, "select count(distinct person_id) from gt_persons where not is_staff") == 2500
    test_ground_truth_is_unique(con)
    test_every_raw_identifier_of_a_real_person_is_in_the_ground_truth(con)
    test_the_ground_truth_claims_only_what_the_raw_data_holds(con)


def test_rows_grow_linearly_with_members(out: Path, tmp_path: Path) -> None:
    big = tmp_path / "big"
    summary = generate(3 * MEMBERS, SEED, big)
    small = connect(out)
    for table in RAW_TABLES:
        if table.folder in ("erp/products", "pos/stores"):
            continue
        n_small = scalar(small, f"select count(*) from {table.source}_{table.name}")
        ratio = summary.rows[table.folder] / n_small
        assert 2.0 < ratio < 4.5, (table.folder, ratio)


# ---------------------------------------------------------------------------------------------------- realism
def test_amounts_add_up(con: duckdb.DuckDBPyConnection) -> None:
    bad = scalar(
        con,
        """
        with t as (select tid, total_fee, discount_fee, post_fee, payment from tmall_trades
                   where tid <> '' qualify row_number() over (partition by tid order by modified desc) = 1),
        o as (select tid, sum(price::decimal(18, 2) * num) as gross, sum(payment::decimal(18, 2)) as paid
              from tmall_orders group by tid)
        select count(*) from t join o using (tid)
        where t.total_fee::decimal(18, 2) <> o.gross
           or t.payment::decimal(18, 2) <> o.paid + t.post_fee::decimal(18, 2)
           or t.payment::decimal(18, 2)
              <> t.total_fee::decimal(18, 2) - t.discount_fee::decimal(18, 2) + t.post_fee::decimal(18, 2)
        """,
    )
    assert bad == 0
    bad = scalar(
        con,
        """
        with h as (select distinct order_no, total_fee, discount_fee, pay_fee from wechat_mp_orders),
        l as (select order_no, sum(unit_price_fee * quantity) as gross, sum(pay_fee) as paid
              from wechat_mp_order_items group by 1)
        select count(*) from h join l using (order_no)
        where h.total_fee <> l.gross or h.pay_fee <> l.paid or h.pay_fee <> h.total_fee - h.discount_fee
        """,
    )
    assert bad == 0
    bad = scalar(
        con,
        """
        with h as (select distinct receipt_no, total_amount, discount_amount, paid_amount from pos_receipts),
        l as (select receipt_no, sum(unit_price * abs(quantity)) as gross, sum(line_amount) as paid
              from pos_receipt_lines group by 1)
        select count(*) from h join l using (receipt_no)
        where abs(h.total_amount - l.gross) > 0.005 or abs(h.paid_amount - l.paid) > 0.005
           or abs(h.paid_amount - (h.total_amount - h.discount_amount)) > 0.005
        """,
    )
    assert bad == 0


def test_times_are_before_the_as_of_date_and_span_the_history(con: duckdb.DuckDBPyConnection) -> None:
    [(low, high)] = con.execute(
        "select min(try_strptime(created, '%Y-%m-%d %H:%M:%S')), max(try_strptime(modified, '%Y-%m-%d %H:%M:%S'))"
        " from tmall_trades"
    ).fetchall()
    assert str(high) < cst.DEFAULT_AS_OF
    assert str(low) < "2024-01-01"
    pos_high = scalar(con, "select max(try_strptime(business_time, '%Y/%m/%d %H:%M:%S')) from pos_receipts")
    assert str(pos_high) < cst.DEFAULT_AS_OF
    event_high = scalar(con, "select max(make_timestamp(event_time * 1000) + interval 8 hour) from wechat_events")
    assert str(event_high) < cst.DEFAULT_AS_OF


def test_statuses_are_mostly_finished(con: duckdb.DuckDBPyConnection) -> None:
    share = scalar(con, "select avg((status = 'TRADE_FINISHED')::int) from tmall_trades")
    assert 0.7 < share < 0.95
    closed = scalar(con, "select count(*) from tmall_trades where status in ('TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO')")
    assert closed > 0
    assert scalar(con, "select count(*) from tmall_orders where refund_status = 'SUCCESS'") > 0
    assert scalar(con, "select avg((order_state = 'FINISHED_L')::int) from jd_orders") > 0.7
    assert scalar(con, "select avg((status = 'COMPLETED')::int) from wechat_mp_orders") > 0.7


def test_purchasing_is_concentrated_and_the_funnel_shows(con: duckdb.DuckDBPyConnection) -> None:
    top = scalar(
        con,
        """
        with p as (select purchases from gt_persons where not is_staff and purchases > 0),
        r as (select purchases, row_number() over (order by purchases desc) as rn, count(*) over () as n,
                     sum(purchases) over () as total from p)
        select sum(purchases) / any_value(total) from r where rn <= n * 0.2
        """,
    )
    assert top > 0.6  # by count; with basket value heterogeneity the revenue share is ~80%
    # people who buy in the mini program viewed first; some people only browse
    viewers_who_buy = scalar(
        con,
        """
        select count(distinct e.openid) from wechat_events e join wechat_mp_orders o on e.openid = o.openid
        where e.event_name = 'product_view' and e.event_time < o.created_at
        """,
    )
    browse_only = scalar(
        con,
        """
        select count(distinct openid) from wechat_events
        where openid is not null and openid not in (select openid from wechat_mp_orders)
        """,
    )
    assert viewers_who_buy > 0 and browse_only > 0
    funnel = dict(con.execute("select event_name, count(*) from wechat_events group by 1").fetchall())
    assert funnel["ad_impression"] > funnel["ad_click"]
    assert funnel["product_view"] > funnel["add_to_cart"]


# ---------------------------------------------------------------------------------------------------- the mess
def test_phones_in_many_formats(con: duckdb.DuckDBPyConnection) -> None:
    mobiles = """
        select mobile as m from tmall_members union all select mobile from jd_members
        union all select mobile from pos_member_cards union all select mobile from pos_receipts
    """
    patterns = {
        "+86 spaced": r"^\+86 1\d{2} \d{4} \d{4}$",
        "86-": r"^86-1\d{10}$",
        "0086": r"^00861\d{10}$",
        "dashed": r"^1\d{2}-\d{4}-\d{4}$",
        "padded": r"^ 1\d{10} $",
        "plain": r"^1\d{10}$",
    }
    for name, pattern in patterns.items():
        assert scalar(con, f"select count(*) from ({mobiles}) where regexp_full_match(m, '{pattern}')") > 0, name
    masked = scalar(con, r"select avg(regexp_full_match(receiver_mobile, '1\d{2}\*{4}\d{4}')::int) from tmall_trades")
    assert masked == 1.0
    assert scalar(con, "select count(*) from jd_orders where consignee_mobile like '%****%'") > 0
    junk = {r[0] for r in con.execute(f"select distinct m from ({mobiles})").fetchall()}
    for value in ("13800000000", "00000000000", "13800138000"):
        assert value in junk, value
    assert junk & {"-1", "null", "unknown", ""}


def test_a_clerk_phone_is_on_more_than_20_receipts_and_cards(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        f"""
        with typed as (
            select {canonical("mobile")} as mobile, store_code as store from pos_receipts where card_no is null
            union all
            select {canonical("mobile")}, register_store_code from pos_member_cards
        )
        select mobile, count(*) as uses, count(distinct store) as stores from typed
        where mobile is not null group by 1 having count(*) > 20
        """
    ).fetchall()
    assert rows
    staff = {
        r[0]
        for r in con.execute(
            "select i.value from gt_identities i join gt_persons p using (person_id)"
            " where p.is_staff and i.identifier_type = 'mobile'"
        ).fetchall()
    }
    assert any(mobile in staff for mobile, _, _ in rows)
    on_cards = scalar(
        con,
        f"""select count(*) from pos_member_cards where {canonical("mobile")} in
            (select i.value from gt_identities i join gt_persons p using (person_id) where p.is_staff)""",
    )
    assert on_cards > 0


@pytest.mark.parametrize(
    ("table", "key", "version"),
    [
        ("tmall_trades", "tid", "modified"),
        ("jd_orders", "order_id", "modified"),
        ("pos_member_cards", "card_no", "updated_at"),
        ("pos_receipts", "receipt_no", "synced_at"),
        ("wechat_oa_followers", "openid", "synced_at"),
        ("wechat_mp_users", "openid", "updated_at"),
        ("wechat_mp_orders", "order_no", "updated_at"),
    ],
)
def test_resynced_duplicates_with_a_later_version(
    con: duckdb.DuckDBPyConnection, table: str, key: str, version: str
) -> None:
    dups = scalar(
        con,
        f"""select count(*) from (select {key} from {table} where {key} is not null and {key} <> ''
            group by 1 having count(*) > 1 and count(distinct {version}) = count(*))""",
    )
    assert dups > 0


def test_resync_sometimes_changes_the_status(con: duckdb.DuckDBPyConnection) -> None:
    changed = scalar(
        con, "select count(*) from (select tid from tmall_trades group by 1 having count(distinct status) > 1)"
    )
    assert changed > 0
    same = scalar(
        con,
        "select count(*) from (select tid from tmall_trades where tid <> '' group by 1"
        " having count(*) > 1 and count(distinct status) = 1)",
    )
    assert same > 0


def test_resent_events_repeat_the_event_id(con: duckdb.DuckDBPyConnection) -> None:
    assert scalar(con, "select count(*) from (select event_id from wechat_events group by 1 having count(*) > 1)") > 0


def test_returns_reference_sales_in_other_stores_and_late(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """
        select r.store_code <> s.store_code as other_store,
               date_diff('day', strptime(s.business_time, '%Y/%m/%d %H:%M:%S'),
                                strptime(r.business_time, '%Y/%m/%d %H:%M:%S')) as days
        from pos_receipts r join pos_receipts s on r.original_receipt_no = s.receipt_no and s.receipt_type = 'SALE'
        where r.receipt_type = 'RETURN' and try_strptime(s.business_time, '%Y/%m/%d %H:%M:%S') is not null
        """
    ).fetchall()
    assert rows
    assert any(other for other, _ in rows)
    assert any(days >= 20 for _, days in rows)
    assert (
        scalar(con, "select count(*) from pos_receipts where receipt_type = 'RETURN' and original_receipt_no is null")
        == 0
    )


def test_unusable_rows_to_quarantine(con: duckdb.DuckDBPyConnection) -> None:
    for table, column in [("tmall_trades", "created"), ("jd_orders", "order_start_time")]:
        bad = scalar(con, f"select count(*) from {table} where try_strptime({column}, '%Y-%m-%d %H:%M:%S') is null")
        assert bad > 0, table
    assert (
        scalar(con, "select count(*) from tmall_trades where created in ('2026-13-45 25:61:00', 'N/A')")
        + scalar(con, "select count(*) from jd_orders where order_start_time in ('2026-13-45 25:61:00', 'N/A')")
        > 0
    )
    bad_pos = scalar(
        con, "select count(*) from pos_receipts where try_strptime(business_time, '%Y/%m/%d %H:%M:%S') is null"
    )
    assert bad_pos > 0
    assert scalar(con, "select count(*) from wechat_mp_orders where created_at < 10000000000") > 0  # seconds, not ms
    assert scalar(con, "select count(*) from pos_receipt_lines where quantity < 0") > 0
    for table, key in [
        ("tmall_trades", "tid"),
        ("jd_orders", "order_id"),
        ("pos_receipts", "receipt_no"),
        ("wechat_mp_orders", "order_no"),
    ]:
        assert scalar(con, f"select count(*) from {table} where {key} is null") > 0, table
        assert scalar(con, f"select count(*) from {table} where {key} = ''") > 0, table
    assert scalar(con, "select count(*) from tmall_trades where status = 'TRADE_WEIRD'") > 0
    assert scalar(con, "select count(*) from jd_orders where order_state = ?", [cst.UNKNOWN_STATUS["jd"]]) > 0
    assert scalar(con, "select count(*) from wechat_mp_orders where status = ?", [cst.UNKNOWN_STATUS["wechat"]]) > 0
    share = scalar(con, "select avg((tid is null or tid = '' or status = 'TRADE_WEIRD')::int) from tmall_trades")
    assert share < 0.02


def test_unknown_event_names_at_a_low_share(con: duckdb.DuckDBPyConnection) -> None:
    names = dict(con.execute("select event_name, count(*) from wechat_events group by 1").fetchall())
    unknown = {n: c for n, c in names.items() if n not in KNOWN_EVENTS}
    assert set(unknown) == set(cst.UNKNOWN_EVENTS)
    assert 0.002 < sum(unknown.values()) / sum(names.values()) < 0.03
    assert set(KNOWN_EVENTS) <= set(names)
    assert scalar(con, "select count(*) from wechat_events where event_name = 'ad_impression' and openid is null") > 0
    assert scalar(con, "select count(*) from wechat_events where not json_valid(properties)") == 0
    keywords = scalar(
        con, "select count(*) from wechat_events where event_name = 'search' and properties ->> 'keyword' = '知岸'"
    )
    assert keywords > 0


def test_the_legacy_mini_program_has_openids_without_unionid(con: duckdb.DuckDBPyConnection) -> None:
    legacy = cst.WECHAT_MP_LEGACY_APPID
    assert scalar(con, "select count(*) from wechat_mp_users where appid = ?", [legacy]) > 0
    assert scalar(con, "select count(unionid) from wechat_mp_users where appid = ?", [legacy]) == 0
    assert scalar(con, "select count(*) from wechat_events where appid = ? and openid is not null", [legacy]) > 0
    assert scalar(con, "select count(unionid) from wechat_events where appid = ?", [legacy]) == 0
    assert scalar(con, "select avg((unionid is not null)::int) from wechat_mp_users where appid <> ?", [legacy]) > 0.9


def test_second_wechat_accounts_share_the_phone(con: duckdb.DuckDBPyConnection) -> None:
    shared = scalar(
        con,
        """select count(*) from (select phone_number from wechat_mp_users where phone_number is not null
           and appid = 'wx7c1e5a9b3d2f8064' group by 1 having count(distinct unionid) > 1)""",
    )
    assert shared > 0
    assert (
        scalar(
            con,
            "select count(*) from (select person_id from gt_identities where identifier_type = 'wechat_unionid'"
            " group by 1 having count(*) > 1)",
        )
        > 0
    )
    two_cards = scalar(
        con,
        "select count(*) from (select person_id from gt_identities where identifier_type = 'pos_card_no'"
        " group by 1 having count(*) > 1)",
    )
    assert two_cards > 0


def test_wecom_tags_are_json_with_misspellings(con: duckdb.DuckDBPyConnection) -> None:
    from tagwarehouse.generator.reference import TAG_VARIANTS

    canonical_tags = {(g, t) for g, tags in TAG_VARIANTS.items() for t in tags}
    tags = [json.loads(r[0]) for r in con.execute("select tags from wechat_wecom_contacts").fetchall()]
    flat = [(t["group"], t["tag"]) for row in tags for t in row]
    assert flat
    variants = [t for t in flat if t not in canonical_tags]
    assert variants
    assert len(variants) / len(flat) < 0.15
    assert scalar(con, "select count(*) from wechat_wecom_contacts where remark_mobiles like '%,%'") > 0


def test_conflicting_attributes_and_typed_birthdays(con: duckdb.DuckDBPyConnection) -> None:
    genders = dict(con.execute("select gender, count(*) from pos_member_cards group by 1").fetchall())
    assert {"男", "女", "M", "F", "1", "2"} <= set(genders)
    conflicts = scalar(
        con,
        """select count(*) from pos_member_cards c
            join gt_identities i on i.identifier_type = 'pos_card_no' and i.value = c.card_no
            join gt_persons p using (person_id)
            where (c.gender in ('男', 'M', '1') and p.gender = '女')
               or (c.gender in ('女', 'F', '2') and p.gender = '男')""",
    )
    assert conflicts > 0
    birthdays = [
        r[0] for r in con.execute("select birthday from pos_member_cards where birthday is not null").fetchall()
    ]
    assert any(len(b) == 8 and b.isdigit() for b in birthdays)
    assert any("/" in b for b in birthdays)
    assert any(b in cst.JUNK_BIRTHDAYS for b in birthdays)


# ---------------------------------------------------------------------------------------------------- the variety
def assert_store_variety(con: duckdb.DuckDBPyConnection) -> None:
    """Direct, franchise and pop-up stores all have sales, and so has a regular store that closed during the
    history (before it closed); no sale or card registration happens at a store while it is not open."""
    with_sales = dict(
        con.execute(
            """select s.store_type, count(distinct s.store_code) from pos_stores s
               join pos_receipts r on r.store_code = s.store_code and r.receipt_type = 'SALE' group by 1"""
        ).fetchall()
    )
    assert set(with_sales) == {"直营", "加盟", "快闪"}, with_sales
    closed_with_sales = scalar(
        con,
        """select count(distinct s.store_code) from pos_stores s
           join pos_receipts r on r.store_code = s.store_code and r.receipt_type = 'SALE'
           where s.store_type <> '快闪' and s.close_date is not null
             and try_strptime(r.business_time, '%Y/%m/%d %H:%M:%S') < strptime(s.close_date, '%Y-%m-%d')""",
    )
    assert closed_with_sales > 0
    while_closed = scalar(
        con,
        """with visits as (
               select store_code, try_strptime(business_time, '%Y/%m/%d %H:%M:%S')::date as day from pos_receipts
               union all
               select register_store_code, try_strptime(register_time, '%Y-%m-%d %H:%M:%S')::date
               from pos_member_cards)
           select count(*) from visits v join pos_stores s using (store_code)
           where v.day < strptime(s.open_date, '%Y-%m-%d')::date
              or v.day >= strptime(s.close_date, '%Y-%m-%d')::date""",
    )
    assert while_closed == 0


def test_every_store_kind_and_a_closed_store_have_sales(con: duckdb.DuckDBPyConnection) -> None:
    assert_store_variety(con)


def test_the_shipped_sample_has_every_store_kind_and_a_closed_store() -> None:
    with connect(SAMPLE_DATA) as sample:
        assert_store_variety(sample)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_store_variety_is_by_construction_not_by_luck(seed: int, tmp_path: Path) -> None:
    """Small runs with other seeds have the featured franchise, pop-up and closed store, with sales, too."""
    generate(600, seed, tmp_path)
    with connect(tmp_path) as small:
        assert_store_variety(small)


def normalised_tag(tag: str) -> str:
    """A typed WeCom tag as staging compares it with the synonym seed: lower case, no spaces."""
    return tag.replace(" ", "").replace("\u3000", "").lower()


def test_wecom_tags_include_typings_nobody_mapped(con: duckdb.DuckDBPyConnection) -> None:
    """A small share of staff tags are misspelt in ways seeds/wecom_tag_synonyms.csv does not list, or invented
    (in groups the dictionary lacks, or tags it lacks): wecom_tag_review always has something to show."""
    from tagwarehouse.generator.reference import TAG_FREE_TEXT, TAG_TYPOS

    with (PROJECT_ROOT / "seeds" / "wecom_tag_synonyms.csv").open(encoding="utf-8") as f:
        mapped = {(row["tag_group"], row["tag_variant"]) for row in csv.DictReader(f)}
    with (PROJECT_ROOT / "seeds" / "tags" / "wecom_tag_dictionary.csv").open(encoding="utf-8") as f:
        dictionary = {(row["tag_group"], row["tag_name"]) for row in csv.DictReader(f)}
    planted = {(g, t) for g, tags in TAG_TYPOS.items() for typos in tags.values() for t in typos}
    planted_free = set(TAG_FREE_TEXT)
    # what the generator plants as unknown is unknown to the seeds
    assert not {(g, normalised_tag(t)) for g, t in planted | planted_free} & mapped
    assert not (planted | planted_free) & dictionary

    tags = [json.loads(r[0]) for r in con.execute("select tags from wechat_wecom_contacts").fetchall()]
    flat = [(t["group"], t["tag"]) for row in tags for t in row]
    unknown = [t for t in flat if (t[0], normalised_tag(t[1])) not in mapped]
    assert 0 < len(unknown) / len(flat) < 0.05
    assert set(unknown) <= planted | planted_free
    assert set(unknown) & planted, "no misspelling the synonym seed does not know"
    assert set(unknown) & planted_free, "no free-text tag"
    groups = {g for g, _ in dictionary}
    assert any(g not in groups for g, _ in unknown), "no tag in a group the dictionary lacks"
    assert any(g in groups for g, _ in unknown), "no unknown tag in a dictionary group"


PARSED_CHILD_BIRTHDAY = """coalesce(
    try_strptime(trim(c.child_birthday), '%Y-%m-%d'), try_strptime(trim(c.child_birthday), '%Y/%m/%d'),
    case when regexp_full_match(trim(c.child_birthday), '[0-9]{8}')
        then try_strptime(trim(c.child_birthday), '%Y%m%d') end
)::date"""


def test_child_birthdays_on_a_minority_of_cards_the_same_child_per_person(con: duckdb.DuckDBPyConnection) -> None:
    """宝宝生日: filled on a minority of cards (parents'), typed as freely as the holder's birthday (formats, junk),
    the true child of the card's holder on every card and version that gives a date."""
    con.execute(
        f"""create or replace temp view child_birthdays as
            select c.card_no, c.child_birthday, g.person_id, p.child_birthday as true_child_birthday,
                   p.birthday as parent_birthday,
                   case when {PARSED_CHILD_BIRTHDAY} >= date '1920-01-01' then {PARSED_CHILD_BIRTHDAY} end as parsed
            from pos_member_cards c
            join gt_identities g on g.identifier_type = 'pos_card_no' and g.value = c.card_no
            join gt_persons p using (person_id)"""
    )
    share = scalar(
        con,
        """select avg(filled::int) from (
               select card_no, bool_or(child_birthday is not null) as filled from child_birthdays group by 1)""",
    )
    assert 0.05 < share < 0.5, share
    assert scalar(con, "select count(*) from child_birthdays where parsed <> true_child_birthday") == 0
    assert scalar(con, "select count(*) from child_birthdays where child_birthday is not null") > scalar(
        con, "select count(*) from child_birthdays where parsed is not null"
    )
    assert (
        scalar(
            con,
            "select count(*) from (select person_id from child_birthdays where parsed is not null"
            " group by 1 having count(distinct parsed) > 1)",
        )
        == 0
    )
    typed = [
        r[0]
        for r in con.execute("select child_birthday from child_birthdays where child_birthday is not null").fetchall()
    ]
    assert any("-" in t for t in typed)
    assert any("/" in t for t in typed)
    assert any(len(t) == 8 and t.isdigit() for t in typed)
    assert any(t in cst.JUNK_BIRTHDAYS for t in typed)
    [(youngest, oldest)] = con.execute(
        """select min(date_diff('year', parent_birthday, true_child_birthday)),
                  max(date_diff('year', parent_birthday, true_child_birthday))
           from child_birthdays where parsed is not null"""
    ).fetchall()
    assert youngest >= 22 and oldest <= 38
    ages = {
        r[0]
        for r in con.execute(
            "select date_diff('year', parsed, date '2026-11-15') // 6 from child_birthdays where parsed is not null"
        ).fetchall()
    }
    assert {0, 1, 2} <= ages  # toddlers, school children and teenagers (and some grown up)


def test_late_part_files(out: Path, con: duckdb.DuckDBPyConnection) -> None:
    for folder in ("tmall/trades", "tmall/orders", "pos/receipts", "pos/receipt_lines", "wechat/events"):
        parts = sorted(p.name for p in (out / folder).glob("part-*.parquet"))
        assert parts == ["part-0000.parquet", "part-0001.parquet"], folder
        assert pq.read_metadata(out / folder / "part-0001.parquet").num_rows > 0, folder
    newer = scalar(
        con,
        """select count(*) from tmall_trades l join tmall_trades m on l.tid = m.tid
           where l.filename like '%part-0001%' and m.filename like '%part-0000%' and l.modified > m.modified""",
    )
    assert newer > 0
    new_only = scalar(
        con,
        """select count(*) from tmall_trades l where l.filename like '%part-0001%'
           and l.tid not in (select tid from tmall_trades where filename like '%part-0000%' and tid is not null)""",
    )
    assert new_only > 0


def test_chinese_text_is_utf8(con: duckdb.DuckDBPyConnection) -> None:
    assert scalar(con, "select count(*) from pos_stores where store_name like '知岸%店'") > 0
    assert (
        scalar(
            con, "select count(*) from erp_products where category in ('上衣', '裤装', '外套', '鞋履', '配饰', '护肤')"
        )
        > 0
    )
    assert 200 <= scalar(con, "select count(*) from erp_products") <= 500
    assert scalar(con, "select count(*) from pos_stores where city = '上海市'") > 0


# ---------------------------------------------------------------------------------------------------- ground truth
IDENTIFIER_COLUMNS: list[tuple[str, str, str, str]] = [
    # (identifier type, scope expression, value expression, table)
    ("tmall_buyer_open_uid", "app_key", "buyer_open_uid", "tmall_trades"),
    ("tmall_buyer_open_uid", "app_key", "buyer_open_uid", "tmall_members"),
    ("tmall_ouid", "seller_nick", "ouid", "tmall_members"),
    ("tmall_omid", f"'{cst.BRAND_CODE}'", "omid", "tmall_members"),
    ("jd_open_id", "app_key", "open_id_buyer", "jd_orders"),
    ("jd_open_id", "app_key", "open_id", "jd_members"),
    ("pos_card_no", f"'{cst.BRAND_CODE}'", "card_no", "pos_member_cards"),
    ("pos_card_no", f"'{cst.BRAND_CODE}'", "card_no", "pos_receipts"),
    ("wechat_openid", "appid", "openid", "wechat_oa_followers"),
    ("wechat_openid", "appid", "openid", "wechat_mp_users"),
    ("wechat_openid", "appid", "openid", "wechat_mp_orders"),
    ("wechat_openid", "appid", "openid", "wechat_events"),
    ("wechat_unionid", f"'{cst.WECHAT_OPEN_PLATFORM_ID}'", "unionid", "wechat_oa_followers"),
    ("wechat_unionid", f"'{cst.WECHAT_OPEN_PLATFORM_ID}'", "unionid", "wechat_mp_users"),
    ("wechat_unionid", f"'{cst.WECHAT_OPEN_PLATFORM_ID}'", "unionid", "wechat_events"),
    ("wechat_unionid", f"'{cst.WECHAT_OPEN_PLATFORM_ID}'", "unionid", "wechat_wecom_contacts"),
    ("wecom_external_userid", "corp_id", "external_userid", "wechat_wecom_contacts"),
]


def raw_identifiers_sql() -> str:
    parts = [
        f"select '{kind}' as identifier_type, {scope} as scope, {value} as value from {table} where {value} is not null"
        for kind, scope, value, table in IDENTIFIER_COLUMNS
    ]
    mobiles = """
        select mobile as m from tmall_members union all select mobile from jd_members
        union all select mobile from pos_member_cards union all select mobile from pos_receipts
        union all select phone_number from wechat_mp_users
        union all select unnest(string_split(remark_mobiles, ',')) from wechat_wecom_contacts
    """
    parts.append(
        f"""select 'mobile', 'CN', v from (select {canonical("m")} as v from ({mobiles}))
            where regexp_full_match(v, '1[3-9][0-9]{{9}}')"""
    )
    return " union all ".join(parts)


def test_ground_truth_is_unique(con: duckdb.DuckDBPyConnection) -> None:
    dups = scalar(
        con,
        "select count(*) from (select 1 from gt_identities group by identifier_type, scope, value having count(*) > 1)",
    )
    assert dups == 0
    types = {r[0] for r in con.execute("select distinct identifier_type from gt_identities").fetchall()}
    assert types == {
        "mobile",
        "tmall_buyer_open_uid",
        "tmall_ouid",
        "tmall_omid",
        "jd_open_id",
        "pos_card_no",
        "wechat_openid",
        "wechat_unionid",
        "wecom_external_userid",
    }


def test_every_raw_identifier_of_a_real_person_is_in_the_ground_truth(con: duckdb.DuckDBPyConnection) -> None:
    junk = "', '".join(v for v in cst.JUNK_PHONES if v)
    typo = " or ".join(f"value like '{p}%'" for p in cst.TYPO_PREFIXES)
    missing = con.execute(
        f"""
        with raw as ({raw_identifiers_sql()})
        select distinct r.identifier_type, r.scope, r.value from raw r
        anti join gt_identities g using (identifier_type, scope, value)
        where not (r.identifier_type = 'mobile' and (r.value in ('{junk}') or {typo}))
        limit 10
        """
    ).fetchall()
    assert missing == []


def test_the_ground_truth_claims_only_what_the_raw_data_holds(con: duckdb.DuckDBPyConnection) -> None:
    extra = con.execute(
        f"""
        with raw as ({raw_identifiers_sql()})
        select g.identifier_type, g.scope, g.value from gt_identities g
        anti join raw r using (identifier_type, scope, value)
        limit 10
        """
    ).fetchall()
    assert extra == []


def test_the_same_person_behind_linked_identifiers(con: duckdb.DuckDBPyConnection) -> None:
    """A mini-program user's openid, unionid and bound phone all belong to one person (the phone of a second
    account too); a card and the mobile typed on it usually do."""
    mismatched = scalar(
        con,
        """
        select count(*) from wechat_mp_users u
        join gt_identities o on o.identifier_type = 'wechat_openid' and o.scope = u.appid and o.value = u.openid
        join gt_identities n on n.identifier_type = 'wechat_unionid' and n.value = u.unionid
        left join gt_identities m on m.identifier_type = 'mobile' and m.value = u.phone_number
        where o.person_id <> n.person_id or (m.person_id is not null and m.person_id <> o.person_id)
        """,
    )
    assert mismatched == 0


# ---------------------------------------------------------------------------------------------------- CLI and sample
def test_cli_help_documents_every_option_and_the_sample_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tagwarehouse.generator", "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for option in ("--members", "--seed", "--out", "--as-of", "--progress", "--no-progress"):
        assert option in result.stdout
    assert "python -m tagwarehouse.generator " + " ".join(cst.SAMPLE_ARGS) in result.stdout


def test_cli_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            *(sys.executable, "-m", "tagwarehouse.generator", "--members", "300", "--seed", "1"),
            *("--out", str(tmp_path), "--as-of", "2025-06-30", "--no-progress"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "tmall/trades" in result.stdout
    created = pq.read_table(tmp_path / "tmall" / "trades", columns=["modified"]).column(0).to_pylist()
    assert max(created) < "2025-06-30"


def test_default_out_is_the_gitignored_generated_folder() -> None:
    args = parse_args(["--members", "1234"])
    assert args.out is None and args.members == 1234
    assert "/data/generated/" in (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8")


def test_shipped_sample_is_what_the_documented_command_produces(tmp_path: Path) -> None:
    args = parse_args(list(cst.SAMPLE_ARGS))
    assert args.out == Path("data/sample")
    generate(args.members, args.seed, tmp_path, as_of=args.as_of)
    shipped = sorted(p.relative_to(SAMPLE_DATA) for p in SAMPLE_DATA.rglob("*.parquet"))
    regenerated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet"))
    assert shipped == regenerated
    for rel in shipped:
        assert pq.read_table(SAMPLE_DATA / rel).equals(pq.read_table(tmp_path / rel)), rel
