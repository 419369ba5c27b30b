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


{#- The median of many small groups (one per member) without a holistic aggregate, which is slow with millions of
    groups: number the values within each group (row_number ordered by the value, NULLs last) and count the non-null
    ones, then average the values whose number this condition accepts, the middle one or the middle two. Equal to
    quantile_cont(x, 0.5) per group. -#}
{% macro is_median_position(row_number_expression, count_expression) -%}
    {{ row_number_expression }} in (
        floor(({{ count_expression }} + 1) / 2.0),
        ceil(({{ count_expression }} + 1) / 2.0)
    )
{%- endmacro %}
