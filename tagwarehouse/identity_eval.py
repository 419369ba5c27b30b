"""Scores OneID against the generator's ground truth: pairwise precision and recall of the members.

Only this evaluation (and the tests) read the ground truth; no model does. A pair is two identifiers that the
warehouse puts in one member (predicted) or that belong to one true person (actual). Identifiers the warehouse
left out of every member (blocklisted, unattached) count as singletons, so cutting them costs recall, not precision.

    python -m tagwarehouse.identity_eval --db target/warehouse.duckdb --raw data/sample
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class PairScores:
    identifiers: int
    members: int
    persons: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def score(db_path: Path, raw_path: Path, schema: str = "main_marts") -> PairScores:
    """Pairwise scores of member_identity_map in db_path against raw_path/_ground_truth/identities."""
    truth = raw_path / "_ground_truth" / "identities" / "*.parquet"
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        row = con.execute(
            f"""
            with truth as (
                select distinct identifier_type, scope, value, person_id
                from read_parquet('{truth}')
            ),
            joined as (
                select
                    truth.person_id,
                    coalesce(map.member_id, 'unassigned:' || truth.identifier_type || truth.scope || truth.value)
                        as member_id
                from truth
                left join {schema}.member_identity_map as map
                    on truth.identifier_type = map.identifier_type
                    and truth.scope = map.scope
                    and truth.value = map.identifier_value
            ),
            cells as (select person_id, member_id, count(*) as n from joined group by all),
            persons as (select person_id, sum(n) as n from cells group by all),
            members as (select member_id, sum(n) as n from cells group by all)
            select
                (select sum(n) from cells),
                (select count(*) from members),
                (select count(*) from persons),
                (select sum(n * (n - 1) / 2) from persons),
                (select sum(n * (n - 1) / 2) from members),
                (select sum(n * (n - 1) / 2) from cells)
            """
        ).fetchone()
    finally:
        con.close()
    return PairScores(*(int(v or 0) for v in row))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("target/warehouse.duckdb"), help="the built DuckDB file")
    parser.add_argument("--raw", type=Path, default=Path("data/sample"), help="raw data folder with _ground_truth")
    parser.add_argument("--schema", default="main_marts", help="schema of member_identity_map")
    args = parser.parse_args(argv)
    s = score(args.db, args.raw, args.schema)
    print(
        f"identifiers {s.identifiers}  persons {s.persons}  members {s.members}\n"
        f"pairs: true {s.true_pairs}  predicted {s.predicted_pairs}  correct {s.correct_pairs}\n"
        f"pairwise precision {s.precision:.4f}  recall {s.recall:.4f}"
    )


if __name__ == "__main__":
    main()
