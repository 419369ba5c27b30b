{#- How much of the activity OneID attributes to members: per staged order and event table, the staged rows, the
    rows keyed to a member through member_identity_map, and the anonymous rest, split into rows that carry no
    identifier (a walk-in receipt, an ad impression without openid) and rows whose identifier belongs to no member
    (blocklisted or unattached). Every staged row is counted exactly once (tested: staged = with member + anonymous,
    and staged equals stg_quality__row_counts). -#}

{%- set brand = "'" ~ var('brand_code') ~ "'" %}

with

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

tmall_trades as (

    select * from {{ ref('stg_tmall__trades') }}

),

jd_orders as (

    select * from {{ ref('stg_jd__orders') }}

),

mp_orders as (

    select * from {{ ref('stg_wechat__mp_orders') }}

),

receipts as (

    select * from {{ ref('stg_pos__receipts') }}

),

events as (

    select * from {{ ref('stg_wechat__events') }}

),

-- the identifier each record is keyed to a member by (NULL when it carries none)
record_identifiers as (

    select
        'tmall.trades' as source_table,
        'tmall_buyer_open_uid' as identifier_type,
        app_key as scope,
        buyer_open_uid as identifier_value
    from tmall_trades

    union all

    select
        'jd.orders' as source_table,
        'jd_open_id' as identifier_type,
        app_key as scope,
        open_id as identifier_value
    from jd_orders

    union all

    select
        'wechat.mp_orders' as source_table,
        'wechat_openid' as identifier_type,
        appid as scope,
        openid as identifier_value
    from mp_orders

    union all

    select
        'pos.receipts' as source_table,
        'pos_card_no' as identifier_type,
        {{ brand }} as scope,
        card_no as identifier_value
    from receipts

    union all

    select
        'wechat.events' as source_table,
        'wechat_openid' as identifier_type,
        appid as scope,
        openid as identifier_value
    from events

),

records_keyed as (

    select
        record_identifiers.source_table,
        record_identifiers.identifier_value,
        identity_map.member_id
    from record_identifiers
    left join identity_map
        on record_identifiers.identifier_type = identity_map.identifier_type
            and record_identifiers.scope = identity_map.scope
            and record_identifiers.identifier_value = identity_map.identifier_value

),

coverage as (

    select
        source_table,
        count(member_id) as rows_with_member,
        count(case when member_id is null then 1 end) as anonymous_rows,
        count(case when identifier_value is null then 1 end) as anonymous_without_identifier,
        count(case when identifier_value is not null and member_id is null then 1 end)
            as anonymous_unmapped_identifier,
        count(distinct member_id) as member_count
    from records_keyed
    group by source_table

),

-- counted straight from the staging models, independently of the join above
staged_counts as (

    select
        'tmall.trades' as source_table,
        'order' as record_kind,
        count(*) as staged_rows
    from tmall_trades
    union all
    select
        'jd.orders' as source_table,
        'order' as record_kind,
        count(*) as staged_rows
    from jd_orders
    union all
    select
        'wechat.mp_orders' as source_table,
        'order' as record_kind,
        count(*) as staged_rows
    from mp_orders
    union all
    select
        'pos.receipts' as source_table,
        'order' as record_kind,
        count(*) as staged_rows
    from receipts
    union all
    select
        'wechat.events' as source_table,
        'event' as record_kind,
        count(*) as staged_rows
    from events

),

final as (

    select
        staged_counts.source_table,
        staged_counts.record_kind,
        staged_counts.staged_rows,
        coalesce(coverage.rows_with_member, 0) as rows_with_member,
        coalesce(coverage.anonymous_rows, 0) as anonymous_rows,
        coalesce(coverage.anonymous_without_identifier, 0) as anonymous_without_identifier,
        coalesce(coverage.anonymous_unmapped_identifier, 0) as anonymous_unmapped_identifier,
        coalesce(coverage.member_count, 0) as member_count,
        case
            when staged_counts.staged_rows > 0
                then cast(coalesce(coverage.rows_with_member, 0) as {{ dbt.type_float() }}) / staged_counts.staged_rows
        end as member_row_share
    from staged_counts
    left join coverage
        on staged_counts.source_table = coverage.source_table

)

select * from final
