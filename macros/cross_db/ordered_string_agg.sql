{#- Strings of a group joined in a deterministic order (an aggregate). dbt.listagg cannot order on Spark, so:
    DuckDB string_agg(... order by ...); Spark sorts the collected (sort key, value) structs, then joins the values.
    order_expression must be a sortable scalar (a number or a string). -#}

{% macro ordered_string_agg(expression, order_expression, delimiter) -%}
    {{ return(adapter.dispatch('ordered_string_agg', 'member_tag_warehouse')(
        expression, order_expression, delimiter)) }}
{%- endmacro %}

{% macro default__ordered_string_agg(expression, order_expression, delimiter) -%}
    array_join(
        transform(
            array_sort(collect_list(named_struct('sort_key', {{ order_expression }}, 'value', {{ expression }}))),
            element -> element.value
        ),
        '{{ delimiter }}'
    )
{%- endmacro %}

{% macro duckdb__ordered_string_agg(expression, order_expression, delimiter) -%}
    string_agg({{ expression }}, '{{ delimiter }}' order by {{ order_expression }})
{%- endmacro %}
