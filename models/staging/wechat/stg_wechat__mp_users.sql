with

users as (

    select * from {{ ref('base_wechat__mp_users') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by mp_user_key
            order by updated_at desc, mobile desc nulls last, raw_record asc
        ) as version_rank
    from users

),

latest_versions as (

    select
        -- ids
        mp_user_key,
        appid,
        openid,
        unionid,

        -- text
        mobile,
        mobile_status,
        phone_country_code,
        nickname,
        gender,

        -- timestamps
        first_opened_at,
        updated_at,
        cast(first_opened_at as date) as first_opened_date

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions
