with

member_cards as (

    select * from {{ ref('base_pos__member_cards') }}
    where quarantine_reason is null

),

versions_ranked as (

    -- re-exported cards repeat with a later updated_at; ties keep the higher tier, then the larger balance
    select
        *,
        row_number() over (
            partition by card_no
            order by updated_at desc, card_tier_rank desc, points desc nulls last, raw_record asc
        ) as version_rank
    from member_cards

),

latest_versions as (

    select
        -- ids
        card_no,
        register_store_code,

        -- text
        mobile,
        mobile_status,
        member_name,
        gender,
        card_tier,

        -- numerics
        card_tier_rank,
        points,

        -- dates and timestamps
        birth_date,
        child_birth_date,
        registered_at,
        cast(registered_at as date) as registered_date,
        expires_on,
        updated_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions
