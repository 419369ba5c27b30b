{#- Runs at the start of every dbt command that executes SQL (on-run-start). For every raw table declared in the
    sources it checks that the extract exists and that EVERY one of its Parquet files carries every declared
    column, then (re)creates the relation the source points at: on DuckDB a view over the Parquet files, on Spark an
    external table over the folder. Each file is checked on its own: read together (union_by_name on DuckDB, one
    file's schema on Spark), a late part file lacking a column would pass and its rows would read NULL. Every
    problem stops the build here, all of them in one message naming the file and the columns, before any model runs.

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
        {%- set root = member_tag_warehouse.raw_data_path() -%}
        {%- set raw_files = adapter.dispatch('raw_parquet_files', 'member_tag_warehouse')(root) -%}
        {%- set problems = [] -%}
        {%- set registrations = [] -%}
        {%- for node in graph.sources.values() if node.package_name == project_name -%}
            {%- set folder = root ~ '/' ~ node.source_name ~ '/' ~ node.name -%}
            {%- set label = 'source ' ~ node.source_name ~ '.' ~ node.name ~ ': ' -%}
            {%- set files = [] -%}
            {%- for file in raw_files if file.rsplit('/', 1)[0] == folder -%}
                {%- do files.append(file) -%}
            {%- endfor -%}
            {%- if files | length == 0 -%}
                {%- do problems.append(label ~ 'no raw file matches ' ~ folder ~ '/*.parquet') -%}
            {%- else -%}
                {%- set file_columns = member_tag_warehouse.raw_file_columns(files) -%}
                {%- set problems_before = problems | length -%}
                {%- for file in files | sort -%}
                    {%- set found_lower = file_columns.get(file, []) | map('lower') | list -%}
                    {%- set missing = node.columns.keys() | map('lower') | reject('in', found_lower) | list -%}
                    {%- if missing -%}
                        {%- do problems.append(label ~ file ~ ' lacks required column(s) ' ~ missing | join(', ')) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- if problems | length == problems_before -%}
                    {%- do registrations.append((node, folder)) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error(
                'Raw data check failed (raw_data_path = ' ~ root ~ '):\n  - ' ~ problems | join('\n  - ')) }}
        {%- endif -%}
        {%- for node, folder in registrations -%}
            {%- do adapter.dispatch('register_raw_folder', 'member_tag_warehouse')(node, folder) -%}
        {%- endfor -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
    select 1
{% endmacro %}


{#- Every Parquet file in a table folder under the raw root (<root>/<source>/<table>/*.parquet), as paths that
    start with the root: empty when there is none, also when the root does not exist. -#}
{% macro duckdb__raw_parquet_files(root) %}
    {{ return(run_query("select file from glob('" ~ root ~ "/*/*/*.parquet') order by file").columns[0].values()
        | list) }}
{% endmacro %}

{#- Spark lists the files through the binaryFile source, which reads the paths and not the content (a missing table
    folder is then a finding, not Spark's "Path does not exist"; a missing root is still Spark's error, naming it).
    Spark reports a local file as file:/path. -#}
{% macro default__raw_parquet_files(root) %}
    {%- call statement('list_raw_parquet_files') -%}
        create or replace temporary view mtw_raw_parquet_files
        using binaryFile
        options (path '{{ root }}', recursiveFileLookup 'true', pathGlobFilter '*.parquet')
    {%- endcall -%}
    {%- set files = [] -%}
    {%- for path in run_query('select path from mtw_raw_parquet_files order by path').columns[0].values() -%}
        {%- if path.startswith('file:') and not root.startswith('file:') -%}
            {%- set path = '/' ~ path[5:].lstrip('/') -%}
        {%- endif -%}
        {%- do files.append(path) -%}
    {%- endfor -%}
    {{ return(files) }}
{% endmacro %}


{#- The top-level column names of each file, from its own footer (reading a folder would give one schema for all of
    its files): a mapping file path -> [column names]. A nested column is one column; its children are not. -#}
{% macro raw_file_columns(files) %}
    {%- set file_columns = {} -%}
    {%- for file in files -%}
        {%- set sql = adapter.dispatch('describe_parquet_file_sql', 'member_tag_warehouse')(file) -%}
        {%- do file_columns.update({file: run_query(sql).columns[0].values() | list}) -%}
    {%- endfor -%}
    {{ return(file_columns) }}
{% endmacro %}

{% macro duckdb__describe_parquet_file_sql(file) -%}
    describe select * from read_parquet('{{ file }}')
{%- endmacro %}

{% macro default__describe_parquet_file_sql(file) -%}
    describe query select * from parquet.`{{ file }}`
{%- endmacro %}


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
