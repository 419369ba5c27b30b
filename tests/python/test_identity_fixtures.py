"""OneID on small hand-made graphs (issue #4, "Proof"): fixture builds of the real project on raw data written by
identity_fixtures.RawDataset, then questions to the marts.

Each scenario uses its own identifiers, so all of them share one raw dataset per day and the module needs five dbt
invocations in all (about a minute and a half):

    day 1          build (models and data tests) of every scenario          -> snapshot "day1"
    shuffled       the day-1 rows shuffled and partly duplicated, fresh db  -> snapshot "shuffled" (runs beside day 1)
    rerun          the day-1 data again on the day-1 database               -> snapshot "rerun"
    day 2          a copy of the project with an extra blocklist row and manual corrections, plus new raw rows,
                   on the same database (models and data tests)             -> snapshot "day2"
    full refresh   day 2 again with --full-refresh                          -> snapshot "full_refresh"
"""

from __future__ import annotations

import itertools
import random
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from .identity_fixtures import (
    BRAND,
    LEGACY_MP_APPID,
    OA_APPID,
    RawDataset,
    build_identity,
    member_of,
    project_copy,
    query,
    with_extra_csv_rows,
)

OPEN_PLATFORM = "wxop_zhian"
EXCLUDE_UNIT_TESTS = ["--exclude", "resource_type:unit_test"]
# the 50-node chain makes one member of 50 identifiers; the size alarm (var identity_max_member_size) allows it here
DAY_TWO_VARS = ["--vars", "{identity_max_member_size: 60}"]
CHAIN_CARDS = [f"8000002000{i:02d}" for i in range(50)]


def at(day: str) -> datetime:
    return datetime.fromisoformat(day)


# ---------------------------------------------------------------------- the scenarios


def day_one() -> RawDataset:
    d = RawDataset()
    d.store()

    # 4-hop chain across types: openid (OA) - unionid - openid (MP) - mobile 1 - card - mobile 2 (a receipt) - JD
    d.oa_follower("o_c4_oa", "u_c4", at=at("2023-01-01 09:00:00"))
    d.mp_user("o_c4_mp", "u_c4", "13700000001", at=at("2023-01-02 09:00:00"))
    d.member_card("800000000001", "13700000001", at=at("2023-01-03 09:00:00"))
    d.receipt("r_c4_1", "800000000001", "13700000002", at=at("2023-01-04 09:00:00"))
    d.jd_member("jd_c4", "13700000002", at=at("2023-01-05 09:00:00"))

    # blocklisted and masked values link nobody
    d.member_card("800000000081", "13800138000")  # the well-known test number (exact)
    d.member_card("800000000082", "138 0013 8000")
    d.member_card("800000000083", "138****5678")  # masked: an attribute, never a node
    d.member_card("800000000084", "138****5678")
    d.mp_user("o_bl_1", None, "13333333333")  # nine repeated digits (pattern)
    d.mp_user("o_bl_2", None, "13333333333")
    d.oa_follower("o_bl_3", "null")  # junk unionid ('*' exact)
    d.oa_follower("o_bl_4", "null")

    # degree cap (mobile max_degree 3): exactly 3 cards link, 4 cards do not
    for n in range(1, 4):
        d.member_card(f"8000000031{n:02d}", "13700000031")
    for n in range(1, 5):
        d.member_card(f"8000000041{n:02d}", "13700000041")

    # two unionids reached through one mobile are not merged
    d.mp_user("o_2u_a", "u_2u_a", "13700000051")
    d.mp_user("o_2u_b", "u_2u_b", "13700000051")

    # the same openid string in two apps
    d.oa_follower("o_same", "u_same")
    d.mp_user("o_same", None, "13700000061", appid=LEGACY_MP_APPID)

    # one mobile in three formats
    d.member_card("800000000071", "+86 138 0013 9000")
    d.tmall_member("ou_fmt", mobile="008613800139000")
    d.jd_member("jd_fmt", "13800139000")

    # merge over time: P and Q are two members on day 1
    d.member_card("800000000091", "13700000091", at=at("2023-01-01 10:00:00"))
    d.jd_member("jd_mq", "13700000092", at=at("2023-06-01 10:00:00"))

    # split over time: S is one member on day 1, bridged by mobile 101 (blocklisted on day 2)
    d.mp_user("o_sp", None, "13700000101", at=at("2022-01-01 10:00:00"))
    d.jd_member("jd_sp", "13700000101", at=at("2023-01-01 10:00:00"))

    # manual corrections on day 2: force_link of two unionids (one openid also binds a mobile), force_split of a card
    # from its mobile, block_value of a bridging mobile
    d.mp_user("o_fl_a", "u_fl_a", "13700000131")
    d.oa_follower("o_fl_b", "u_fl_b")
    d.jd_member("jd_fs", "13700000111", at=at("2022-01-01 10:00:00"))
    d.member_card("800000000111", "13700000111", at=at("2023-01-01 10:00:00"))
    d.mp_user("o_bv", None, "13700000121", at=at("2022-03-01 10:00:00"))
    d.tmall_member("ou_bv", mobile="13700000121", at=at("2023-03-01 10:00:00"))

    # the 50 cards that day 2 chains together with manual force links
    for n, card in enumerate(CHAIN_CARDS):
        d.member_card(card, at=at("2023-02-01 10:00:00") + timedelta(minutes=n))

    # coverage: orders and events keyed to members, or anonymous
    d.tmall_trade("t_cov", "buo_cov")
    d.jd_order("jd_o_c4", "jd_c4")
    d.mp_order("mp_o_c4", "o_c4_mp")
    d.receipt("r_walk_in", None, "13700000999")
    d.event("e_member", "o_c4_mp", "u_c4")
    d.event("e_no_openid", None, name="ad_impression")
    d.event("e_blocked_openid", "-1")
    return d


