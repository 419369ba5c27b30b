{#- The mobiles staff typed into WeCom contact remarks, one row per contact relationship and mobile.
    Pieces are split on commas, semicolons (ASCII and full-width) and 、 but NOT on whitespace: a single mobile is
    often typed with spaces ('+86 138 0013 8000', '138 0013 8000'). Pieces that are not a Chinese mobile (junk
    such as 'null', '-1', '无') are dropped here; the whole remark stays in stg_wechat__wecom_contacts. A
    well-formed junk mobile (13800000000) is kept with mobile_status junk. -#}

with

contacts as (

    select
        wecom_contact_key,
        corp_id,
        external_userid,
        remark_mobiles
    from {{ ref('stg_wechat__wecom_contacts') }}
    where remark_mobiles is not null

),

remark_pieces as (

    select
        wecom_contact_key,
        corp_id,
        external_userid,
        {{ split_to_rows('remark_mobiles', '[,;，；、]') }} as mobile_raw
    from contacts

),

pieces_cleaned as (

    select
        wecom_contact_key,
        corp_id,
        external_userid,
        trim(mobile_raw) as mobile_raw,
        {{ clean_mobile('mobile_raw') }} as mobile,
        {{ mobile_status('mobile_raw') }} as mobile_status
    from remark_pieces

),

-- the same mobile typed twice in one remark (in two formats) is one row
mobiles_deduplicated as (

    select
        -- ids
        wecom_contact_key,
        corp_id,
        external_userid,

        -- text
        mobile,
        min(mobile_status) as mobile_status,
        min(mobile_raw) as mobile_raw

    from pieces_cleaned
    where mobile is not null
    group by
        wecom_contact_key,
        corp_id,
        external_userid,
        mobile

)

select * from mobiles_deduplicated
