{#- How much a member buys, over all purchases (fct_orders.is_purchase) up to the as-of date: purchase count code
    (G1, G2, G3+ by purchase days; several purchases on one day count once, as in RFM), total and average net
    spend, and coupon sensitivity (the share of purchase orders with a discount, banded by vars). Buyers only. -#}

{%- set min_purchases = var('coupon_sensitivity_min_purchases') %}

with

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

spend_totals as (

    select
        member_id,
        count(*) as purchase_days_count,
        sum(net_amount) as total_net_amount
    from purchase_days
    where purchase_date <= {{ as_of_date() }}
    group by member_id

),

discount_shares as (

    select
        member_id,
        count(*) as purchase_order_count,
        sum(case when has_discount then 1 else 0 end) as discounted_order_count
    from orders
    where
        is_purchase
        and member_id is not null
        and order_date <= {{ as_of_date() }}
    group by member_id

),

final as (

    select
        spend_totals.member_id,
        case
            when spend_totals.purchase_days_count = 1 then 'G1'
            when spend_totals.purchase_days_count = 2 then 'G2'
            else 'G3+'
        end as purchase_count_code,
        spend_totals.purchase_days_count,
        cast(spend_totals.total_net_amount as {{ type_double() }}) as total_spend,
        cast(spend_totals.total_net_amount as {{ type_double() }}) / spend_totals.purchase_days_count
            as avg_spend_per_purchase,
        case
            when discount_shares.purchase_order_count >= {{ min_purchases }}
                then cast(discount_shares.discounted_order_count as {{ type_double() }})
                    / discount_shares.purchase_order_count
        end as discount_order_share,
        case
            when discount_shares.purchase_order_count < {{ min_purchases }} then null
            when
                discount_shares.discounted_order_count
                >= {{ var('coupon_sensitivity_high_share') }} * discount_shares.purchase_order_count
                then 'high'
            when
                discount_shares.discounted_order_count
                >= {{ var('coupon_sensitivity_medium_share') }} * discount_shares.purchase_order_count
                then 'medium'
            else 'low'
        end as coupon_sensitivity
    from spend_totals
    left join discount_shares
        on spend_totals.member_id = discount_shares.member_id

)

select * from final
