{#- The time a snapshot records. dbt stamps snapshot rows with the current time; the tag snapshot
    (snapshots/member_tags_snapshot.sql, config meta snapshot_time: as_of_date) is stamped with the as-of date
    (midnight) instead, so dbt_valid_from / dbt_valid_to say on which as-of date a tag value began and ended, and
    a past date replayed in order (--vars '{as_of_date: ...}') lands on that date; removals (hard deletes) are
    stamped the same way.

    History is append-only and its stamps must grow: a second build with the same as-of date (a fix, late data
    with no new orders) or an earlier one is stamped one second after the latest stamp already in the snapshot,
    so versions never share a key and a timestamp. "Tags as of day d" = versions with dbt_valid_from < d + 1 day
    and (dbt_valid_to is null or dbt_valid_to >= d + 1 day).

    Evaluated once per snapshot run (cached on the node) to a literal, so the snapshot's statements stay plain on
    every engine. Other snapshots keep the current time. Overrides dbt's default__snapshot_get_time (the root
    project is searched first). -#}

{% macro default__snapshot_get_time() -%}
    {%- if config.get('meta', {}).get('snapshot_time') == 'as_of_date' and execute -%}
        {%- if model.get('_as_of_snapshot_time') is none -%}
            {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
            {%- set as_of = run_query('select ' ~ as_of_date()).columns[0].values()[0] -%}
            {%- set stamp = as_of ~ ' 00:00:00' -%}
            {%- if existing is not none -%}
                {%- set latest = run_query(
                    'select max(case when dbt_valid_to > dbt_updated_at then dbt_valid_to else dbt_updated_at end) '
                    ~ 'from ' ~ existing).columns[0].values()[0] -%}
                {%- if latest is not none and (latest | string)[:19] >= stamp -%}
                    {%- set stamp = (latest + modules.datetime.timedelta(seconds=1)).strftime('%Y-%m-%d %H:%M:%S') -%}
                {%- endif -%}
            {%- endif -%}
            {%- do model.update({'_as_of_snapshot_time': stamp}) -%}
        {%- endif -%}
        cast('{{ model.get('_as_of_snapshot_time') }}' as timestamp)
    {%- else -%}
        cast({{ current_timestamp() }} as timestamp)
    {%- endif -%}
{%- endmacro %}
