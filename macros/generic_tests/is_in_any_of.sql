{#- Fails on every non-NULL value of `column_name` that none of the `parents` holds: the one-to-several form of
    `relationships` ("every identifier is in the map or audited as unattached"). Each parent is a mapping with
    `to` (a relation, e.g. ref('member_identity_map')), `field` (a column or expression of it) and an optional
    `where` (a condition on it). Rows of the model under test can be narrowed with the test's `config: where`. -#}

{% test is_in_any_of(model, column_name, parents) %}
    {{ return(adapter.dispatch('test_is_in_any_of', 'member_tag_warehouse')(model, column_name, parents)) }}
{% endtest %}

{% macro default__test_is_in_any_of(model, column_name, parents) %}
    with

    children as (
        select {{ column_name }} as child_value
        from {{ model }}
        where {{ column_name }} is not null
    ),

    parent_values as (
        {%- for parent in parents %}
        select {{ parent['field'] }} as parent_value
        from {{ parent['to'] }}
        {%- if parent.get('where') %}
        where {{ parent['where'] }}
        {%- endif %}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )

    -- a value with no parent row in any of the parents
    select children.child_value
    from children
    left join parent_values
        on children.child_value = parent_values.parent_value
    where parent_values.parent_value is null
{% endmacro %}
