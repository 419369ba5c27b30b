"""Tag history: four builds. The first two are at different as-of dates: the snapshot answers "which tags did a
member have on a past date" with exactly the first build's values, and tag_change_log lists exactly the differences
between the two builds (added, changed, removed), stamped with the second as-of date. A third build at the same
as-of date with a different birthday window changes only is_birthday_soon, stamped one second later (no key
collision). A fourth build back at the first as-of date is stamped one more second later and removes the values the
second build added: the snapshot closes them (hard deletes) and the change log lists them as removed. Each build
also appends segment_membership_events: exactly the enter and exit events that turn the previous build's
member_segments into the new one.

On DuckDB always; on Spark too with MTW_TEST_SPARK=1 (dbt-spark installed: bin/setup spark), in a copy of the
project with its own local warehouse (about 17 minutes), reading the Parquet tables the builds wrote."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pytest

from .conftest import PROJECT_ROOT, SAMPLE_DATA, run_dbt
from .identity_fixtures import project_copy

FIRST_AS_OF = "2026-06-30"
SECOND_AS_OF = "2026-11-14"
SPARK_SCHEMA = "tag_history"
BUILD = [
    "build",
    "--select",
    "+tag_change_log",
    "+member_tags_snapshot",
    "+tag_catalog",
    "+segment_membership_events",
    "--exclude",
    "test_type:unit",
    "--indirect-selection",
    "cautious",
]
REBUILD = [
    "build",
    "--select",
    "member_tags_wide",
    "member_tag_values",
    "member_tags_long",
    "tag_catalog",
    "member_tags_snapshot",
    "tag_change_log",
    "member_segments",
    "segment_membership_events",
    "--indirect-selection",
    "cautious",
]

Values = dict[tuple[str, str], str]
requires_spark = pytest.mark.skipif(os.environ.get("MTW_TEST_SPARK") != "1", reason="Spark tests: MTW_TEST_SPARK=1")
ENGINES = [pytest.param("duckdb"), pytest.param("spark", marks=[pytest.mark.spark, requires_spark])]


@dataclass
class Warehouse:
    """Where one engine's builds go, and how to read one of its tables as dicts."""

    engine: str
    project: Path
    db_path: Path

    def rows(self, schema: str, table: str, columns: list[str]) -> list[dict[str, object]]:
        if self.engine == "duckdb":
            with duckdb.connect(str(self.db_path), read_only=True) as con:
                result = con.execute(f"select {', '.join(columns)} from main_{schema}.{table}").fetchall()
            return [dict(zip(columns, row, strict=True)) for row in result]
        folder = self.project / "spark-warehouse" / f"{SPARK_SCHEMA}_{schema}.db" / table
        return pads.dataset(folder, format="parquet").to_table(columns=columns).to_pylist()

    def build(self, args: list[str], variables: str) -> None:
        spark = {"MTW_TARGET": "spark", "MTW_SPARK_SCHEMA": SPARK_SCHEMA} if self.engine == "spark" else None
        result = run_dbt(
            [*args, "--vars", variables],
            raw_data=SAMPLE_DATA,
            db_path=self.db_path,
            project_dir=self.project,
            extra_env=spark,
        )
        assert result.returncode == 0, result.stdout[-5000:]


@dataclass
class SegmentBuild:
    as_of_date: str
    members: set[tuple[str, str]]
    events: list[dict[str, object]]


def segment_build(warehouse: Warehouse, as_of_date: str) -> SegmentBuild:
    members = warehouse.rows("marts", "member_segments", ["member_id", "segment_name"])
    columns = ["segment_event_id", "member_id", "segment_name", "event_type", "event_date", "is_initial_load"]
    return SegmentBuild(
        as_of_date,
        {(row["member_id"], row["segment_name"]) for row in members},
        warehouse.rows("marts", "segment_membership_events", columns),
    )


@dataclass
class History:
    first: Values
    second: Values
    third: Values
    # the snapshot and change log after the third build, and after the fourth
    snapshot: list[dict[str, object]]
    change_log: list[dict[str, object]]
    fourth: Values
    final_snapshot: list[dict[str, object]]
    final_change_log: list[dict[str, object]]
    # after each build: its as-of date, member_segments and the whole segment_membership_events table
    segment_builds: list[SegmentBuild]

    def values_on(self, day: str) -> Values:
        moment = datetime.fromisoformat(day)
        return {
            (row["member_id"], row["tag_code"]): row["tag_value"]
            for row in self.snapshot
            if row["dbt_valid_from"] <= moment and (row["dbt_valid_to"] is None or row["dbt_valid_to"] > moment)
        }


def historised_values(warehouse: Warehouse) -> Values:
    catalog = warehouse.rows("marts", "tag_catalog", ["tag_code", "is_historised"])
    historised = {row["tag_code"] for row in catalog if row["is_historised"]}
    return {
        (row["member_id"], row["tag_code"]): row["tag_value"]
        for row in warehouse.rows("marts", "member_tag_values", ["member_id", "tag_code", "tag_value"])
        if row["tag_code"] in historised
    }


