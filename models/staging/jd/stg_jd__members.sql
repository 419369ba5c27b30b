with

members as (

    select * from {{ ref('base_jd__members') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by jd_member_key
            order by modified_at desc, bound_at desc, raw_record desc
        ) as version_rank
    from members

),

latest_versions as (

    select
        -- ids
        jd_member_key,
        vender_id,
        app_key,
        open_id,

        -- text
        mobile,
        mobile_status,

        -- numerics
        member_level,
        points,

        -- timestamps
        bound_at,
        modified_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions
