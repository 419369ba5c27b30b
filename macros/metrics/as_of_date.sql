{#- The date every metric is computed as of (docs/metrics.md, "As-of date").

    var as_of_date ('YYYY-MM-DD') set  -> that date as a literal: cast('2025-06-30' as date)
    var as_of_date not set (default)   -> the latest order date in the data: (select max(order_date) from fct_orders)

    Purchases after the as-of date are ignored and day counts (recency, days since last purchase) are measured to it,
    so a build is reproducible and a past date can be replayed with --vars '{as_of_date: 2025-06-30}'.
    fct_orders is always ref'd, also when the var is set, so that the dependency (and the inputs unit tests must
    give) does not change with the var. Portable: a scalar subquery and a cast work on DuckDB and Spark. -#}

{% macro as_of_date() -%}
    {%- set orders_relation = ref('fct_orders') -%}
    {%- set as_of = var('as_of_date', none) -%}
    {%- if as_of is not none and (as_of | string | trim) != '' -%}
        {%- if not modules.re.match('^\d{4}-\d{2}-\d{2}$', as_of | string | trim) -%}
            {{ exceptions.raise_compiler_error("var as_of_date must be 'YYYY-MM-DD', got '" ~ as_of ~ "'") }}
        {%- endif -%}
        cast('{{ as_of | string | trim }}' as date)
    {%- else -%}
        (select max(order_date) from {{ orders_relation }})
    {%- endif -%}
{%- endmacro %}
