{#- Every raw POS store row, typed, with the reason it cannot be used (NULL when it can).
    stg_pos__stores keeps the usable rows, one per store; stg_quality__quarantined_rows keeps the rest. -#}

with

raw_stores as (

    select * from {{ source('pos', 'stores') }}

),

typed as (

    select
        -- ids
        nullif(trim(raw_stores.store_code), '') as store_code,

        -- text
        nullif(trim(raw_stores.store_name), '') as store_name,
        case trim(raw_stores.store_type)
            when '直营' then 'direct'
            when '加盟' then 'franchise'
            when '快闪' then 'popup'
        end as store_type,
        nullif(trim(raw_stores.province), '') as province,
        nullif(trim(raw_stores.city), '') as city,
        nullif(trim(raw_stores.address), '') as address,

        -- dates
        {{ try_parse_date('trim(raw_stores.open_date)', 'yyyy-MM-dd') }} as opened_on,
        {{ try_parse_date('trim(raw_stores.close_date)', 'yyyy-MM-dd') }} as closed_on,

        -- raw values kept for the quarantine checks
        trim(raw_stores.store_code) as raw_key,
        raw_stores.store_type as raw_store_type,
        raw_stores.open_date as raw_open_date,
        raw_stores.close_date as raw_close_date,
        {{ columns_as_json(['store_code', 'store_name', 'store_type', 'province', 'city', 'address', 'open_date',
            'close_date'], 'raw_stores') }} as raw_record

    from raw_stores

),

classified as (

    select
        *,
        case
            when store_code is null then 'missing store code'
            when store_type is null then 'unknown store type'
            when opened_on is null then 'unparseable open date'
            when raw_close_date is not null and trim(raw_close_date) != '' and closed_on is null
                then 'unparseable close date'
        end as quarantine_reason
    from typed

)

select * from classified