@pytest.fixture(scope="module", params=ENGINES)
def two_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> History:
    scratch = tmp_path_factory.mktemp(f"history_{request.param}")
    # Spark writes its warehouse and metastore in the working directory: a copy of the project keeps them out
    project = project_copy(scratch / "project") if request.param == "spark" else PROJECT_ROOT
    warehouse = Warehouse(request.param, project, scratch / "w.duckdb")
    warehouse.build(BUILD, f"{{as_of_date: '{FIRST_AS_OF}'}}")
    first = historised_values(warehouse)
    segment_builds = [segment_build(warehouse, FIRST_AS_OF)]
    warehouse.build(BUILD, f"{{as_of_date: '{SECOND_AS_OF}'}}")
    second = historised_values(warehouse)
    segment_builds.append(segment_build(warehouse, SECOND_AS_OF))
    warehouse.build(REBUILD, f"{{as_of_date: '{SECOND_AS_OF}', birthday_window_days: 7}}")
    snapshot_columns = ["member_id", "tag_code", "tag_value", "dbt_valid_from", "dbt_valid_to"]
    log_columns = ["member_id", "tag_code", "change_type", "old_value", "new_value", "changed_at"]
    third = historised_values(warehouse)
    segment_builds.append(segment_build(warehouse, SECOND_AS_OF))
    snapshot = warehouse.rows("snapshots", "member_tags_snapshot", snapshot_columns)
    change_log = warehouse.rows("marts", "tag_change_log", log_columns)
    warehouse.build(BUILD, f"{{as_of_date: '{FIRST_AS_OF}'}}")
    segment_builds.append(segment_build(warehouse, FIRST_AS_OF))
    return History(
        first,
        second,
        third,
        snapshot,
        change_log,
        historised_values(warehouse),
        warehouse.rows("snapshots", "member_tags_snapshot", snapshot_columns),
        warehouse.rows("marts", "tag_change_log", log_columns),
        segment_builds,
    )


def test_the_builds_differ(two_builds: History) -> None:
    first, second = two_builds.first, two_builds.second
    assert first and second
    changed_tags = {tag for key, value in first.items() if second.get(key, value) != value for tag in [key[1]]}
    # as-of dependent rule tags move between the two dates
    assert {"lifecycle_stage", "rfm_group"} <= changed_tags


def test_snapshot_answers_a_past_date(two_builds: History) -> None:
    stamps = {row["dbt_valid_from"] for row in two_builds.snapshot}
    assert stamps == {
        datetime.fromisoformat(FIRST_AS_OF),
        datetime.fromisoformat(SECOND_AS_OF),
        datetime.fromisoformat(SECOND_AS_OF) + timedelta(seconds=1),
    }
    assert two_builds.values_on("2026-07-01") == two_builds.first
    assert two_builds.values_on("2026-11-15") == two_builds.third


def differences(before: Values, after: Values) -> set[tuple[str, str, str, str | None, str | None]]:
    expected = set()
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old != new:
            change_type = "added" if old is None else "removed" if new is None else "changed"
            expected.add((*key, change_type, old, new))
    return expected


def test_change_log_lists_exactly_the_differences(two_builds: History) -> None:
    logged = two_builds.change_log
    second_stamp = datetime.fromisoformat(SECOND_AS_OF)
    third_stamp = second_stamp + timedelta(seconds=1)
    assert {row["changed_at"] for row in logged} == {second_stamp, third_stamp}
    for stamp, before, after in [
        (second_stamp, two_builds.first, two_builds.second),
        (third_stamp, two_builds.second, two_builds.third),
    ]:
        expected = differences(before, after)
        assert expected
        at_stamp = [
            (row["member_id"], row["tag_code"], row["change_type"], row["old_value"], row["new_value"])
            for row in logged
            if row["changed_at"] == stamp
        ]
        assert set(at_stamp) == expected
        assert len(at_stamp) == len(expected)
    assert {row[1] for row in differences(two_builds.second, two_builds.third)} == {"is_birthday_soon"}


def test_a_rebuild_at_an_earlier_date_closes_removed_values(two_builds: History) -> None:
    fourth_stamp = datetime.fromisoformat(SECOND_AS_OF) + timedelta(seconds=2)
    snapshot = two_builds.final_snapshot
    assert max(row["dbt_valid_from"] for row in snapshot) == fourth_stamp
    current = {(row["member_id"], row["tag_code"]): row["tag_value"] for row in snapshot if row["dbt_valid_to"] is None}
    assert current == two_builds.fourth
    expected = differences(two_builds.third, two_builds.fourth)
    removed = {(change[0], change[1]) for change in expected if change[2] == "removed"}
    assert removed, "going back to the earlier date removes the values the later date added"
    closed = {(row["member_id"], row["tag_code"]) for row in snapshot if row["dbt_valid_to"] == fourth_stamp}
    assert removed <= closed
    at_fourth = [
        (row["member_id"], row["tag_code"], row["change_type"], row["old_value"], row["new_value"])
        for row in two_builds.final_change_log
        if row["changed_at"] == fourth_stamp
    ]
    assert set(at_fourth) == expected
    assert len(at_fourth) == len(expected)


def test_segment_events_are_the_membership_differences(two_builds: History) -> None:
    """segment_membership_events: the first build records every member as entering (initial load); each later build
    appends exactly one enter per (member, segment) that member_segments gained and one exit per pair it lost."""
    previous: set[tuple[str, str]] = set()
    recorded: set[object] = set()
    exits = 0
    for number, build in enumerate(two_builds.segment_builds):
        new = [event for event in build.events if event["segment_event_id"] not in recorded]
        assert {event["segment_event_id"] for event in build.events} >= recorded  # append only
        entered = {(e["member_id"], e["segment_name"]) for e in new if e["event_type"] == "enter"}
        exited = {(e["member_id"], e["segment_name"]) for e in new if e["event_type"] == "exit"}
        assert entered == build.members - previous, f"build {number + 1}"
        assert exited == previous - build.members, f"build {number + 1}"
        assert len(new) == len(entered) + len(exited)
        assert {str(event["event_date"]) for event in new} <= {build.as_of_date}
        assert {event["is_initial_load"] for event in new} <= {number == 0}
        previous, recorded = build.members, {event["segment_event_id"] for event in build.events}
        exits += len(exited)
    assert two_builds.segment_builds[0].members and exits > 0
