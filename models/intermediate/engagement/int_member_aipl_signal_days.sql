{#- The behaviour events that carry an AIPL signal, keyed to a member, up to the as-of date, counted per member, day
    and signal (docs/aipl.md): the grain every AIPL and tier rule needs, several times narrower than the events.

    - Member: the event's openid within its app (scope appid); an event without openid falls back to its unionid
      (scope: the app's Open Platform account). Anonymous events (ad impressions without either) have no member
      and are left out.
    - Only event names the seed event_types knows: unknown names are never given a stage (they are counted in
      int_unknown_event_names). Stage-P events (coupon_redeem) are left out too: the purchase itself comes from
      fct_orders, the one purchase definition.
    - aipl_signal: the seed's stage, except that advocacy (share, comment: stage L) counts as loyalty only after the
      member's first purchase (ordered_at); before it, a share or a comment shows interest (I). -#}

with

events as (

    select * from {{ ref('stg_wechat__events') }}

),

wechat_apps as (

    select * from {{ ref('identity_wechat_apps') }}

),

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

events_with_identifier as (

    select
        events.aipl_stage,
        events.event_at,
        events.event_date,
        case
            when events.openid is not null then 'wechat_openid'
            when events.unionid is not null then 'wechat_unionid'
        end as identifier_type,
        case
            when events.openid is not null then events.appid
            else wechat_apps.open_platform_id
        end as identifier_scope,
        coalesce(events.openid, events.unionid) as identifier_value
    from events
    left join wechat_apps
        on events.appid = wechat_apps.app_id
    where
        events.is_known_event_name
        and events.aipl_stage in ('A', 'I', 'L')
        and events.event_date <= {{ as_of_date() }}

),

first_purchases as (

    select
        member_id,
        min(ordered_at) as first_purchased_at
    from orders
    where
        is_purchase
        and member_id is not null
        and order_date <= {{ as_of_date() }}
    group by member_id

),

events_keyed as (

    select
        identity_map.member_id,
        events_with_identifier.aipl_stage,
        events_with_identifier.event_at,
        events_with_identifier.event_date
    from events_with_identifier
    inner join identity_map
        on
            events_with_identifier.identifier_type = identity_map.identifier_type
            and events_with_identifier.identifier_scope = identity_map.scope
            and events_with_identifier.identifier_value = identity_map.identifier_value

),

events_classified as (

    select
        events_keyed.member_id,
        events_keyed.event_date,
        case
            when events_keyed.aipl_stage <> 'L' then events_keyed.aipl_stage
            when events_keyed.event_at > first_purchases.first_purchased_at then 'L'
            else 'I'
        end as aipl_signal
    from events_keyed
    left join first_purchases
        on events_keyed.member_id = first_purchases.member_id

),

final as (

    select
        member_id,
        event_date,
        aipl_signal,
        count(*) as event_count
    from events_classified
    group by member_id, event_date, aipl_signal

)

select * from final