def day_two_rows() -> RawDataset:
    """Rows that arrive on day 2."""
    # a receipt of P's card typed with Q's mobile links P and Q
    return RawDataset().receipt("r_merge", "800000000091", "13700000092", at=at("2024-01-01 10:00:00"))


def day_two_project_files() -> dict[str, str]:
    chain_order = CHAIN_CARDS.copy()
    random.Random(50).shuffle(chain_order)
    corrections = [
        ("fl_1", "force_link", "wechat_unionid", OPEN_PLATFORM, "u_fl_a", "wechat_unionid", OPEN_PLATFORM, "u_fl_b"),
        ("fs_1", "force_split", "pos_card_no", BRAND, "800000000111", "mobile", "CN", "13700000111"),
        ("bv_1", "block_value", "mobile", "CN", "13700000121", "", "", ""),
    ] + [
        (f"chain_{n:02d}", "force_link", "pos_card_no", BRAND, a, "pos_card_no", BRAND, b)
        for n, (a, b) in enumerate(itertools.pairwise(chain_order))
    ]
    return {
        "seeds/identity/identity_blocklist.csv": with_extra_csv_rows(
            "seeds/identity/identity_blocklist.csv", [("mobile", "exact", "13700000101", "fixture: bridging mobile")]
        ),
        "seeds/identity/identity_manual_corrections.csv": with_extra_csv_rows(
            "seeds/identity/identity_manual_corrections.csv",
            [(*row, "fixture correction", "pytest", "2024-01-01") for row in corrections],
        ),
    }


# ---------------------------------------------------------------------- the builds


@dataclass(frozen=True)
class Snapshots:
    day1: Path
    shuffled: Path
    rerun: Path
    day2: Path
    full_refresh: Path


def _snapshot(db_path: Path, name: str) -> Path:
    copy = db_path.parent.parent / "snapshots" / f"{name}.duckdb"
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(db_path, copy)
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        shutil.copy(wal, copy.with_name(copy.name + ".wal"))
    return copy


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Snapshots:
    root = tmp_path_factory.mktemp("oneid_fixtures")
    day1 = day_one()
    raw_day1 = day1.write(root / "raw_day1")
    raw_shuffled = day1.shuffled_and_duplicated().write(root / "raw_shuffled", parts=2)
    raw_day2 = day1.copy().extend(day_two_rows()).write(root / "raw_day2")
    day2_project = project_copy(root / "project_day2", day_two_project_files())
    db = root / "main" / "w.duckdb"
    db_shuffled = root / "shuffled" / "w.duckdb"
    db.parent.mkdir()
    db_shuffled.parent.mkdir()

    with ThreadPoolExecutor(max_workers=2) as pool:
        day1_build = pool.submit(build_identity, raw_day1, db, extra_args=EXCLUDE_UNIT_TESTS)
        shuffled_build = pool.submit(
            build_identity, raw_shuffled, db_shuffled, extra_args=["--resource-type", "seed", "model"]
        )
        day1_build.result()
        shuffled_build.result()
    day1_snapshot = _snapshot(db, "day1")
    build_identity(raw_day1, db, command="run")
    rerun_snapshot = _snapshot(db, "rerun")
    build_identity(raw_day2, db, project_dir=day2_project, extra_args=[*EXCLUDE_UNIT_TESTS, *DAY_TWO_VARS])
    day2_snapshot = _snapshot(db, "day2")
    build_identity(raw_day2, db, command="run", project_dir=day2_project, extra_args=["--full-refresh", *DAY_TWO_VARS])
    return Snapshots(
        day1_snapshot, _snapshot(db_shuffled, "shuffled"), rerun_snapshot, day2_snapshot, _snapshot(db, "full_refresh")
    )


