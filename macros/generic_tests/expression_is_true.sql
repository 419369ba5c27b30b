{#- Fails on every row where the boolean expression is not true (false or NULL): invariants such as
    "net = gross - discount - refund" written next to the model they guard. -#}

{% test expression_is_true(model, expression) %}
    {{ return(adapter.dispatch('test_expression_is_true', 'member_tag_warehouse')(model, expression)) }}
{% endtest %}

{% macro default__test_expression_is_true(model, expression) %}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endmacro %}
