"""Adding a tag is adding one SQL model and its YAML: nothing else is edited, and after the build the guide gives
(`dbt build --select tag_<name> member_tags_wide+`) the tag shows up in member_tags_wide, member_tags_long and
tag_catalog. Incomplete tag meta, and a tag that reads a model the tag layer does not declare as an input, fail
naming the model and what to do.

Each test works on a copy of the project (models, macros, seeds, dbt_project.yml ...) in a temporary folder, so the
repository is never touched; the tag is added to a copy of the session's built sample (conftest.built_sample)."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from .conftest import PROJECT_ROOT, SAMPLE_DATA, BuiltSample, copy_project, run_dbt

THROWAWAY_DIR = Path("models/marts/tags/demographics")
THROWAWAY_SQL = """\
with

members as (

    select * from {{ ref('dim_members') }}

),

final as (

    select
        member_id,
        case when gender = 'female' then 'yes' end as throwaway_is_female,
        card_count as throwaway_card_count
    from members

)

select * from final
"""

THROWAWAY_YAML = """\
models:
  - name: tag_throwaway
    description: A tag model added by the test.
    columns:
      - name: member_id
        description: Member ID.
      - name: throwaway_is_female
        description: yes for women.
        config:
          meta:
            tag:
              code: throwaway_female
              name_en: Throwaway female
              name_zh: 测试女性
              dimension: demographics
              kind: rule
              value_type: string
              allowed_values: ['yes']
              refresh: daily
      - name: throwaway_card_count
        description: Store cards held.
        config:
          meta:
            tag:
              code: throwaway_card_count
              name_en: Throwaway card count
              name_zh: 测试会员卡数
              dimension: demographics
              kind: statistic
              value_type: integer
              refresh: daily
