"""The connected_components() macro (macros/identity/) against a pure-Python union-find, on DuckDB and (with
MTW_TEST_SPARK=1) on Spark: long chains, a star, several components, isolated nodes, self-loops and duplicate edges.
Both methods are checked: FastSV (every engine; cc_<graph>) and DuckDB's recursive CTE with USING KEY
(cc_<graph>_recursive), and they must give the same partition.

Each engine builds one sandbox dbt project (this project's macros, hand-made seeds, one model per graph and method)
once per module; the tests then compare every model's (node_id, component_id) with the expected components."""

from __future__ import annotations

import itertools
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from tagwarehouse.dbt_sandbox import make_sandbox_project, run_sandbox_dbt

SPARK_SCHEMA = "cc_test"
requires_spark = pytest.mark.skipif(os.environ.get("MTW_TEST_SPARK") != "1", reason="Spark tests: MTW_TEST_SPARK=1")
CHAIN_LENGTH = 1000
# Plain label propagation needs CHAIN_LENGTH rounds on a chain; pointer jumping needs about log2(CHAIN_LENGTH).
CHAIN_MAX_ITERATIONS = 20

Edge = tuple[str | None, str | None]


@dataclass(frozen=True)
class Graph:
    edges: list[Edge]
    isolated_nodes: tuple[str, ...] = ()


def chain(ids: list[str]) -> list[Edge]:
    return list(itertools.pairwise(ids))


def build_graphs() -> dict[str, Graph]:
    ordered = [f"n{i:04d}" for i in range(CHAIN_LENGTH)]
    shuffled = ordered.copy()
    random.Random(7).shuffle(shuffled)
    leaves = [f"leaf{i:03d}" for i in range(200)]
    return {
        # the smallest id at one end: the worst case for label propagation
        "chain": Graph(chain(ordered)),
        # the smallest id at the other end, the edges written backwards
        "chain_reversed": Graph([(b, a) for a, b in chain(ordered[::-1])]),
        # ids in random order along the chain
        "chain_shuffled": Graph(chain(shuffled)),
        # a hub that is not the smallest id, and a second star whose hub is
        "star": Graph([("zhub", leaf) for leaf in leaves] + [("a_hub", f"b_leaf{i}") for i in range(20)]),
        # two components that look alike, plus a triangle
        "two_components": Graph(
            [
                *[("p1", "p2"), ("p2", "p3"), ("p3", "p4")],
                *[("q4", "q3"), ("q3", "q2"), ("q2", "q1")],
                *[("t1", "t2"), ("t2", "t3"), ("t3", "t1")],
            ]
        ),
        # nodes without edges (from the nodes relation), one also an end of an edge, and edges with a NULL end
        "isolated_nodes": Graph(
            [("x1", "x2"), ("x3", None), (None, "x4"), (None, None)],
            isolated_nodes=("i1", "i2", "x1", "x0"),
        ),
        # a node whose only edge is to itself, and self-loops inside a component
        "self_loops": Graph([("s1", "s1"), ("s2", "s2"), ("s2", "s3"), ("s3", "s3"), ("s4", "s3")]),
        # every edge several times, in both directions
        "duplicate_edges": Graph(
            [("d1", "d2"), ("d1", "d2"), ("d2", "d1"), ("d3", "d4"), ("d4", "d3"), ("d4", "d3"), ("d2", "d5")] * 3
        ),
    }


GRAPHS = build_graphs()


