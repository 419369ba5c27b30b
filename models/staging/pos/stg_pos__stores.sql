with

stores as (

    select * from {{ ref('base_pos__stores') }}
    where quarantine_reason is null

),

versions_ranked as (

    -- the store master has no version key: a repeated store code keeps the latest opening, then a stable order
    select
        *,
        row_number() over (
            partition by store_code
            order by opened_on desc, closed_on desc nulls first, store_name asc, raw_record asc
        ) as version_rank
    from stores

),

latest_versions as (

    select
        -- ids
        store_code,

        -- text
        store_name,
        store_type,
        province,
        city,
        address,

        -- booleans
        closed_on is null as is_open,

        -- dates
        opened_on,
        closed_on

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions
