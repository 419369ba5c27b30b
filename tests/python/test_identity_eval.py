"""OneID against the generator's ground truth (tagwarehouse/identity_eval.py): the scoring itself on a hand-made
warehouse, then the shipped sample built from scratch into a scratch DuckDB file (with the WeCom tag review, which
the same build reaches through the identity map)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tagwarehouse.identity_eval import Evaluation

from .conftest import SAMPLE_DATA, run_dbt

MIN_PRECISION = 0.995
MIN_RECALL_OF_REACHABLE_PAIRS = 0.95


def write_tiny_warehouse(db_path: Path, raw: Path) -> None:
    """Truth: person 1 = {a, b, c}, person 2 = {d, e}, person 3 = {f}. Asserted links: a-b, b-c, c-d (a wrong
    link), e has none. Members: M1 = {a, b}, M2 = {c, d}; e and f belong to no member."""
    truth = pa.table(
        {
            "identifier_type": ["mobile"] * 6,
            "scope": ["CN"] * 6,
            "value": list("abcdef"),
            "person_id": [1, 1, 1, 2, 2, 3],
        }
    )
    (raw / "_ground_truth" / "identities").mkdir(parents=True)
    pq.write_table(truth, raw / "_ground_truth" / "identities" / "part-0.parquet")
    with duckdb.connect(str(db_path)) as con:
        con.execute("create schema main_restricted; create schema main_intermediate")
        con.execute(
            "create table main_intermediate.int_identity_nodes as select * from (values"
            " (1, 'mobile', 'CN', 'a'), (2, 'mobile', 'CN', 'b'), (3, 'mobile', 'CN', 'c'), (4, 'mobile', 'CN', 'd'),"
            " (5, 'mobile', 'CN', 'e')) as t(node_id, identifier_type, scope, value)"
        )
        con.execute(
            "create table main_intermediate.int_identity_edges_guarded as select * from (values"
            " (1, 2), (2, 3), (3, 4)) as t(node_a, node_b)"
        )
        con.execute(
            "create table main_restricted.member_identity_map as select * from (values"
            " ('mobile', 'CN', 'a', 'M1'), ('mobile', 'CN', 'b', 'M1'), ('mobile', 'CN', 'c', 'M2'),"
            " ('mobile', 'CN', 'd', 'M2')) as t(identifier_type, scope, identifier_value, member_id)"
        )


def test_scores_and_error_breakdown_on_a_tiny_warehouse(tmp_path: Path) -> None:
    write_tiny_warehouse(tmp_path / "w.duckdb", tmp_path / "raw")
    with Evaluation(tmp_path / "w.duckdb", tmp_path / "raw") as evaluation:
        s = evaluation.scores()
        breakdown = evaluation.error_breakdown()
    # true pairs: ab ac bc de = 4; predicted: ab cd = 2; correct: ab = 1
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (4, 2, 1)
    # the asserted links connect a-b-c-d: reachable true pairs ab ac bc (de is not: e has no link)
    assert (s.reachable_true_pairs, s.correct_reachable_pairs) == (3, 1)
    assert (s.precision, s.recall, s.recall_bound) == (0.5, 0.25, 0.75)
    assert s.recall_reachable == pytest.approx(1 / 3)
    assert (s.identifiers, s.persons, s.members) == (6, 3, 4)
    assert sorted(breakdown) == [
        ("false_merge", "mobile", "mobile", 1),  # cd
        ("missed_reachable", "mobile", "mobile", 2),  # ac bc
        ("missed_unreachable", "mobile", "mobile", 1),  # de
    ]


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("identity_eval") / "sample.duckdb"
    result = run_dbt(
        ["build", "--select", "+member_identity_map", "+wecom_tag_review", "--resource-type", "seed", "model"],
        raw_data=SAMPLE_DATA,
        db_path=db_path,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return db_path


def test_sample_precision_and_recall_of_reachable_pairs(sample_build: Path) -> None:
    with Evaluation(sample_build, SAMPLE_DATA) as evaluation:
        s = evaluation.scores()
        breakdown = evaluation.error_breakdown()
    print(f"sample: precision {s.precision:.4f} recall {s.recall:.4f} reachable {s.recall_reachable:.4f}")
    assert s.precision >= MIN_PRECISION
    assert s.recall_reachable >= MIN_RECALL_OF_REACHABLE_PAIRS
    # what no rule can find bounds the raw recall; what the rules find stays within it
    assert s.recall <= s.recall_bound <= 1.0
    missed_unreachable = sum(n for kind, _, _, n in breakdown if kind == "missed_unreachable")
    assert missed_unreachable == s.true_pairs - s.reachable_true_pairs
    false_merges = sum(n for kind, _, _, n in breakdown if kind == "false_merge")
    assert false_merges == s.predicted_pairs - s.correct_pairs


def test_sample_wecom_tag_review_shows_unknown_tags_with_suggestions(sample_build: Path) -> None:
    """The sample's staff tags include misspellings the synonym seed does not know and invented tags: the review
    queue is not empty, and a doubled character ('通勤勤') is suggested its dictionary tag."""
    with duckdb.connect(str(sample_build), read_only=True) as con:
        reasons = dict(
            con.execute("select review_reason, count(*) from main_marts.wecom_tag_review group by 1").fetchall()
        )
        suggested = con.execute(
            "select tag_name, suggested_tag_name from main_marts.wecom_tag_review where suggested_tag_name is not null"
        ).fetchall()
    assert reasons.get("unknown_group", 0) > 0 and reasons.get("unknown_tag", 0) > 0, reasons
    assert suggested and all(name.startswith(suggestion) for name, suggestion in suggested), suggested
