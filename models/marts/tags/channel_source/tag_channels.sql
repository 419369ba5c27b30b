{#- Where a member comes from: the channel of the member's earliest-seen identifier and every channel the member
    is known in (from OneID). -#}

with

members as (

    select * from {{ ref('dim_members') }}

),

final as (

    select
        member_id,
        first_seen_channel as first_channel,
        nullif(
            concat_ws(
                '|',
                case when is_known_in_jd then 'jd' end,
                case when is_known_in_store then 'store' end,
                case when is_known_in_tmall then 'tmall' end,
                case when is_known_in_wechat then 'wechat' end,
                case when is_known_in_wecom then 'wecom' end
            ),
            ''
        ) as all_channels
    from members

)

select * from final
