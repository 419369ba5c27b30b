{#- Every change of a historised tag, from the tag snapshot: a value that appeared (added), was replaced
    (changed) or disappeared (removed), with the old and the new value and the as-of date it was first seen
    (changed_at). The snapshot's first load is the baseline, not a change. Zero-length versions (two builds with
    the same as-of date) are ignored. -#}

with

snapshot as (

    select * from {{ ref('member_tags_snapshot') }}
    where dbt_valid_to is null or dbt_valid_to > dbt_valid_from

),

baseline as (

    select min(dbt_valid_from) as first_snapshot_at from snapshot

),

versions as (

    select
        member_id,
        tag_code,
        tag_value,
        dbt_valid_from,
        dbt_valid_to,
        lag(tag_value) over (
            partition by member_id, tag_code
            order by dbt_valid_from asc
        ) as previous_value,
        lag(dbt_valid_to) over (
            partition by member_id, tag_code
            order by dbt_valid_from asc
        ) as previous_valid_to,
        lead(dbt_valid_from) over (
            partition by member_id, tag_code
            order by dbt_valid_from asc
        ) as next_valid_from
    from snapshot

),

appearances as (

    select
        versions.member_id,
        versions.tag_code,
        case when versions.previous_valid_to = versions.dbt_valid_from then versions.previous_value end
            as old_value,
        versions.tag_value as new_value,
        versions.dbt_valid_from as changed_at,
        case
            when versions.previous_valid_to = versions.dbt_valid_from then 'changed'
            else 'added'
        end as change_type
    from versions
    cross join baseline
    where versions.dbt_valid_from > baseline.first_snapshot_at

),

removals as (

    select
        member_id,
        tag_code,
        tag_value as old_value,
        cast(null as {{ dbt.type_string() }}) as new_value,
        dbt_valid_to as changed_at,
        'removed' as change_type
    from versions
    where
        dbt_valid_to is not null
        and (next_valid_from is null or next_valid_from != dbt_valid_to)

),

changes as (

    select * from appearances
    union all
    select * from removals

),

final as (

    select
        -- ids
        {{ dbt.hash(dbt.concat([
            'member_id', "'|'", 'tag_code', "'|'", 'cast(changed_at as ' ~ dbt.type_string() ~ ')'
        ])) }} as change_key,
        member_id,
        tag_code,

        -- text
        change_type,
        old_value,
        new_value,

        -- timestamps
        changed_at

    from changes

)

select * from final
