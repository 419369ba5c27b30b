{#- Exact continuous quantile (linear interpolation between the two nearest values) of a numeric expression, as an
    aggregate: quantile_cont(x, 0.5) is the median. DuckDB: quantile_cont; Spark: percentile, which interpolates the
    same way, so both engines return the same cut-offs. -#}

{% macro quantile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont', 'member_tag_warehouse')(expression, fraction)) }}
{%- endmacro %}

{% macro default__quantile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro duckdb__quantile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}