def expected_components(graph: Graph) -> dict[str, str]:
    """node_id -> the smallest node_id of its component, by union-find."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    for a, b in graph.edges:
        for node in (a, b):
            if node is not None:
                find(node)
        if a is not None and b is not None:
            union(a, b)
    for node in graph.isolated_nodes:
        find(node)
    return {node: find(node) for node in parent}


def csv_text(header: str, rows: list[tuple[str | None, ...]]) -> str:
    return header + "\n" + "".join(",".join(value or "" for value in row) + "\n" for row in rows)


def model_sql(
    graph_name: str,
    graph: Graph,
    *,
    max_iterations: int | None = None,
    post_hook: bool = True,
    method: str | None = "fastsv",
) -> str:
    hook = ', post_hook="{{ connected_components_drop_scratch() }}"' if post_hook else ""
    nodes = f", ref('{graph_name}_nodes')" if graph.isolated_nodes else ", none"
    iterations = f", max_iterations={max_iterations}" if max_iterations else ""
    method_argument = f", method='{method}'" if method else ""
    return (
        f"{{{{ config(materialized='table'{hook}) }}}}\n"
        f"{{{{ connected_components(ref('{edges_model(graph_name, graph)}'){nodes}{iterations}{method_argument}) }}}}\n"
    )


def has_null_ends(graph: Graph) -> bool:
    return any(None in edge for edge in graph.edges)


def edges_model(graph_name: str, graph: Graph) -> str:
    """The seed of the edges, or, when some edge has a NULL end, a view adding those edges to it."""
    return f"{graph_name}_edges_with_nulls" if has_null_ends(graph) else f"{graph_name}_edges"


def edges_with_nulls_sql(graph_name: str, graph: Graph) -> str:
    # dbt-spark's session seeds load an empty CSV value as the string 'None', so NULL ends are written in SQL.
    def literal(node: str | None) -> str:
        return f"'{node}'" if node is not None else "null"

    selects = [f"select node_a, node_b from {{{{ ref('{graph_name}_edges') }}}}"] + [
        f"select cast({literal(a)} as {{{{ dbt.type_string() }}}}) as node_a, "
        f"cast({literal(b)} as {{{{ dbt.type_string() }}}}) as node_b"
        for a, b in graph.edges
        if a is None or b is None
    ]
    return "{{ config(materialized='view') }}\n" + "\nunion all\n".join(selects) + "\n"


def make_project(root: Path, target: str) -> Path:
    seeds: dict[str, str] = {}
    models: dict[str, str] = {}
    for name, graph in GRAPHS.items():
        seeds[f"{name}_edges"] = csv_text("node_a,node_b", [edge for edge in graph.edges if None not in edge])
        if has_null_ends(graph):
            models[edges_model(name, graph)] = edges_with_nulls_sql(name, graph)
        if graph.isolated_nodes:
            seeds[f"{name}_nodes"] = csv_text("node_id", [(node,) for node in graph.isolated_nodes])
        iterations = CHAIN_MAX_ITERATIONS if name.startswith("chain") else None
        models[f"cc_{name}"] = model_sql(name, graph, max_iterations=iterations)
        if target == "duckdb":
            models[f"cc_{name}_recursive"] = model_sql(name, graph, method="recursive_cte")
    # no method: 'auto', the recursive CTE on DuckDB and FastSV elsewhere
    models["cc_auto"] = model_sql("two_components", GRAPHS["two_components"], method=None)
    # Models that must fail, built only by the tests that expect it.
    models["cc_not_converging"] = model_sql("chain", GRAPHS["chain"], max_iterations=3)
    models["cc_without_post_hook"] = model_sql("star", GRAPHS["star"], post_hook=False)
    extra = {
        "models/_failing.yml": "models:\n"
        + "".join(
            f"  - name: {name}\n    config:\n      tags: [expect_failure]\n"
            for name in ("cc_not_converging", "cc_without_post_hook")
        )
    }
    # Seeds are read as strings on every engine (ids such as x0 must not become numbers).
    seed_types = "\n".join(
        f"    {name}:\n      +column_types: {{{columns}}}"
        for name, columns in (
            *((f"{n}_edges", "node_a: string, node_b: string") for n in GRAPHS),
            *((f"{n}_nodes", "node_id: string") for n, g in GRAPHS.items() if g.isolated_nodes),
        )
    )
    project = make_sandbox_project(root, models=models, seeds=seeds, extra_files=extra)
    with (project / "dbt_project.yml").open("a") as handle:
        handle.write("seeds:\n  member_tag_warehouse:\n" + seed_types + "\n")
    return project


@dataclass
class BuiltProject:
    path: Path
    target: str
    build_output: str

    def components(self, model: str) -> dict[str, str]:
        if self.target == "duckdb":
            with duckdb.connect(str(self.path / "sandbox.duckdb"), read_only=True) as connection:
                rows = connection.sql(f"select node_id, component_id from main.{model}").fetchall()
        else:
            table = pq.read_table(self.path / "spark-warehouse" / f"{SPARK_SCHEMA}.db" / model)
            rows = list(zip(table["node_id"].to_pylist(), table["component_id"].to_pylist(), strict=True))
        result = dict(rows)
        assert len(result) == len(rows), f"{model}: a node appears more than once"
        return result

    def table_names(self) -> list[str]:
        if self.target == "duckdb":
            with duckdb.connect(str(self.path / "sandbox.duckdb"), read_only=True) as connection:
                return [row[0] for row in connection.sql("select table_name from information_schema.tables").fetchall()]
        return [path.name for path in (self.path / "spark-warehouse" / f"{SPARK_SCHEMA}.db").iterdir()]


def build(root: Path, target: str) -> BuiltProject:
    project = make_project(root, target)
    env = {"MTW_SPARK_SCHEMA": SPARK_SCHEMA}
    result = run_sandbox_dbt(project, ["build", "--exclude", "tag:expect_failure"], target=target, extra_env=env)
    assert result.returncode == 0, result.stdout[-5000:]
    return BuiltProject(project, target, result.stdout)


@pytest.fixture(scope="module")
def duckdb_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltProject]:
    yield build(tmp_path_factory.mktemp("cc_duckdb"), "duckdb")


@pytest.fixture(scope="module")
def spark_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltProject]:
    yield build(tmp_path_factory.mktemp("cc_spark"), "spark")


def assert_matches_union_find(project: BuiltProject, graph_name: str, suffix: str = "") -> None:
    expected = expected_components(GRAPHS[graph_name])
    actual = project.components(f"cc_{graph_name}{suffix}")
    assert actual == expected


@pytest.mark.parametrize("graph_name", list(GRAPHS))
def test_duckdb_matches_union_find(duckdb_project: BuiltProject, graph_name: str) -> None:
    assert_matches_union_find(duckdb_project, graph_name)


@pytest.mark.parametrize("graph_name", list(GRAPHS))
def test_duckdb_recursive_cte_matches_union_find(duckdb_project: BuiltProject, graph_name: str) -> None:
    assert_matches_union_find(duckdb_project, graph_name, suffix="_recursive")


@pytest.mark.parametrize("graph_name", list(GRAPHS))
def test_both_methods_give_the_same_partition(duckdb_project: BuiltProject, graph_name: str) -> None:
    fastsv = duckdb_project.components(f"cc_{graph_name}")
    recursive = duckdb_project.components(f"cc_{graph_name}_recursive")
    assert fastsv == recursive


def test_auto_is_the_recursive_cte_on_duckdb(duckdb_project: BuiltProject) -> None:
    # FastSV logs its rounds; the recursive CTE is one statement with no rounds and no scratch tables
    assert duckdb_project.components("cc_auto") == expected_components(GRAPHS["two_components"])
    converged = [line for line in duckdb_project.build_output.splitlines() if "converged in" in line]
    assert converged, "the FastSV models log their rounds"
    assert not [line for line in converged if "cc_auto" in line]


def test_unknown_method_is_an_error(duckdb_project: BuiltProject) -> None:
    # an unknown method stops the parse, so the model is added only for this test
    model = duckdb_project.path / "models" / "cc_unknown_method.sql"
    model.write_text(model_sql("star", GRAPHS["star"], method="union_find"))
    try:
        result = run_sandbox_dbt(duckdb_project.path, ["run", "--select", "cc_unknown_method"])
    finally:
        model.unlink()
    assert result.returncode != 0
    assert "method 'union_find' is not one of auto, fastsv, recursive_cte" in result.stdout


def test_duckdb_drops_scratch_tables(duckdb_project: BuiltProject) -> None:
    assert not [name for name in duckdb_project.table_names() if "__cc_" in name]


def test_long_chains_converge_in_logarithmic_rounds(duckdb_project: BuiltProject) -> None:
    # The chain models allow CHAIN_MAX_ITERATIONS rounds only, so building them proves it; the log says how many.
    rounds = {
        match["graph"]: int(match["rounds"])
        for match in re.finditer(
            r'"(?P<graph>chain\w*)_edges" converged in (?P<rounds>\d+) rounds', duckdb_project.build_output
        )
    }
    assert set(rounds) == {"chain", "chain_reversed", "chain_shuffled"}
    assert max(rounds.values()) <= CHAIN_MAX_ITERATIONS


def test_not_converging_names_the_relation_and_cleans_up(duckdb_project: BuiltProject) -> None:
    result = run_sandbox_dbt(duckdb_project.path, ["run", "--select", "cc_not_converging"])
    assert result.returncode != 0
    assert '"main"."chain_edges"' in result.stdout
    assert "did not converge within 3 iterations" in result.stdout
    assert not [name for name in duckdb_project.table_names() if "__cc_" in name]


def test_missing_post_hook_is_an_error(duckdb_project: BuiltProject) -> None:
    result = run_sandbox_dbt(duckdb_project.path, ["run", "--select", "cc_without_post_hook"])
    assert result.returncode != 0
    assert "connected_components_drop_scratch" in result.stdout


def test_compile_renders_a_placeholder_without_running(duckdb_project: BuiltProject) -> None:
    result = run_sandbox_dbt(duckdb_project.path, ["compile", "--select", "cc_star"])
    assert result.returncode == 0, result.stdout
    compiled = (
        duckdb_project.path / "target" / "compiled" / "member_tag_warehouse" / "models" / "cc_star.sql"
    ).read_text()
    assert "where 1 = 0" in compiled
    assert "__cc_" not in compiled


def test_show_returns_the_components(duckdb_project: BuiltProject) -> None:
    result = run_sandbox_dbt(duckdb_project.path, ["show", "--select", "cc_two_components", "--limit", "20"])
    assert result.returncode == 0, result.stdout
    assert "| p1 " in result.stdout


def test_leftovers_of_an_earlier_invocation_are_dropped_by_the_next_run(duckdb_project: BuiltProject) -> None:
    # dbt show and a failed run execute no post-hook; the next run of the model drops what they left
    stale = "cc_two_components__cc_0123456789ab_edges"
    with duckdb.connect(str(duckdb_project.path / "sandbox.duckdb")) as connection:
        connection.execute(f"create table main.{stale} as select 1 as leftover")
    result = run_sandbox_dbt(duckdb_project.path, ["run", "--select", "cc_two_components"])
    assert result.returncode == 0, result.stdout
    assert not [name for name in duckdb_project.table_names() if "__cc_" in name]
    assert_matches_union_find(duckdb_project, "two_components")


@pytest.mark.parametrize("graph_name", list(GRAPHS))
@pytest.mark.spark
@requires_spark
def test_spark_matches_union_find(spark_project: BuiltProject, graph_name: str) -> None:
    assert_matches_union_find(spark_project, graph_name)


@pytest.mark.spark
@requires_spark
def test_spark_drops_scratch_tables(spark_project: BuiltProject) -> None:
    assert not [name for name in spark_project.table_names() if "__cc_" in name]
