{#- Every raw behaviour event row, typed, with the reason it cannot be used (NULL when it can).
    stg_wechat__events collapses re-sent copies (same event_id) to one row. Event names outside the seed
    event_types are kept and flagged (is_known_event_name = false): new names appear without notice and are counted
    downstream, not quarantined. -#}

{#- Epoch milliseconds below this (2001-09-09 UTC) are not a plausible event time (seconds sent by mistake). -#}
{%- set min_plausible_epoch_ms = 1000000000000 %}

with

raw_events as (

    select * from {{ source('wechat', 'events') }}

),

event_types as (

    select
        event_name,
        aipl_stage
    from {{ ref('event_types') }}

),

brand_search_terms as (

    select lower(trim(term)) as term
    from {{ ref('brand_search_terms') }}

),

typed as (

    select
        -- ids
        nullif(trim(raw_events.event_id), '') as event_id,
        nullif(trim(raw_events.appid), '') as appid,
        nullif(trim(raw_events.openid), '') as openid,
        nullif(trim(raw_events.unionid), '') as unionid,

        -- text
        nullif(lower(trim(raw_events.event_name)), '') as event_name,
        event_types.aipl_stage as event_type_aipl_stage,
        nullif(trim({{ json_extract_string('raw_events.properties', 'keyword') }}), '') as keyword,
        nullif(trim({{ json_extract_string('raw_events.properties', 'sku') }}), '') as sku,
        nullif(trim({{ json_extract_string('raw_events.properties', 'category') }}), '') as category,
        nullif(trim({{ json_extract_string('raw_events.properties', 'page') }}), '') as page,
        nullif(trim({{ json_extract_string('raw_events.properties', 'coupon_id') }}), '') as coupon_id,
        nullif(trim({{ json_extract_string('raw_events.properties', 'order_no') }}), '') as order_id,
        nullif(trim({{ json_extract_string('raw_events.properties', 'campaign') }}), '') as campaign,
        nullif(trim({{ json_extract_string('raw_events.properties', 'share_to') }}), '') as share_to,
        raw_events.properties as properties_json,

        -- booleans
        event_types.event_name is not null as is_known_event_name,

        -- timestamps (epoch UTC to the business zone); implausible epochs are left NULL
        case
            when raw_events.event_time >= {{ min_plausible_epoch_ms }}
                then {{ epoch_ms_to_business_timestamp('raw_events.event_time') }}
        end as event_at,

        -- raw values kept for the quarantine checks
        trim(raw_events.event_id) as raw_key,
        {{ columns_as_json(['event_id', 'appid', 'openid', 'unionid', 'event_name', 'event_time', 'properties'],
            'raw_events') }} as raw_record

    from raw_events
    left join event_types
        on lower(trim(raw_events.event_name)) = event_types.event_name

),

-- a search for the brand itself (知岸, zhian ...) shows interest in the brand, not mere awareness
brand_keywords as (

    select distinct typed.keyword
    from typed
    cross join brand_search_terms
    where
        typed.event_name = 'search'
        and {{ dbt.position('brand_search_terms.term', 'lower(typed.keyword)') }} > 0

),

staged as (

    select
        typed.*,
        typed.event_name = 'search' and brand_keywords.keyword is not null as is_brand_search,
        case
            when typed.event_name = 'search' and brand_keywords.keyword is not null then 'I'
            else typed.event_type_aipl_stage
        end as aipl_stage
    from typed
    left join brand_keywords
        on typed.keyword = brand_keywords.keyword

),

classified as (

    select
        *,
        case
            when event_id is null then 'missing event id'
            when event_name is null then 'missing event name'
            when event_at is null then 'implausible event time'
        end as quarantine_reason
    from staged

)

select * from classified
