{#- How much a member buys on deals, as of the as-of date (docs/tags.md, "Coupon sensitivity"). Most purchase orders
    carry some discount (everyday promotions, festival prices), so "had a discount" says little about the member.
    An order is a deal order when its discount rate (discount / gross amount) is above the median discount rate of
    all purchase orders placed the same day in the same channel (online or offline, members and anonymous buyers
    alike): the member paid less than what most buyers got that day, which is what a coupon does. On an ordinary
    day the median is 0, so any discount counts; on a festival day only a discount deeper than the festival price.
    coupon_sensitivity bands the member's share of deal orders: high from var coupon_sensitivity_high_share, medium
    from coupon_sensitivity_medium_share, else low; NULL below coupon_sensitivity_min_purchases purchase orders.
    One row per member with a purchase order up to the as-of date. -#}

{%- set min_purchases = var('coupon_sensitivity_min_purchases') %}
{%- set high_share = var('coupon_sensitivity_high_share') %}
{%- set medium_share = var('coupon_sensitivity_medium_share') %}

with

orders as (

    select * from {{ ref('fct_orders') }}

),

purchase_orders as (

    select
        member_id,
        order_date,
        channel,
        has_discount,
        coalesce(cast(discount_amount as {{ type_double() }}) / nullif(gross_amount, 0), 0) as discount_rate
    from orders
    where
        is_purchase
        and order_date <= {{ as_of_date() }}

),

-- what most buyers got: the median discount rate per day and channel
daily_discount_baselines as (

    select
        order_date,
        channel,
        {{ quantile_cont('discount_rate', 0.5) }} as median_discount_rate
    from purchase_orders
    group by
        order_date,
        channel

),

member_orders_classified as (

    select
        purchase_orders.member_id,
        purchase_orders.has_discount,
        purchase_orders.discount_rate > daily_discount_baselines.median_discount_rate as is_deal_order
    from purchase_orders
    inner join daily_discount_baselines
        on
            purchase_orders.order_date = daily_discount_baselines.order_date
            and purchase_orders.channel = daily_discount_baselines.channel
    where purchase_orders.member_id is not null

),

member_counts as (

    select
        member_id,
        count(*) as purchase_order_count,
        sum(case when has_discount then 1 else 0 end) as discounted_order_count,
        sum(case when is_deal_order then 1 else 0 end) as deal_order_count
    from member_orders_classified
    group by member_id

),

final as (

    select
        -- ids
        member_id,

        -- the band
        case
            when purchase_order_count < {{ min_purchases }} then null
            when deal_order_count >= {{ high_share }} * purchase_order_count then 'high'
            when deal_order_count >= {{ medium_share }} * purchase_order_count then 'medium'
            else 'low'
        end as coupon_sensitivity,

        -- inputs
        purchase_order_count,
        discounted_order_count,
        deal_order_count,
        case
            when purchase_order_count >= {{ min_purchases }}
                then cast(discounted_order_count as {{ type_double() }}) / purchase_order_count
        end as discount_order_share,
        case
            when purchase_order_count >= {{ min_purchases }}
                then cast(deal_order_count as {{ type_double() }}) / purchase_order_count
        end as deal_order_share,

        -- context
        {{ as_of_date() }} as as_of_date

    from member_counts

)

select * from final
