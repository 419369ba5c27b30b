{#- A cast that yields NULL instead of failing. dbt.safe_cast renders a plain cast on DuckDB, which fails the
    whole query on one bad value; both DuckDB and Spark (3.2+) have try_cast. -#}

{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'member_tag_warehouse')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
