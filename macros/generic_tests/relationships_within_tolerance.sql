{#- A relationships test that tolerates a share of orphans: late-arriving parents (a line delivered before its
    order) or parents that could not be staged are expected in small numbers, a broken join is not. Fails with one
    row (orphans, rows, share) when more than `max_orphan_share` of the non-null keys have no parent in `to`. -#}

{% test relationships_within_tolerance(model, column_name, to, field, max_orphan_share) %}
    {{ return(adapter.dispatch('test_relationships_within_tolerance', 'member_tag_warehouse')(
        model, column_name, to, field, max_orphan_share)) }}
{% endtest %}

{% macro default__test_relationships_within_tolerance(model, column_name, to, field, max_orphan_share) %}
    with

    children as (

        select {{ column_name }} as child_key
        from {{ model }}
        where {{ column_name }} is not null

    ),

    parents as (

        select distinct {{ field }} as parent_key
        from {{ to }}

    ),

    counted as (

        select
            count(*) as child_rows,
            -- a child whose key finds no parent is an orphan
            sum(case when parents.parent_key is null then 1 else 0 end) as orphan_rows
        from children
        left join parents
            on children.child_key = parents.parent_key

    )

    select
        orphan_rows,
        child_rows,
        orphan_rows * 1.0 / child_rows as orphan_share
    from counted
    -- an empty child table has no orphans; otherwise fail above the tolerated share
    where child_rows > 0 and orphan_rows * 1.0 / child_rows > {{ max_orphan_share }}
{% endmacro %}