def identity_map(db: Path) -> set[tuple[str, str, int]]:
    return set(query(db, "select node_key, member_id, member_number from main_restricted.member_identity_map"))


def members_of(db: Path, *identifiers: tuple[str, str]) -> list[str | None]:
    return [member_of(db, identifier_type, value) for identifier_type, value in identifiers]


def audit(db: Path, finding: str, node_key_a: str | None = None) -> list[tuple[str, ...]]:
    sql = "select finding, reason, node_key_a, node_key_b from main_restricted.identity_audit where finding = ?"
    params = [finding]
    if node_key_a is not None:
        sql += " and node_key_a = ?"
        params.append(node_key_a)
    return query(db, sql, params)


def audit_touching(db: Path, node_key: str) -> set[str]:
    rows = query(
        db,
        "select finding from main_restricted.identity_audit where node_key_a = ? or node_key_b = ?",
        [node_key, node_key],
    )
    return {finding for (finding,) in rows}


def max_member_number(db: Path) -> int:
    return query(db, "select max(member_number) from main_intermediate.int_member_id_events")[0][0]


# ---------------------------------------------------------------------- graph shapes


def test_four_hop_chain_across_types_is_one_member(snapshots: Snapshots) -> None:
    chain = [
        ("wechat_openid", "o_c4_oa"),
        ("wechat_unionid", "u_c4"),
        ("wechat_openid", "o_c4_mp"),
        ("mobile", "13700000001"),
        ("pos_card_no", "800000000001"),
        ("mobile", "13700000002"),
        ("jd_open_id", "jd_c4"),
    ]
    members = members_of(snapshots.day1, *chain)
    assert None not in members
    assert len(set(members)) == 1
    [(identifier_count, channels)] = query(
        snapshots.day1,
        "select identifier_count, first_seen_channel from main_marts.identity_member_channels where member_id = ?",
        [members[0]],
    )
    assert (identifier_count, channels) == (7, "wechat")


def test_fifty_node_chain_is_one_member(snapshots: Snapshots) -> None:
    day1 = members_of(snapshots.day1, *(("pos_card_no", card) for card in CHAIN_CARDS))
    day2 = members_of(snapshots.day2, *(("pos_card_no", card) for card in CHAIN_CARDS))
    assert len(set(day1)) == 50
    assert len(set(day2)) == 1
    survivor = min(day1)
    assert day2[0] == survivor
    aliases = query(
        snapshots.day2,
        "select alias_member_id, member_id from main_marts.member_id_aliases where alias_type = 'merge'"
        " and member_id_at_event = ?",
        [survivor],
    )
    assert sorted(aliases) == sorted((retired, survivor) for retired in set(day1) - {survivor})


# ---------------------------------------------------------------------- determinism and stability


def test_shuffled_and_duplicated_rows_give_identical_member_ids(snapshots: Snapshots) -> None:
    assert identity_map(snapshots.shuffled) == identity_map(snapshots.day1)
    findings = "select finding, node_key_a, node_key_b, member_id_a, member_id_b from main_restricted.identity_audit"
    assert set(query(snapshots.shuffled, findings)) == set(query(snapshots.day1, findings))


def test_second_run_changes_nothing(snapshots: Snapshots) -> None:
    for sql in (
        "select * from main_intermediate.int_member_registry",
        "select * from main_intermediate.int_member_id_events",
        "select * from main_marts.member_id_aliases",
        "select * from main_restricted.member_identity_map",
        "select * from main_marts.dim_members",
        "select * from main_restricted.dim_members_pii",
    ):
        before = query(snapshots.day1, sql)
        assert sorted(query(snapshots.rerun, sql), key=repr) == sorted(before, key=repr), sql


def test_full_refresh_rebuilds_the_same_partition_and_ids(snapshots: Snapshots) -> None:
    assert identity_map(snapshots.full_refresh) == identity_map(snapshots.day2)
    for sql in (
        "select * from main_intermediate.int_member_registry",
        "select * from main_intermediate.int_member_id_events",
        "select * from main_marts.member_id_aliases",
    ):
        assert sorted(query(snapshots.full_refresh, sql), key=repr) == sorted(query(snapshots.day2, sql), key=repr)


