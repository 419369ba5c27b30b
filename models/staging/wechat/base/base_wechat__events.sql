{#- Every raw behaviour event row, typed, with the reason it cannot be used (NULL when it can).
    stg_wechat__events collapses re-sent copies (same event_id) to one row; is_repeated_event_id marks the rows
    whose event_id occurs more than once in the raw data, so it ranks only those. Event names outside the seed
    event_types are kept and flagged (is_known_event_name = false): new names appear without notice and are counted
    downstream, not quarantined. -#}

{#- Epoch milliseconds below this (2001-09-09 UTC) are not a plausible event time (seconds sent by mistake). -#}
{%- set min_plausible_epoch_ms = 1000000000000 %}

with

raw_events as (

    select * from {{ source('wechat', 'events') }}

),

-- the raw table is read directly by the next two CTEs (two narrow scans) rather than through raw_events: a CTE
-- referenced more than once is materialized whole by DuckDB
raw_search_keywords as (

    select distinct
        nullif(trim({{ json_extract_string('properties', 'keyword') }}), '') as keyword
    from {{ source('wechat', 'events') }}
    where lower(trim(event_name)) = 'search'

),

raw_repeated_event_ids as (

    select trim(event_id) as event_id
    from {{ source('wechat', 'events') }}
    group by trim(event_id)
    having count(*) > 1

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
        raw_repeated_event_ids.event_id is not null as is_repeated_event_id,

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
    left join raw_repeated_event_ids
        on trim(raw_events.event_id) = raw_repeated_event_ids.event_id

),

-- a search for the brand itself (知岸, zhian ...) shows interest in the brand, not mere awareness
brand_keywords as (

    select distinct raw_search_keywords.keyword
    from raw_search_keywords
    cross join brand_search_terms
    where {{ dbt.position('brand_search_terms.term', 'lower(raw_search_keywords.keyword)') }} > 0

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
