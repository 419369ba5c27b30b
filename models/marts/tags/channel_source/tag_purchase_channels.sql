{#- Where a member buys, from purchases (fct_orders.is_purchase) on or before the as-of date: online only,
    offline only or both, every sub-channel bought in (alphabetically, joined with '|'), and the favourite
    sub-channel (most purchases; ties go to the higher net amount, then the latest purchase, then the sub-channel
    name). -#}

with

orders as (

    select * from {{ ref('fct_orders') }}

),

purchases as (

    select
        member_id,
        channel,
        sub_channel,
        net_amount,
        order_date
    from orders
    where
        is_purchase
        and member_id is not null
        and order_date <= {{ as_of_date() }}

),

channel_mix as (

    select
        member_id,
        max(case when channel = 'online' then 1 else 0 end) = 1 as has_online_purchase,
        max(case when channel = 'offline' then 1 else 0 end) = 1 as has_offline_purchase
    from purchases
    group by member_id

),

sub_channel_totals as (

    select
        member_id,
        sub_channel,
        count(*) as purchase_count,
        sum(net_amount) as net_amount,
        max(order_date) as last_purchase_date
    from purchases
    group by member_id, sub_channel

),

sub_channels_bought as (

    select
        member_id,
        {{ ordered_string_agg('sub_channel', 'sub_channel', '|') }} as purchase_sub_channels
    from sub_channel_totals
    group by member_id

),

sub_channels_ranked as (

    select
        member_id,
        sub_channel,
        row_number() over (
            partition by member_id
            order by
                purchase_count desc,
                net_amount desc nulls last,
                last_purchase_date desc nulls last,
                sub_channel asc
        ) as sub_channel_rank
    from sub_channel_totals

),

final as (

    select
        channel_mix.member_id,
        case
            when channel_mix.has_online_purchase and channel_mix.has_offline_purchase then 'both'
            when channel_mix.has_online_purchase then 'online'
            else 'offline'
        end as purchase_channel_mix,
        sub_channels_bought.purchase_sub_channels,
        sub_channels_ranked.sub_channel as favourite_sub_channel
    from channel_mix
    inner join sub_channels_bought
        on channel_mix.member_id = sub_channels_bought.member_id
    inner join sub_channels_ranked
        on
            channel_mix.member_id = sub_channels_ranked.member_id
            and sub_channels_ranked.sub_channel_rank = 1

)

select * from final
