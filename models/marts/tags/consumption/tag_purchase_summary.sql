{#- How much a member buys, over all purchases (fct_orders.is_purchase) up to the as-of date: purchase count code
    (G1, G2, G3+ by purchase days; several purchases on one day count once, as in RFM), total and average net
    spend, and how much the member buys on deals (int_member_coupon_sensitivity: the share of purchase orders with
    any discount, the share of deal orders, deeper discounts than most buyers got that day, and the coupon
    sensitivity band). Buyers only. -#}

with

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

coupon_sensitivity as (

    select * from {{ ref('int_member_coupon_sensitivity') }}

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
        coupon_sensitivity.discount_order_share,
        coupon_sensitivity.deal_order_share,
        coupon_sensitivity.coupon_sensitivity
    from spend_totals
    left join coupon_sensitivity
        on spend_totals.member_id = coupon_sensitivity.member_id

)

select * from final