# ---------------------------------------------------------------------- guards


def test_blocklisted_and_masked_values_link_nobody(snapshots: Snapshots) -> None:
    db = snapshots.day1
    for pair in (
        [("pos_card_no", "800000000081"), ("pos_card_no", "800000000082")],
        [("pos_card_no", "800000000083"), ("pos_card_no", "800000000084")],
        [("wechat_openid", "o_bl_1"), ("wechat_openid", "o_bl_2")],
        [("wechat_openid", "o_bl_3"), ("wechat_openid", "o_bl_4")],
    ):
        first, second = members_of(db, *pair)
        assert first is not None and second is not None
        assert first != second, pair
    for blocked in ("mobile|CN|13800138000", "mobile|CN|13333333333", f"wechat_unionid|{OPEN_PLATFORM}|null"):
        assert not query(db, "select 1 from main_restricted.member_identity_map where node_key = ?", [blocked])
        assert len(audit(db, "blocklisted_identifier", blocked)) == 1, blocked
        assert "blocklisted" in audit_touching(db, blocked)
    # a masked phone is no identifier at all
    assert not query(db, "select 1 from main_intermediate.int_identity_nodes where value like '%*%'")


def test_degree_cap_links_at_n_and_not_above(snapshots: Snapshots) -> None:
    db = snapshots.day1
    [(max_degree,)] = query(
        db, "select max_degree from main_config.identity_identifier_types where identifier_type = 'mobile'"
    )
    assert max_degree == 3
    at_cap = members_of(db, ("mobile", "13700000031"), *(("pos_card_no", f"8000000031{n:02d}") for n in range(1, 4)))
    assert None not in at_cap and len(set(at_cap)) == 1
    above_cap = members_of(db, *(("pos_card_no", f"8000000041{n:02d}") for n in range(1, 5)))
    assert None not in above_cap and len(set(above_cap)) == 4
    assert member_of(db, "mobile", "13700000041") is None
    capped = audit(db, "degree_cap")
    assert len([row for row in capped if row[3] == "mobile|CN|13700000041"]) == 4
    assert all("linked to 4 pos_card_no" in row[1] for row in capped)
    assert len(audit(db, "unattached_identifier", "mobile|CN|13700000041")) == 1


def test_two_unionids_reached_through_one_mobile_are_not_merged(snapshots: Snapshots) -> None:
    db = snapshots.day1
    first, second = members_of(db, ("wechat_unionid", "u_2u_a"), ("wechat_unionid", "u_2u_b"))
    assert first is not None and second is not None and first != second
    assert member_of(db, "mobile", "13700000051") is None
    refused = query(
        db,
        "select finding, reason from main_restricted.identity_audit where node_key_b = 'mobile|CN|13700000051'"
        " and finding like 'member_limit%'",
    )
    assert len(refused) == 2


def test_same_openid_in_two_apps_does_not_link(snapshots: Snapshots) -> None:
    db = snapshots.day1
    in_oa = member_of(db, "wechat_openid", "o_same", OA_APPID)
    in_legacy_mp = member_of(db, "wechat_openid", "o_same", LEGACY_MP_APPID)
    assert in_oa is not None and in_legacy_mp is not None and in_oa != in_legacy_mp
    assert member_of(db, "wechat_unionid", "u_same") == in_oa
    assert member_of(db, "mobile", "13700000061") == in_legacy_mp


def test_one_mobile_in_three_formats_is_one_node(snapshots: Snapshots) -> None:
    db = snapshots.day1
    nodes = query(db, "select value from main_intermediate.int_identity_nodes where value like '%13800139000%'")
    assert nodes == [("13800139000",)]
    members = members_of(
        db,
        ("mobile", "13800139000"),
        ("pos_card_no", "800000000071"),
        ("tmall_ouid", "ou_fmt"),
        ("jd_open_id", "jd_fmt"),
    )
    assert None not in members and len(set(members)) == 1


# ---------------------------------------------------------------------- merge and split over time


def test_merge_keeps_the_older_id_and_records_the_alias(snapshots: Snapshots) -> None:
    p_day1, q_day1 = members_of(snapshots.day1, ("pos_card_no", "800000000091"), ("jd_open_id", "jd_mq"))
    assert p_day1 is not None and q_day1 is not None and p_day1 != q_day1
    older, retired = sorted([p_day1, q_day1])
    day2 = members_of(
        snapshots.day2, ("pos_card_no", "800000000091"), ("jd_open_id", "jd_mq"), ("mobile", "13700000092")
    )
    assert day2 == [older] * 3
    aliases = query(
        snapshots.day2,
        "select alias_type, member_id_at_event, member_id from main_marts.member_id_aliases where alias_member_id = ?",
        [retired],
    )
    assert aliases == [("merge", older, older)]
    # no mart row carries the retired ID (the alias table names it only as the alias)
    for table, columns in {
        "main_restricted.member_identity_map": ["member_id"],
        "main_marts.dim_members": ["member_id"],
        "main_restricted.dim_members_pii": ["member_id"],
        "main_marts.identity_member_channels": ["member_id"],
        "main_restricted.identity_audit": ["member_id_a", "member_id_b"],
        "main_marts.member_id_aliases": ["member_id"],
    }.items():
        for column in columns:
            hits = query(snapshots.day2, f"select count(*) from {table} where {column} = ?", [retired])
            assert hits == [(0,)], f"{table}.{column} still carries {retired}"


def test_split_keeps_the_id_where_the_oldest_identifier_is(snapshots: Snapshots) -> None:
    [s_day1] = set(members_of(snapshots.day1, ("wechat_openid", "o_sp"), ("jd_open_id", "jd_sp")))
    assert s_day1 is not None
    o_sp, jd_sp = members_of(snapshots.day2, ("wechat_openid", "o_sp"), ("jd_open_id", "jd_sp"))
    assert o_sp == s_day1  # o_sp is the oldest identifier of S (2022)
    assert jd_sp is not None and jd_sp != s_day1
    assert int(jd_sp[1:]) > max_member_number(snapshots.day1)  # a new number, never a reused one
    aliases = query(
        snapshots.day2,
        "select alias_type, member_id from main_marts.member_id_aliases where alias_member_id = ?",
        [s_day1],
    )
    assert aliases == [("split", jd_sp)]
    assert member_of(snapshots.day2, "mobile", "13700000101") is None


@pytest.mark.parametrize("snapshot", ["day2", "full_refresh"])
def test_manual_corrections_are_replayed(snapshots: Snapshots, snapshot: str) -> None:
    db = getattr(snapshots, snapshot)
    # force_link: two unionids become one member, beyond the one-unionid limit; the openid's verified mobile
    # still joins it in tier 2
    day1 = members_of(snapshots.day1, ("wechat_unionid", "u_fl_a"), ("wechat_unionid", "u_fl_b"))
    assert len(set(day1)) == 2
    linked = members_of(
        db,
        ("wechat_unionid", "u_fl_a"),
        ("wechat_unionid", "u_fl_b"),
        ("mobile", "13700000131"),
        ("wechat_openid", "o_fl_b"),
    )
    assert linked == [min(day1)] * 4
    assert len(audit(db, "manual_force_link", f"wechat_unionid|{OPEN_PLATFORM}|u_fl_a")) == 1
    # force_split: the card leaves the member; the JD account (the oldest identifier) keeps the ID
    [f_day1] = set(members_of(snapshots.day1, ("pos_card_no", "800000000111"), ("jd_open_id", "jd_fs")))
    card, jd = members_of(db, ("pos_card_no", "800000000111"), ("jd_open_id", "jd_fs"))
    assert jd == f_day1 and card not in (None, f_day1)
    assert audit_touching(db, f"pos_card_no|{BRAND}|800000000111") == {"manual_split"}
    # block_value: the mobile links nobody any more; the openid (oldest) keeps the ID
    [b_day1] = set(members_of(snapshots.day1, ("wechat_openid", "o_bv"), ("tmall_ouid", "ou_bv")))
    openid, ouid = members_of(db, ("wechat_openid", "o_bv"), ("tmall_ouid", "ou_bv"))
    assert openid == b_day1 and ouid not in (None, b_day1)
    [(reason,)] = query(
        db,
        "select reason from main_restricted.identity_audit where finding = 'blocklisted_identifier'"
        " and node_key_a = 'mobile|CN|13700000121'",
    )
    assert reason.startswith("manual block by pytest")


# ---------------------------------------------------------------------- coverage


def test_every_staged_order_and_event_is_a_member_or_anonymous(snapshots: Snapshots) -> None:
    rows = query(
        snapshots.day1,
        "select source_table, staged_rows, rows_with_member, anonymous_without_identifier,"
        " anonymous_unmapped_identifier from main_marts.identity_coverage order by source_table",
    )
    assert rows == [
        ("jd.orders", 1, 1, 0, 0),
        ("pos.receipts", 2, 1, 1, 0),
        ("tmall.trades", 1, 1, 0, 0),
        ("wechat.events", 3, 1, 1, 1),
        ("wechat.mp_orders", 1, 1, 0, 0),
    ]
