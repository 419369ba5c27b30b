{#- Runs at the start of every dbt command that executes SQL (on-run-start). For every raw table declared in the
    sources it checks that the extract exists and carries every declared column, then (re)creates the relation
    the source points at: on DuckDB a view over the Parquet files, on Spark an external table over the folder.
    A missing file or column stops the build here, naming the file and the columns, before any model runs.

    Layout: <raw_data_path>/<source>/<table>/*.parquet, where raw_data_path is var raw_data_path, else the
    environment variable MTW_RAW_DATA, else data/sample. -#}

{#- A relative path is taken from the directory dbt runs in (Spark would resolve it against its warehouse). -#}
{% macro raw_data_path() -%}
    {%- set path = var('raw_data_path', env_var('MTW_RAW_DATA', 'data/sample')) | string -%}
    {%- if not path.startswith('/') and ':' not in path -%}
        {%- set path = env_var('PWD', '.') ~ '/' ~ path -%}
    {%- endif -%}
    {{ return(path.rstrip('/')) }}
{%- endmacro %}

{% macro register_raw_sources() %}
    {%- if execute and flags.WHICH in ('run', 'build', 'test', 'seed', 'snapshot', 'run-operation') -%}
        {%- set problems = [] -%}
        {%- set registrations = [] -%}
        {%- for node in graph.sources.values() if node.package_name == project_name -%}
            {%- set folder = member_tag_warehouse.raw_data_path() ~ '/' ~ node.source_name ~ '/' ~ node.name -%}
            {%- set found = adapter.dispatch('raw_folder_columns', 'member_tag_warehouse')(folder) -%}
            {%- if found is none -%}
                {%- do problems.append('source ' ~ node.source_name ~ '.' ~ node.name ~ ': no raw file matches '
                    ~ folder ~ '/*.parquet') -%}
            {%- else -%}
                {%- set found_lower = found | map('lower') | list -%}
                {%- set missing = node.columns.keys() | map('lower') | reject('in', found_lower) | list -%}
                {%- if missing -%}
                    {%- do problems.append('source ' ~ node.source_name ~ '.' ~ node.name ~ ': ' ~ folder
                        ~ '/*.parquet lacks required column(s) ' ~ missing | join(', ')) -%}
                {%- else -%}
                    {%- do registrations.append((node, folder)) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error(
                'Raw data check failed (raw_data_path = ' ~ member_tag_warehouse.raw_data_path() ~ '):\n  - '
                ~ problems | join('\n  - ')) }}
        {%- endif -%}
        {%- for node, folder in registrations -%}
            {%- do adapter.dispatch('register_raw_folder', 'member_tag_warehouse')(node, folder) -%}
        {%- endfor -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
    select 1
{% endmacro %}


{#- The column names of the Parquet files in a folder, or none when there is no file. -#}
{% macro duckdb__raw_folder_columns(folder) %}
    {%- set pattern = folder ~ '/*.parquet' -%}
    {%- set files = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
    {%- if files == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(run_query("select * from read_parquet('" ~ pattern ~ "', union_by_name = true) limit 0").column_names) }}
{% endmacro %}

{% macro default__raw_folder_columns(folder) %}
    {#- Spark reads the folder directly; describe gives one row per column. -#}
    {%- set result = run_query("describe query select * from parquet.`" ~ folder ~ "`") -%}
    {{ return(result.columns[0].values() | list) }}
{% endmacro %}


{% macro duckdb__register_raw_folder(node, folder) %}
    {%- call statement('register_' ~ node.unique_id) -%}
        create schema if not exists {{ node.schema }};
        create or replace view {{ node.schema }}.{{ node.identifier }} as
        select * from read_parquet('{{ folder }}/*.parquet', union_by_name = true)
    {%- endcall -%}
{% endmacro %}

{% macro default__register_raw_folder(node, folder) %}
    {%- call statement('register_schema_' ~ node.unique_id) -%}
        create database if not exists {{ node.schema }}
    {%- endcall -%}
    {%- call statement('drop_table_' ~ node.unique_id) -%}
        drop table if exists {{ node.schema }}.{{ node.identifier }}
    {%- endcall -%}
    {%- call statement('register_table_' ~ node.unique_id) -%}
        create table {{ node.schema }}.{{ node.identifier }} using parquet location '{{ folder }}'
    {%- endcall -%}
{% endmacro %}
