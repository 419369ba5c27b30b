"""Tag history: two builds at different as-of dates. The snapshot answers "which tags did a member have on a
past date" with exactly the first build's values, and tag_change_log lists exactly the differences between the
two builds (added, changed, removed), stamped with the second as-of date. A third build at the same as-of date
with a different birthday window changes only is_birthday_soon, stamped one second later (no key collision)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from .conftest import SAMPLE_DATA, run_dbt

FIRST_AS_OF = "2026-06-30"
SECOND_AS_OF = "2026-11-14"
BUILD = [
    "build",
    "--select",
    "+tag_change_log",
    "+member_tags_snapshot",
    "+tag_catalog",
    "--exclude",
    "test_type:unit",
    "--indirect-selection",
    "cautious",
]

Values = dict[tuple[str, str], str]


def historised_values(db_path: Path) -> Values:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "select values.member_id, values.tag_code, values.tag_value "
            "from main_marts.member_tag_values as values "
            "inner join main_marts.tag_catalog as catalog on values.tag_code = catalog.tag_code "
            "where catalog.is_historised"
        ).fetchall()
    return {(member_id, tag_code): value for member_id, tag_code, value in rows}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Values, Values, Values]:
    scratch = tmp_path_factory.mktemp("history")
    db_path = scratch / "w.duckdb"
    first = run_dbt([*BUILD, "--vars", f"{{as_of_date: '{FIRST_AS_OF}'}}"], raw_data=SAMPLE_DATA, db_path=db_path)
    assert first.returncode == 0, first.stdout[-5000:]
    first_values = historised_values(db_path)
    second = run_dbt([*BUILD, "--vars", f"{{as_of_date: '{SECOND_AS_OF}'}}"], raw_data=SAMPLE_DATA, db_path=db_path)
    assert second.returncode == 0, second.stdout[-5000:]
    second_values = historised_values(db_path)
    rebuild = run_dbt(
        [
            "build",
            "--select",
            "member_tags_wide",
            "member_tag_values",
            "member_tags_long",
            "tag_catalog",
            "member_tags_snapshot",
            "tag_change_log",
            "--indirect-selection",
            "cautious",
            "--vars",
            f"{{as_of_date: '{SECOND_AS_OF}', birthday_window_days: 7}}",
        ],
        raw_data=SAMPLE_DATA,
        db_path=db_path,
    )
    assert rebuild.returncode == 0, rebuild.stdout[-5000:]
    return db_path, first_values, second_values, historised_values(db_path)


def test_the_builds_differ(two_builds: tuple[Path, Values, Values, Values]) -> None:
    _, first, second, _ = two_builds
    assert first and second
    changed_tags = {tag for key, value in first.items() if second.get(key, value) != value for tag in [key[1]]}
    # as-of dependent rule tags move between the two dates
    assert {"lifecycle_stage", "rfm_group"} <= changed_tags


def test_snapshot_answers_a_past_date(two_builds: tuple[Path, Values, Values, Values]) -> None:
    db_path, first, _, third = two_builds
    with duckdb.connect(str(db_path), read_only=True) as con:
        stamps = {
            row[0]
            for row in con.execute("select distinct dbt_valid_from from main_snapshots.member_tags_snapshot").fetchall()
        }
        assert stamps == {
            datetime.fromisoformat(FIRST_AS_OF),
            datetime.fromisoformat(SECOND_AS_OF),
            datetime.fromisoformat(SECOND_AS_OF) + timedelta(seconds=1),
        }

        def values_on(day: str) -> Values:
            rows = con.execute(
                "select member_id, tag_code, tag_value from main_snapshots.member_tags_snapshot "
                "where dbt_valid_from <= cast(? as timestamp) "
                "and (dbt_valid_to is null or dbt_valid_to > cast(? as timestamp))",
                [day, day],
            ).fetchall()
            return {(member_id, tag_code): value for member_id, tag_code, value in rows}

        assert values_on("2026-07-01") == first
        assert values_on("2026-11-15") == third


def differences(before: Values, after: Values) -> set[tuple[str, str, str, str | None, str | None]]:
    expected = set()
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old != new:
            change_type = "added" if old is None else "removed" if new is None else "changed"
            expected.add((*key, change_type, old, new))
    return expected


def test_change_log_lists_exactly_the_differences(two_builds: tuple[Path, Values, Values, Values]) -> None:
    db_path, first, second, third = two_builds
    with duckdb.connect(str(db_path), read_only=True) as con:
        logged = con.execute(
            "select member_id, tag_code, change_type, old_value, new_value, changed_at from main_marts.tag_change_log"
        ).fetchall()
    second_stamp = datetime.fromisoformat(SECOND_AS_OF)
    third_stamp = second_stamp + timedelta(seconds=1)
    assert {row[5] for row in logged} == {second_stamp, third_stamp}
    for stamp, before, after in [(second_stamp, first, second), (third_stamp, second, third)]:
        expected = differences(before, after)
        assert expected
        at_stamp = [row[:5] for row in logged if row[5] == stamp]
        assert set(at_stamp) == expected
        assert len(at_stamp) == len(expected)
    assert {row[1] for row in differences(second, third)} == {"is_birthday_soon"}
