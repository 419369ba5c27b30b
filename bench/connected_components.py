"""Times the connected_components() macro on DuckDB on a random graph, and checks its answer against SciPy.

    .venv/bin/python -m bench.connected_components --nodes 5000000 --edges 5000000

Draws `--edges` uniformly random edges between `--nodes` string ids (m000000000, m000000001, ...), loads them into a
sandbox DuckDB file, runs one dbt model calling the macro and prints the wall time of the dbt invocation, the model's
own execution time, the number of rounds and of components. Nodes that no edge touches are passed through the
optional nodes relation, so every one of the `--nodes` ids is in the result.

`--method fastsv` or `--method recursive_cte` picks the algorithm (default: auto, the recursive CTE on DuckDB);
`--chain N` adds a path of N extra nodes to the graph, the worst case of the recursive CTE (one iteration per node).

    .venv/bin/python -m bench.connected_components --nodes 5000000 --method fastsv
    .venv/bin/python -m bench.connected_components --nodes 1000000 --chain 1000 --method recursive_cte"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tagwarehouse.dbt_sandbox import make_sandbox_project, run_sandbox_dbt

ID_DIGITS = 9
SOURCES_YML = """\
sources:
  - name: bench
    schema: main
    tables:
      - name: edges
      - name: nodes
"""
MODEL_SQL = """\
{{ config(materialized='table', post_hook="{{ connected_components_drop_scratch() }}") }}
{{ connected_components(source('bench', 'edges'), source('bench', 'nodes'), method=var('bench_method', 'auto')) }}
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5_000_000, help="number of node ids (default 5,000,000)")
    parser.add_argument("--edges", type=int, default=None, help="number of random edges (default: as many as nodes)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where the sandbox project goes (default: a temp dir)"
    )
    parser.add_argument(
        "--method", choices=["auto", "fastsv", "recursive_cte"], default="auto", help="algorithm (default auto)"
    )
    parser.add_argument("--chain", type=int, default=0, help="add a path of this many extra nodes (default 0)")
    parser.add_argument("--no-check", action="store_true", help="skip the SciPy check of the result")
    return parser.parse_args(argv)


def random_edges(nodes: int, edges: int, seed: int, chain: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random edges between the first nodes - chain ids, then a separate path through the last chain ids in order
    (its smallest id at one end: the worst case for label propagation, one iteration per node)."""
    rng = np.random.default_rng(seed)
    random_nodes = nodes - chain
    node_a = rng.integers(0, random_nodes, size=edges, dtype=np.int64)
    node_b = rng.integers(0, random_nodes, size=edges, dtype=np.int64)
    if chain:
        path = np.arange(random_nodes, nodes, dtype=np.int64)
        node_a = np.concatenate([node_a, path[:-1]])
        node_b = np.concatenate([node_b, path[1:]])
    return node_a, node_b


def load_graph(db_path: Path, nodes: int, node_a: np.ndarray, node_b: np.ndarray) -> None:
    """Writes main.edges (node_a, node_b) and main.nodes (node_id) as string ids into the DuckDB file."""
    with duckdb.connect(str(db_path)) as connection:
        connection.register("edge_ints", pa.table({"a": node_a, "b": node_b}))
        connection.execute(
            f"""
            create or replace table main.edges as
            select
                'm' || lpad(cast(a as varchar), {ID_DIGITS}, '0') as node_a,
                'm' || lpad(cast(b as varchar), {ID_DIGITS}, '0') as node_b
            from edge_ints
            """
        )
        connection.execute(
            f"""
            create or replace table main.nodes as
            select 'm' || lpad(cast(range as varchar), {ID_DIGITS}, '0') as node_id
            from range({nodes})
            """
        )


def expected_smallest_members(nodes: int, node_a: np.ndarray, node_b: np.ndarray) -> np.ndarray:
    """For every node index, the smallest node index of its component (SciPy)."""
    graph = coo_matrix((np.ones(len(node_a), dtype=np.int8), (node_a, node_b)), shape=(nodes, nodes))
    _, labels = connected_components(graph, directed=False)
    smallest = np.full(labels.max() + 1, nodes, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(nodes, dtype=np.int64))
    return smallest[labels]


def check_result(db_path: Path, expected: np.ndarray) -> None:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        result = connection.execute(
            """
            select
                cast(substr(node_id, 2) as bigint) as node,
                cast(substr(component_id, 2) as bigint) as component
            from main.cc_bench
            order by node
            """
        ).fetchnumpy()
    if len(result["node"]) != len(expected) or not np.array_equal(result["node"], np.arange(len(expected))):
        raise SystemExit(f"check failed: {len(result['node'])} nodes in the result, {len(expected)} expected")
    wrong = int(np.count_nonzero(result["component"] != expected))
    if wrong:
        raise SystemExit(f"check failed: {wrong} nodes have the wrong component_id")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    edges = args.edges if args.edges is not None else args.nodes
    nodes = args.nodes + args.chain
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cc_bench_"))
    project = make_sandbox_project(
        workdir, models={"cc_bench": MODEL_SQL}, extra_files={"models/_bench__sources.yml": SOURCES_YML}
    )
    db_path = project / "bench.duckdb"
    db_path.unlink(missing_ok=True)

    started = time.perf_counter()
    node_a, node_b = random_edges(nodes, edges, args.seed, args.chain)
    load_graph(db_path, nodes, node_a, node_b)
    print(
        f"graph: {nodes:,} nodes, {edges:,} random edges (seed {args.seed}), a {args.chain:,}-node path, loaded in "
        f"{time.perf_counter() - started:.1f}s into {db_path}"
    )

    started = time.perf_counter()
    bench_vars = json.dumps({"bench_method": args.method})
    result = run_sandbox_dbt(project, ["run", "--select", "cc_bench", "--vars", bench_vars], db_path=db_path)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stdout[-5000:])
    run_results = json.loads((project / "target" / "run_results.json").read_text())
    model_seconds = next(r["execution_time"] for r in run_results["results"] if r["unique_id"].endswith("cc_bench"))
    rounds = re.search(r"converged in (\d+) rounds", result.stdout)
    with duckdb.connect(str(db_path), read_only=True) as connection:
        components = connection.execute("select count(distinct component_id) from main.cc_bench").fetchone()[0]
    print(
        f"dbt run ({args.method}): {wall:.1f}s wall, model {model_seconds:.1f}s, "
        f"{rounds[1] + ' rounds' if rounds else 'one statement'}, "
        f"{components:,} components"
    )

    if not args.no_check:
        started = time.perf_counter()
        check_result(db_path, expected_smallest_members(nodes, node_a, node_b))
        print(f"check: matches SciPy connected_components ({time.perf_counter() - started:.1f}s)")


if __name__ == "__main__":
    main()
