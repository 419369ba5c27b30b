{#- Whole days from one date to another (end - start; negative when end is earlier), for DATE arguments.
    dbt.datediff does the same but renders a long expression on DuckDB (casts and date parts) that makes the
    models unreadable in compiled form; this is the short native form on each engine. -#}

{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between', 'member_tag_warehouse')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__days_between(start_date, end_date) -%}
    datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}

{% macro duckdb__days_between(start_date, end_date) -%}
    date_diff('day', {{ start_date }}, {{ end_date }})
{%- endmacro %}
