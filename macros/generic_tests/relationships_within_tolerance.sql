{#- Like dbt's relationships test, but tolerates a small share of orphans: the child rows whose key is not NULL and
    has no parent in `to`.`field`. Meant for late-arriving data (a line delivered before its order, or whose order
    sits in quarantine). Fails with one summary row when the orphan share exceeds `max_orphan_share` (0 to 1). -#}

{% test relationships_within_tolerance(model, column_name, to, field, max_orphan_share) %}
    {{ return(adapter.dispatch('test_relationships_within_tolerance', 'member_tag_warehouse')(
        model, column_name, to, field, max_orphan_share)) }}
{% endtest %}

{% macro default__test_relationships_within_tolerance(model, column_name, to, field, max_orphan_share) %}
with

child_keys as (

    select {{ column_name }} as child_key
    from {{ model }}
    where {{ column_name }} is not null

),

parent_keys as (

    select distinct {{ field }} as parent_key
    from {{ to }}
    where {{ field }} is not null

),

-- one row per child row, flagged when its key has no parent
child_keys_checked as (

    select
        case when parent_keys.parent_key is null then 1 else 0 end as is_orphan
    from child_keys
    left join parent_keys
        on child_keys.child_key = parent_keys.parent_key

),

summary as (

    select
        count(*) as child_rows,
        coalesce(sum(is_orphan), 0) as orphan_rows
    from child_keys_checked

)

-- a failing row only when the orphans exceed the tolerated share (an empty child never fails)
select
    child_rows,
    orphan_rows,
    orphan_rows * 1.0 / child_rows as orphan_share,
    {{ max_orphan_share }} as max_orphan_share
from summary
where child_rows > 0
    and orphan_rows * 1.0 / child_rows > {{ max_orphan_share }}
{% endmacro %}
