{#- One row per member: how many identifiers it holds and in which channels it is known, the basis of the identity
    summaries and of dim_members' channel columns. -#}

with

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

identifier_types as (

    select * from {{ ref('identity_identifier_types') }}

),

identifiers_typed as (

    select
        identity_map.member_id,
        identity_map.member_number,
        identity_map.identifier_type,
        identity_map.first_seen_at,
        identifier_types.channel
    from identity_map
    inner join identifier_types
        on identity_map.identifier_type = identifier_types.identifier_type

),

first_channels as (

    select
        member_id,
        channel,
        row_number() over (
            partition by member_id
            order by first_seen_at asc nulls last, channel asc
        ) as channel_rank
    from identifiers_typed
    where channel is not null

),

final as (

    select
        identifiers_typed.member_id,
        min(identifiers_typed.member_number) as member_number,
        count(*) as identifier_count,
        sum(case when identifiers_typed.identifier_type = 'mobile' then 1 else 0 end) as mobile_count,
        max(case when identifiers_typed.channel = 'tmall' then 1 else 0 end) = 1 as is_known_in_tmall,
        max(case when identifiers_typed.channel = 'jd' then 1 else 0 end) = 1 as is_known_in_jd,
        max(case when identifiers_typed.channel = 'store' then 1 else 0 end) = 1 as is_known_in_store,
        max(case when identifiers_typed.channel = 'wechat' then 1 else 0 end) = 1 as is_known_in_wechat,
        max(case when identifiers_typed.channel = 'wecom' then 1 else 0 end) = 1 as is_known_in_wecom,
        max(first_channels.channel) as first_seen_channel,
        min(identifiers_typed.first_seen_at) as first_seen_at
    from identifiers_typed
    left join first_channels
        on identifiers_typed.member_id = first_channels.member_id
            and first_channels.channel_rank = 1
    group by identifiers_typed.member_id

)

select * from final
