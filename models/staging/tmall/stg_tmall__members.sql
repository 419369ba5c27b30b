with

members as (

    select * from {{ ref('base_tmall__members') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by tmall_member_key
            order by modified_at desc, unbound_at desc, raw_record desc
        ) as version_rank
    from members

),

latest_versions as (

    select
        -- ids
        tmall_member_key,
        seller_nick,
        ouid,
        omid,
        app_key,
        buyer_open_uid,

        -- text
        mobile,
        mobile_status,
        member_grade_name,

        -- numerics
        member_grade,
        points,

        -- booleans
        -- bound unless an unbind time was delivered that is not followed by a later (re-)binding
        case
            when unbound_at is null then true
            when bound_at > unbound_at then true
            else false
        end as is_bound,

        -- timestamps
        bound_at,
        unbound_at,
        modified_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions
