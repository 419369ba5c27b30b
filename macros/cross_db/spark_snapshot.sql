{#- Snapshots on Spark without Delta/Iceberg/Hudi. dbt-spark's snapshot materialization refuses any other file
    format (it updates dbt_valid_to with MERGE INTO, which plain Parquet tables do not support), and a local
    session (the `spark` target) has no Delta. This override (the root project's materialization wins over the
    adapter's) is dbt-spark 1.11's materialization with two changes. When the table is not Delta/Iceberg/Hudi, the
    merge is done by rewriting the table, i.e. the same result as spark__snapshot_merge_sql:
      - a current version (dbt_valid_to null) whose dbt_scd_id has an 'update' or 'delete' row in the staging view
        gets that row's dbt_valid_to;
      - 'insert' rows whose dbt_scd_id is not in the table yet are appended.
    The new contents are written to <snapshot>__dbt_merged first and copied back with INSERT OVERWRITE (Spark does
    not overwrite a table the same query reads). Delta, Iceberg and Hudi tables keep dbt-spark's MERGE. Fine for
    the tag snapshot's size; a large snapshot on a cluster belongs in Delta (file_format: delta). And a composite
    unique key's dbt_unique_key_N columns are not added to the snapshot (see below). -#}

{% macro spark_parquet_snapshot_rewrite(target, source, insert_cols) -%}
    {%- set columns = config.get("snapshot_table_column_names") or get_snapshot_table_column_names() -%}
    {%- set merged = api.Relation.create(
        identifier=target.identifier ~ '__dbt_merged', schema=target.schema, database=none, type='table') -%}
    {%- set target_columns = adapter.get_columns_in_relation(target) | map(attribute='name') | list -%}
    {%- set changes -%}
        select {{ columns.dbt_scd_id }} as changed_scd_id, {{ columns.dbt_valid_to }} as new_valid_to
        from {{ source }}
        where dbt_change_type in ('update', 'delete')
    {%- endset -%}

    {% call statement('snapshot_rewrite_drop_old') %}
        drop table if exists {{ merged }}
    {% endcall %}
    {% call statement('snapshot_rewrite_build') %}
        create table {{ merged }} using parquet as
        select
            {%- for column in target_columns %}
            {%- if column | lower == columns.dbt_valid_to | lower %}
            case
                when changes.changed_scd_id is not null then changes.new_valid_to
                else DBT_INTERNAL_DEST.{{ adapter.quote(column) }}
            end as {{ adapter.quote(column) }}
            {%- else %}
            DBT_INTERNAL_DEST.{{ adapter.quote(column) }}
            {%- endif %}
            {%- if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ target }} as DBT_INTERNAL_DEST
        left join ({{ changes }}) as changes
            on DBT_INTERNAL_DEST.{{ columns.dbt_scd_id }} = changes.changed_scd_id
                and DBT_INTERNAL_DEST.{{ columns.dbt_valid_to }} is null
        union all
        select
            {%- for column in target_columns %}
            DBT_INTERNAL_SOURCE.{{ adapter.quote(column) }}
            {%- if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ source }} as DBT_INTERNAL_SOURCE
        left anti join {{ target }} as DBT_INTERNAL_DEST
            on DBT_INTERNAL_SOURCE.{{ columns.dbt_scd_id }} = DBT_INTERNAL_DEST.{{ columns.dbt_scd_id }}
        where DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
    {% endcall %}
    {#- The caller runs the returned statement as 'main'. -#}
    insert overwrite table {{ target }} select * from {{ merged }}
{%- endmacro %}


{% materialization snapshot, adapter='spark' %}

  {%- set target_table = model.get('alias', model.get('name')) -%}

  {%- set strategy_name = config.get('strategy') -%}
  {%- set unique_key = config.get('unique_key') %}
  {%- set file_format = config.get('file_format') or 'parquet' -%}
  {%- set grant_config = config.get('grants') -%}

  {% set target_relation_exists, target_relation = get_or_create_relation(
          database=none,
          schema=model.schema,
          identifier=target_table,
          type='table') -%}

  {%- set rewrites = file_format not in ['delta', 'iceberg', 'hudi'] -%}
  {%- if target_relation_exists and not rewrites -%}
    {%- if not target_relation.is_delta and not target_relation.is_iceberg and not target_relation.is_hudi -%}
      {% do exceptions.raise_compiler_error(
          'The existing table ' ~ model.schema ~ '.' ~ target_table
          ~ " is in another format than 'delta' or 'iceberg' or 'hudi'") %}
    {% endif %}
  {% endif %}

  {% if not adapter.check_schema_exists(model.database, model.schema) %}
    {% do create_schema(model.schema) %}
  {% endif %}

  {%- if not target_relation.is_table -%}
    {% do exceptions.relation_wrong_type(target_relation, 'table') %}
  {%- endif -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}

  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% set strategy_macro = strategy_dispatch(strategy_name) %}
  {% set strategy = strategy_macro(model, "snapshotted_data", "source_data", model['config'], target_relation_exists) %}

  {% if not target_relation_exists %}

      {% set build_sql = build_snapshot_table(strategy, model['compiled_code']) %}
      {% set final_sql = create_table_as(False, target_relation, build_sql) %}

  {% else %}

      {% set columns = config.get("snapshot_table_column_names") or get_snapshot_table_column_names() %}

      {{ adapter.valid_snapshot_target(target_relation, columns) }}

      {% set staging_table = spark_build_snapshot_staging_table(strategy, sql, target_relation) %}

      -- this may no-op if the database does not require column expansion
      {% do adapter.expand_target_column_types(from_relation=staging_table,
                                               to_relation=target_relation) %}

      {#- dbt-spark drops dbt_unique_key only, so a composite unique key's dbt_unique_key_1, _2... were added to
          the snapshot as new columns on the second run, and its staging view (select *, member_id as
          dbt_unique_key_1 ... from the snapshot) then failed with AMBIGUOUS_REFERENCE. -#}
      {% set missing_columns = [] %}
      {% for column in adapter.get_missing_columns(staging_table, target_relation) %}
        {% if column.name | lower != 'dbt_change_type' and not (column.name | lower).startswith('dbt_unique_key') %}
          {% do missing_columns.append(column) %}
        {% endif %}
      {% endfor %}

      {% do create_columns(target_relation, missing_columns) %}

      {% set source_columns = adapter.get_columns_in_relation(staging_table)
                                   | rejectattr('name', 'equalto', 'dbt_change_type')
                                   | rejectattr('name', 'equalto', 'DBT_CHANGE_TYPE')
                                   | rejectattr('name', 'equalto', 'dbt_unique_key')
                                   | rejectattr('name', 'equalto', 'DBT_UNIQUE_KEY')
                                   | list %}

      {% set quoted_source_columns = [] %}
      {% for column in source_columns %}
        {% do quoted_source_columns.append(adapter.quote(column.name)) %}
      {% endfor %}

      {% if rewrites %}
        {% set final_sql = spark_parquet_snapshot_rewrite(
              target = target_relation,
              source = staging_table,
              insert_cols = quoted_source_columns
           )
        %}
      {% else %}
        {% set final_sql = snapshot_merge_sql(
              target = target_relation,
              source = staging_table,
              insert_cols = quoted_source_columns
           )
        %}
      {% endif %}

  {% endif %}

  {% call statement('main') %}
      {{ final_sql }}
  {% endcall %}

  {% if rewrites and target_relation_exists %}
    {% call statement('snapshot_rewrite_drop') %}
        drop table if exists {{ target_relation.incorporate(path={'identifier': target_relation.identifier ~ '__dbt_merged'}) }}
    {% endcall %}
  {% endif %}

  {% set should_revoke = should_revoke(target_relation_exists, full_refresh_mode) %}
  {% do apply_grants(target_relation, grant_config, should_revoke) %}

  {% do persist_docs(target_relation, model) %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}

  {{ adapter.commit() }}

  {% if staging_table is defined %}
      {% do post_snapshot(staging_table) %}
  {% endif %}

  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
