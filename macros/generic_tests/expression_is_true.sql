{#- Fails on every row where the boolean expression is not true (false or NULL): invariants such as
    "net = gross - discount - refund" written next to the model they guard. Under a column, the expression is
    appended to the column name ("<= 40" tests "component_size <= 40"). -#}

{% test expression_is_true(model, expression, column_name=none) %}
    {{ return(adapter.dispatch('test_expression_is_true', 'member_tag_warehouse')(model, expression, column_name)) }}
{% endtest %}

{% macro default__test_expression_is_true(model, expression, column_name=none) %}
    {%- set condition = (column_name ~ ' ' ~ expression) if column_name else expression %}
    select *
    from {{ model }}
    where not coalesce({{ condition }}, false)
{% endmacro %}
