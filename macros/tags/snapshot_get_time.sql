{#- The time a snapshot records. dbt stamps snapshot rows with the current time; the tag snapshot
    (snapshots/member_tags_snapshot.sql, config meta snapshot_time: as_of_date) is stamped with the as-of date
    instead, so dbt_valid_from / dbt_valid_to say on which as-of date a tag value began and ended, also when a
    past date is replayed (--vars '{as_of_date: ...}'), and removals (hard deletes) are stamped the same way.
    Other snapshots keep the current time. Evaluated once to a literal so the snapshot's merge statements stay
    plain on every engine. Overrides dbt's default__snapshot_get_time (the root project is searched first). -#}

{% macro default__snapshot_get_time() -%}
    {%- if config.get('meta', {}).get('snapshot_time') == 'as_of_date' and execute -%}
        {%- set as_of = run_query('select ' ~ as_of_date()).columns[0].values()[0] -%}
        cast('{{ as_of }} 00:00:00' as timestamp)
    {%- else -%}
        cast({{ current_timestamp() }} as timestamp)
    {%- endif -%}
{%- endmacro %}