"""


def add_throwaway_tag(project: Path, sql: str = THROWAWAY_SQL, yaml: str | None = THROWAWAY_YAML) -> list[Path]:
    added = [project / THROWAWAY_DIR / "tag_throwaway.sql"]
    added[0].write_text(sql, encoding="utf-8")
    if yaml is not None:
        added.append(project / THROWAWAY_DIR / "_throwaway__tags.yml")
        added[1].write_text(yaml, encoding="utf-8")
    return added


def changed_files(original: Path, copy: Path) -> list[str]:
    """Relative paths that differ between the project and its copy (new, removed or modified files)."""
    differences: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: Path) -> None:
        differences.extend(str(prefix / name) for name in comparison.left_only + comparison.right_only)
        differences.extend(str(prefix / name) for name in comparison.diff_files)
        for name, sub in comparison.subdirs.items():
            walk(sub, prefix / name)

    ignored = [".venv", ".git", "target", "logs", "dbt_packages", "data", "bench", "__pycache__", ".pytest_cache"]
    ignored += [p.name for p in original.glob("*.egg-info")]
    walk(filecmp.dircmp(original, copy, ignore=ignored), Path("."))
    return sorted(differences)


@dataclass(frozen=True)
class TagAdded:
    project: Path  # the copy with the throwaway tag
    db_path: Path  # its DuckDB file, built
    added: list[Path]  # the files the tag added
    pristine: Path  # the untouched project the copy was made from


@pytest.fixture(scope="module")
def built_copy(built_sample: BuiltSample, tmp_path_factory: pytest.TempPathFactory) -> TagAdded:
    """A copy of the built sample with one throwaway tag added, built as the guide says."""
    copied = built_sample.copy_to(tmp_path_factory.mktemp("add_a_tag"))
    added = add_throwaway_tag(copied.project)
    result = run_dbt(
        ["build", "--select", "tag_throwaway", "member_tags_wide+"],
        raw_data=SAMPLE_DATA,
        db_path=copied.db_path,
        project_dir=copied.project,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return TagAdded(copied.project, copied.db_path, added, built_sample.project)


def test_adding_a_tag_touches_no_other_file(built_copy: TagAdded) -> None:
    assert changed_files(built_copy.pristine, built_copy.project) == sorted(
        str(Path(".") / p.relative_to(built_copy.project)) for p in built_copy.added
    )


def test_new_tag_is_in_wide_long_and_catalog(built_copy: TagAdded) -> None:
    db_path = built_copy.db_path
    with duckdb.connect(str(db_path), read_only=True) as con:
        wide_types = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_name = 'member_tags_wide' and column_name like 'throwaway%'"
            ).fetchall()
        )
        assert wide_types == {"throwaway_female": "VARCHAR", "throwaway_card_count": "BIGINT"}

        count_sql = "select count(*) from main_marts.dim_members where gender {}"
        expected_women = con.execute(count_sql.format("= 'female'")).fetchone()[0]
        assert expected_women > 0
        wide_women = con.execute(
            "select count(*) from main_marts.member_tags_wide where throwaway_female = 'yes'"
        ).fetchone()[0]
        assert wide_women == expected_women
        wide_nulls = con.execute(
            "select count(*) from main_marts.member_tags_wide where throwaway_female is null"
        ).fetchone()[0]
        assert wide_nulls == con.execute(count_sql.format("!= 'female'")).fetchone()[0]

        long_rows = con.execute(
            "select tag_value, count(*) from main_marts.member_tags_long "
            "where tag_code = 'throwaway_female' group by tag_value"
        ).fetchall()
        assert long_rows == [("yes", expected_women)]
        cards_long = con.execute(
            "select sum(cast(tag_value as integer)) from main_marts.member_tags_long "
            "where tag_code = 'throwaway_card_count'"
        ).fetchone()[0]
        assert cards_long == con.execute("select sum(card_count) from main_marts.dim_members").fetchone()[0]

        catalog = con.execute(
            "select tag_name_zh, dimension, tag_kind, value_type, allowed_values, source_model, source_column, "
            "members_with_value, top_values from main_marts.tag_catalog where tag_code = 'throwaway_female'"
        ).fetchall()
        assert catalog == [
            (
                "测试女性",
                "demographics",
                "rule",
                "string",
                "yes",
                "tag_throwaway",
                "throwaway_is_female",
                expected_women,
                f"yes ({expected_women})",
            )
        ]


def test_the_tag_tables_pass_their_data_tests(built_copy: TagAdded) -> None:
    """The allowed-values test covers the new tag too (it reads tag_definitions())."""
    project, db_path = built_copy.project, built_copy.db_path
    result = run_dbt(
        # cautious: tests that also read models this copy did not build (segments on tag_catalog) stay out
        [
            "test",
            "--select",
            "member_tags_wide",
            "member_tag_values",
            "member_tags_long",
            "tag_catalog",
            "tag_throwaway",
            "--indirect-selection",
            "cautious",
        ],
        raw_data=SAMPLE_DATA,
        db_path=db_path,
        project_dir=project,
    )
    assert result.returncode == 0, result.stdout[-5000:]


def without_first_meta(yaml: str) -> str:
    return yaml.split("        config:")[0] + yaml.split("              refresh: daily\n", 1)[1]


BROKEN_META = [
    ("missing_field", lambda y: y.replace("              name_zh: 测试女性\n", ""), ["'meta.tag.name_zh'"]),
    (
        "bad_dimension",
        lambda y: y.replace("dimension: demographics", "dimension: hobbies", 1),
        ["dimension", "hobbies"],
    ),
    ("bad_kind", lambda y: y.replace("kind: rule", "kind: guess", 1), ["'meta.tag.kind'", "guess"]),
    ("bad_value_type", lambda y: y.replace("value_type: string", "value_type: text", 1), ["'meta.tag.value_type'"]),
    ("no_tag_meta", without_first_meta, ["'meta.tag'"]),
]


@pytest.mark.parametrize(("case", "breaks", "expected"), BROKEN_META, ids=[c[0] for c in BROKEN_META])
def test_incomplete_meta_fails_naming_model_and_field(tmp_path: Path, case: str, breaks, expected: list[str]) -> None:
    project = copy_project(tmp_path / "project")
    add_throwaway_tag(project, yaml=breaks(THROWAWAY_YAML))
    result = run_dbt(
        ["compile", "--select", "tag_catalog"], raw_data=SAMPLE_DATA, db_path=tmp_path / "w.duckdb", project_dir=project
    )
    assert result.returncode != 0, f"{case}: the build should fail"
    assert "Tag model 'tag_throwaway'" in result.stdout, result.stdout[-3000:]
    for fragment in expected:
        assert fragment in result.stdout, result.stdout[-3000:]


def test_tag_model_without_yaml_fails(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_throwaway_tag(project, yaml=None)
    result = run_dbt(
        ["compile", "--select", "tag_catalog"], raw_data=SAMPLE_DATA, db_path=tmp_path / "w.duckdb", project_dir=project
    )
    assert result.returncode != 0
    assert "Tag model 'tag_throwaway'" in result.stdout and "has no YAML" in result.stdout, result.stdout[-3000:]


def test_undocumented_column_fails_naming_model_and_column(built_copy: TagAdded, tmp_path: Path) -> None:
    """A column the SQL returns but the YAML does not describe has no tag meta: the wide table refuses it."""
    source_project, source_db = built_copy.project, built_copy.db_path
    project = tmp_path / "project"
    shutil.copytree(source_project, project)
    db_path = tmp_path / "w.duckdb"
    shutil.copy(source_db, db_path)
    column = "card_count as throwaway_card_count"
    sql = THROWAWAY_SQL.replace(column, column + ",\n        1 as stray")
    (project / THROWAWAY_DIR / "tag_throwaway.sql").write_text(sql, encoding="utf-8")
    result = run_dbt(
        ["run", "--select", "member_tags_wide"], raw_data=SAMPLE_DATA, db_path=db_path, project_dir=project
    )
    assert result.returncode != 0
    assert "Tag model 'tag_throwaway'" in result.stdout and "column 'stray'" in result.stdout, result.stdout[-3000:]
    assert "missing YAML" in result.stdout


def test_no_identifier_value_is_a_tag_value(built_copy: TagAdded) -> None:
    """Privacy at the data level: no mobile, openid, unionid, WeCom id or card number shows up as a tag value."""
    db_path = built_copy.db_path
    with duckdb.connect(str(db_path), read_only=True) as con:
        identifiers = con.execute("select count(*) from main_restricted.member_identity_map").fetchone()[0]
        assert identifiers > 0
        leaked = con.execute(
            "select tags.tag_code, count(*) from main_marts.member_tags_long as tags "
            "inner join main_restricted.member_identity_map as identifiers "
            "on tags.tag_value = identifiers.identifier_value group by tags.tag_code"
        ).fetchall()
        assert leaked == []


UNDECLARED_INPUT_SQL = """\
with

monthly as (

    select * from {{ ref('int_member_aipl_monthly') }}

),

final as (

    select
        member_id,
        case when max(aipl_stage) is not null then 'yes' end as throwaway_is_female,
        count(*) as throwaway_card_count
    from monthly
    group by member_id

)

select * from final
"""


def test_a_tag_reading_an_undeclared_input_fails_naming_the_line_to_add(
    built_sample: BuiltSample, tmp_path: Path
) -> None:
    """dbt needs member_tags_wide's parents at parse time, so a tag reading a model no tag read before needs that
    model in tag_input_models(): the compile fails saying so, and adding the one line named makes it pass."""
    copied = built_sample.copy_to(tmp_path)
    project, db_path = copied.project, copied.db_path
    add_throwaway_tag(project, sql=UNDECLARED_INPUT_SQL)
    compile_wide = ["compile", "--select", "member_tags_wide"]
    result = run_dbt(compile_wide, raw_data=SAMPLE_DATA, db_path=db_path, project_dir=project)
    assert result.returncode != 0
    output = " ".join(result.stdout.split())  # dbt wraps long messages
    assert (
        "Tag model 'tag_throwaway' (models/marts/tags/demographics/tag_throwaway.sql) reads "
        "'model.member_tag_warehouse.int_member_aipl_monthly', which is not a tag input: add "
        "'int_member_aipl_monthly' to tag_input_models() in macros/tags/tag_assembly.sql"
    ) in output, result.stdout[-3000:]

    assembly = project / "macros" / "tags" / "tag_assembly.sql"
    text = assembly.read_text(encoding="utf-8")
    listed = "        'int_member_aipl',\n"
    assert text.count(listed) == 1
    assembly.write_text(text.replace(listed, listed + "        'int_member_aipl_monthly',\n"), encoding="utf-8")
    result = run_dbt(compile_wide, raw_data=SAMPLE_DATA, db_path=db_path, project_dir=project)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_guide_lists_every_tag(built_sample: BuiltSample) -> None:
    """docs/tags.md, "Tags shipped", names every tag code of the project, and no other."""
    manifest = json.loads(built_sample.manifest_path.read_text(encoding="utf-8"))
    codes = {
        column["meta"]["tag"]["code"]
        for node in manifest["nodes"].values()
        for column in node.get("columns", {}).values()
        if isinstance(column.get("meta", {}).get("tag"), dict)
    }
    guide = (PROJECT_ROOT / "docs" / "tags.md").read_text(encoding="utf-8")
    table = guide.split("## Tags shipped", 1)[1].split("\n\n", 2)[1]
    listed = set()
    for row in table.splitlines()[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        listed.update(re.match(r"[a-z][a-z0-9_]*", item.strip()).group(0) for item in cells[1].split(", "))
    assert len(codes) > 50
    assert listed == codes
