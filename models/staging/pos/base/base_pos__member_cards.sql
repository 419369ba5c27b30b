{#- Every raw POS member card row, typed, with the reason it cannot be used (NULL when it can).
    stg_pos__member_cards keeps the usable rows, latest version per card; stg_quality__quarantined_rows the rest.
    A card's mobile is what the counter typed: sometimes junk, sometimes the clerk's own number (the identity
    layer's blocklist and degree cap deal with those; staging only normalises the form). -#}

with

raw_member_cards as (

    select * from {{ source('pos', 'member_cards') }}

),

dates_parsed as (

    -- the holder's and the child's birthday (宝宝生日) as typed: YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD, else NULL.
    -- The registration and update times are parsed here too: they bound a plausible birthday below.
    select
        *,
        {{ parse_typed_date('birthday') }} as parsed_birth_date,
        {{ parse_typed_date('child_birthday') }} as parsed_child_birth_date,
        {{ try_parse_timestamp('trim(register_time)', 'yyyy-MM-dd HH:mm:ss') }} as parsed_registered_at,
        {{ try_parse_timestamp('trim(updated_at)', 'yyyy-MM-dd HH:mm:ss') }} as parsed_updated_at
    from raw_member_cards

),

typed as (

    select
        -- ids
        nullif(trim(dates_parsed.card_no), '') as card_no,
        nullif(trim(dates_parsed.register_store_code), '') as register_store_code,

        -- text
        {{ clean_mobile('dates_parsed.mobile') }} as mobile,
        {{ mobile_status('dates_parsed.mobile') }} as mobile_status,
        nullif(trim(dates_parsed.name), '') as member_name,
        case upper(trim(dates_parsed.gender))
            when '男' then 'male'
            when 'M' then 'male'
            when '1' then 'male'
            when '女' then 'female'
            when 'F' then 'female'
            when '2' then 'female'
            else 'unknown'
        end as gender,
        case trim(dates_parsed.tier)
            when '普卡' then 'standard'
            when '银卡' then 'silver'
            when '金卡' then 'gold'
            when '钻石卡' then 'diamond'
        end as card_tier,
        case trim(dates_parsed.tier)
            when '普卡' then 1
            when '银卡' then 2
            when '金卡' then 3
            when '钻石卡' then 4
        end as card_tier_rank,

        -- numerics
        dates_parsed.points,

        -- dates and timestamps (store local time is China time, the business zone)
        -- placeholders such as 1900-01-01 are not birthdays, nor dates after the holder filled in the form (the
        -- card's registration) or, for a child, after the card was last updated (a child born since is added later)
        {{ plausible_birth_date(
            'dates_parsed.parsed_birth_date', 'cast(dates_parsed.parsed_registered_at as date)'
        ) }} as birth_date,
        {{ plausible_birth_date(
            'dates_parsed.parsed_child_birth_date', 'cast(dates_parsed.parsed_updated_at as date)'
        ) }} as child_birth_date,
        dates_parsed.parsed_registered_at as registered_at,
        {{ try_parse_date('trim(dates_parsed.expire_date)', 'yyyy-MM-dd') }} as expires_on,
        dates_parsed.parsed_updated_at as updated_at,

        -- raw values kept for the quarantine checks
        trim(dates_parsed.card_no) as raw_key,
        dates_parsed.mobile as raw_mobile,
        dates_parsed.gender as raw_gender,
        dates_parsed.birthday as raw_birthday,
        dates_parsed.child_birthday as raw_child_birthday,
        dates_parsed.tier as raw_tier,
        dates_parsed.expire_date as raw_expire_date,
        {{ columns_as_json(['card_no', 'mobile', 'name', 'gender', 'birthday', 'child_birthday',
            'register_store_code', 'register_time', 'tier', 'points', 'expire_date', 'updated_at'],
            'dates_parsed') }} as raw_record

    from dates_parsed

),

classified as (

    select
        *,
        case
            when card_no is null then 'missing card no'
            when card_tier is null then 'unknown card tier'
            when registered_at is null then 'unparseable register time'
            when updated_at is null then 'unparseable updated time'
            when raw_expire_date is not null and trim(raw_expire_date) != '' and expires_on is null
                then 'unparseable expiry date'
            when points < 0 then 'negative points'
        end as quarantine_reason
    from typed

)

select * from classified
