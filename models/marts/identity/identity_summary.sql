{#- The identity summary BI tools chart: members per channel combination ('jd+store+wechat'), and the distribution of
    member sizes (identifiers per member). One row per (summary_type, summary_key). -#}

with

member_channels as (

    select * from {{ ref('identity_member_channels') }}

),

channel_combinations as (

    select
        member_id,
        {{ dbt.concat([
            "case when is_known_in_jd then 'jd+' else '' end",
            "case when is_known_in_store then 'store+' else '' end",
            "case when is_known_in_tmall then 'tmall+' else '' end",
            "case when is_known_in_wechat then 'wechat+' else '' end",
            "case when is_known_in_wecom then 'wecom+' else '' end",
        ]) }} as channel_list,
        identifier_count
    from member_channels

),

by_combination as (

    select
        'channel_combination' as summary_type,
        substr(channel_list, 1, length(channel_list) - 1) as summary_key,
        count(*) as member_count
    from channel_combinations
    group by channel_list

),

by_size as (

    select
        'identifiers_per_member' as summary_type,
        cast(identifier_count as {{ dbt.type_string() }}) as summary_key,
        count(*) as member_count
    from channel_combinations
    group by identifier_count

),

unioned as (

    select * from by_combination
    union all
    select * from by_size

),

final as (

    select
        summary_type,
        summary_key,
        member_count,
        cast(member_count as {{ dbt.type_float() }})
        / sum(member_count) over (partition by summary_type) as member_share
    from unioned

)

select * from final
