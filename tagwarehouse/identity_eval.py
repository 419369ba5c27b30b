"""Scores OneID against the generator's ground truth: pairwise precision and recall of the members.

Only this evaluation (and the tests) read the ground truth; no model does. A pair is two identifiers that the
warehouse puts in one member (predicted) or that belong to one true person (actual). Identifiers the warehouse
left out of every member (blocklisted, unattached) count as singletons, so cutting them costs recall, not precision.

Raw recall is bounded by the evidence: the generator plants identities that no source links (a JD buyer who never
joined the JD membership, a second WeChat account with its own unionid). So recall is also reported against the
evidence-reachable pairs: true pairs whose two identifiers are connected in the graph of every link the sources
assert (all rows of int_identity_edges_guarded, guards ignored). That recall measures what the guards and limits
cost; the raw recall also counts what no rule could ever find.

    python -m tagwarehouse.identity_eval --db target/warehouse.duckdb --raw data/sample [--breakdown]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

ERROR_KINDS = ("false_merge", "missed_reachable", "missed_unreachable")


@dataclass(frozen=True)
class PairScores:
    identifiers: int
    members: int
    persons: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    reachable_true_pairs: int = 0
    correct_reachable_pairs: int = 0

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def recall_bound(self) -> float:
        """The recall of the unguarded evidence graph: the best any rule over the asserted links can do."""
        return self.reachable_true_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def recall_reachable(self) -> float:
        """Recall against the true pairs the asserted links connect."""
        return self.correct_reachable_pairs / self.reachable_true_pairs if self.reachable_true_pairs else 1.0


def _evidence_components(con: duckdb.DuckDBPyConnection, intermediate_schema: str) -> pa.Table:
    """(node_id, evidence_component) over every asserted link, guards ignored (scipy connected components)."""
    node_count = con.execute(f"select max(node_id) from {intermediate_schema}.int_identity_nodes").fetchone()[0] or 0
    edges = con.execute(f"select node_a, node_b from {intermediate_schema}.int_identity_edges_guarded").fetchnumpy()
    a = np.asarray(edges["node_a"], dtype=np.int64)
    b = np.asarray(edges["node_b"], dtype=np.int64)
    size = int(node_count) + 1
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(size, size)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return pa.table({"node_id": np.arange(size, dtype=np.int64), "evidence_component": labels.astype(np.int64)})


def _joined(con: duckdb.DuckDBPyConnection, raw_path: Path, marts_schema: str, intermediate_schema: str) -> None:
    """Creates temp table `joined`: one row per true identifier with its person, member and evidence component."""
    truth = raw_path / "_ground_truth" / "identities" / "*.parquet"
    evidence = _evidence_components(con, intermediate_schema)  # noqa: F841 (read by the SQL below)
    con.execute(
        f"""
        create or replace temp table joined as
        with truth as (
            select distinct identifier_type, scope, value, person_id
            from read_parquet('{truth}')
        )
        select
            truth.identifier_type,
            truth.person_id,
            coalesce(map.member_id, 'unassigned:' || truth.identifier_type || '|' || truth.scope || '|' || truth.value)
                as member_id,
            coalesce(cast(evidence.evidence_component as varchar),
                'absent:' || truth.identifier_type || '|' || truth.scope || '|' || truth.value) as evidence_component
        from truth
        left join {marts_schema}.member_identity_map as map
            on truth.identifier_type = map.identifier_type
            and truth.scope = map.scope
            and truth.value = map.identifier_value
        left join {intermediate_schema}.int_identity_nodes as nodes
            on truth.identifier_type = nodes.identifier_type
            and truth.scope = nodes.scope
            and truth.value = nodes.value
        left join evidence
            on nodes.node_id = evidence.node_id
        """
    )


def _pairs(con: duckdb.DuckDBPyConnection, *group: str) -> int:
    columns = ", ".join(group)
    sql = f"select sum(n * (n - 1) / 2) from (select {columns}, count(*) as n from joined group by {columns})"
    return int(con.execute(sql).fetchone()[0] or 0)


def _pairs_by_type(con: duckdb.DuckDBPyConnection, *group: str) -> dict[tuple[str, str], int]:
    """Pairs of identifiers that share every column of `group`, by (identifier type, identifier type)."""
    columns = ", ".join(group)
    on = " and ".join(f"a.{c} = b.{c}" for c in group)
    rows = con.execute(
        f"""
        with cells as (select {columns}, identifier_type, count(*) as n from joined group by all)
        select a.identifier_type, b.identifier_type,
            sum(case when a.identifier_type = b.identifier_type then a.n * (a.n - 1) / 2 else a.n * b.n end)
        from cells as a
        inner join cells as b on {on} and a.identifier_type <= b.identifier_type
        group by all
        """
    ).fetchall()
    return {(t1, t2): int(n) for t1, t2, n in rows if n}


class Evaluation:
    """Opens the built warehouse and the ground truth once; computes scores and the error breakdown."""

    def __init__(
        self,
        db_path: Path,
        raw_path: Path,
        marts_schema: str = "main_restricted",
        intermediate_schema: str = "main_intermediate",
    ) -> None:
        self.con = duckdb.connect()
        self.con.execute(f"attach '{db_path}' as warehouse (read_only)")
        self.con.execute("use warehouse")
        _joined(self.con, raw_path, marts_schema, intermediate_schema)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Evaluation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scores(self) -> PairScores:
        con = self.con
        counts = con.execute(
            "select count(*), count(distinct member_id), count(distinct person_id) from joined"
        ).fetchone()
        return PairScores(
            identifiers=int(counts[0]),
            members=int(counts[1]),
            persons=int(counts[2]),
            true_pairs=_pairs(con, "person_id"),
            predicted_pairs=_pairs(con, "member_id"),
            correct_pairs=_pairs(con, "person_id", "member_id"),
            reachable_true_pairs=_pairs(con, "person_id", "evidence_component"),
            correct_reachable_pairs=_pairs(con, "person_id", "member_id", "evidence_component"),
        )

    def error_breakdown(self) -> list[tuple[str, str, str, int]]:
        """(kind, type, type, pairs) of the wrong pairs, largest first. Kinds: false_merge (one member, two persons),
        missed_reachable (one person, connected by asserted links, two members: what guards and limits cost),
        missed_unreachable (one person, no asserted link path between the two identifiers)."""
        con = self.con
        differences = {
            "false_merge": (("member_id",), ("member_id", "person_id")),
            "missed_reachable": (("person_id", "evidence_component"), ("person_id", "evidence_component", "member_id")),
            "missed_unreachable": (("person_id",), ("person_id", "evidence_component")),
        }
        rows: list[tuple[str, str, str, int]] = []
        for kind, (wide, narrow) in differences.items():
            inside = _pairs_by_type(con, *narrow)
            for key, n in _pairs_by_type(con, *wide).items():
                missing = n - inside.get(key, 0)
                if missing:
                    rows.append((kind, key[0], key[1], missing))
        return sorted(rows, key=lambda r: (ERROR_KINDS.index(r[0]), -r[3]))


def score(
    db_path: Path, raw_path: Path, schema: str = "main_restricted", intermediate_schema: str = "main_intermediate"
) -> PairScores:
    """Pairwise scores of member_identity_map in db_path against raw_path/_ground_truth/identities."""
    with Evaluation(db_path, raw_path, schema, intermediate_schema) as evaluation:
        return evaluation.scores()


def format_scores(s: PairScores) -> str:
    return (
        f"identifiers {s.identifiers:,}  persons {s.persons:,}  members {s.members:,}\n"
        f"pairs: true {s.true_pairs:,}  predicted {s.predicted_pairs:,}  correct {s.correct_pairs:,}  "
        f"evidence-reachable {s.reachable_true_pairs:,}\n"
        f"pairwise precision {s.precision:.4f}  recall {s.recall:.4f}  "
        f"(bound from all asserted links {s.recall_bound:.4f}; recall of evidence-reachable pairs "
        f"{s.recall_reachable:.4f})"
    )


def format_breakdown(rows: list[tuple[str, str, str, int]], limit: int = 8) -> str:
    lines = []
    for kind in ERROR_KINDS:
        of_kind = [r for r in rows if r[0] == kind]
        total = sum(r[3] for r in of_kind)
        lines.append(f"{kind}: {total:,} pairs")
        lines += [f"  {t1} - {t2}: {n:,}" for _, t1, t2, n in of_kind[:limit]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("target/warehouse.duckdb"), help="the built DuckDB file")
    parser.add_argument("--raw", type=Path, default=Path("data/sample"), help="raw data folder with _ground_truth")
    parser.add_argument("--schema", default="main_restricted", help="schema of member_identity_map (restricted)")
    parser.add_argument("--intermediate-schema", default="main_intermediate", help="schema of int_identity_*")
    parser.add_argument("--breakdown", action="store_true", help="also list the wrong pairs by identifier types")
    args = parser.parse_args(argv)
    with Evaluation(args.db, args.raw, args.schema, args.intermediate_schema) as evaluation:
        print(format_scores(evaluation.scores()))
        if args.breakdown:
            print(format_breakdown(evaluation.error_breakdown()))


if __name__ == "__main__":
    main()
