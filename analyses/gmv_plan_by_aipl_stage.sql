{#- GMV planning by AIPL stage, as brands do before a big promotion: GMV = members x conversion rate x orders per
    buyer x average order value, per AIPL stage (A, I, P, L) and customer type (new: never bought before; existing).

    Rates come from history: for each of the last `gmv_plan_lookback_months` (default 6) full months before the
    as-of month, members are taken in the AIPL stage they had at the month's start (int_member_aipl_monthly of the
    month before) and followed through the month: converted = bought in it (fct_orders.is_purchase). The plan
    applies those rates to the members in each stage now (int_member_aipl as of the as-of date), for one month;
    multiply planned_gmv by a promotion uplift of your own when planning a festival month.
    Override the look-back with --vars '{gmv_plan_lookback_months: 12}'.
    Run: dbt compile -s gmv_plan_by_aipl_stage, then run the compiled SQL. -#}

{%- set lookback_months = var('gmv_plan_lookback_months', 6) %}

with

aipl_current as (

    select * from {{ ref('int_member_aipl') }}

),

aipl_monthly as (

    select * from {{ ref('int_member_aipl_monthly') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

as_of as (

    select
        {{ as_of_date() }} as as_of_date,
        {{ dbt.date_trunc('month', as_of_date()) }} as as_of_month

),

purchases as (

    select
        orders.member_id,
        orders.order_date,
        orders.net_amount
    from orders
    cross join as_of
    where
        orders.is_purchase
        and orders.member_id is not null
        and orders.order_date <= as_of.as_of_date

),

first_purchases as (

    select
        member_id,
        min(order_date) as first_purchase_date
    from purchases
    group by member_id

),

member_month_purchases as (

    select
        member_id,
        {{ dbt.date_trunc('month', 'order_date') }} as month_start,
        count(*) as order_count,
        sum(net_amount) as net_sales
    from purchases
    group by
        member_id,
        {{ dbt.date_trunc('month', 'order_date') }}

),

-- a member in a stage at the start of a history month: the snapshot of the month before
history_member_months as (

    select
        aipl_monthly.member_id,
        aipl_monthly.aipl_stage,
        {{ dbt.dateadd('month', 1, 'aipl_monthly.month_start') }} as month_start
    from aipl_monthly
    cross join as_of
    where
        {{ dbt.dateadd('month', 1, 'aipl_monthly.month_start') }} < as_of.as_of_month
        and {{ dbt.dateadd('month', 1, 'aipl_monthly.month_start') }}
        >= {{ dbt.dateadd('month', -lookback_months, 'as_of.as_of_month') }}

),

history_outcomes as (

    select
        history_member_months.aipl_stage,
        case
            when first_purchases.first_purchase_date < history_member_months.month_start then 'existing'
            else 'new'
        end as customer_type,
        case when member_month_purchases.member_id is not null then 1 else 0 end as is_converted,
        coalesce(member_month_purchases.order_count, 0) as order_count,
        coalesce(member_month_purchases.net_sales, 0) as net_sales
    from history_member_months
    left join first_purchases
        on history_member_months.member_id = first_purchases.member_id
    left join member_month_purchases
        on
            history_member_months.member_id = member_month_purchases.member_id
            and history_member_months.month_start = member_month_purchases.month_start

),

history_rates as (

    select
        aipl_stage,
        customer_type,
        count(*) as history_member_months,
        sum(is_converted) as history_buyer_months,
        cast(sum(is_converted) as double) / count(*) as conversion_rate,
        cast(sum(order_count) as double) / nullif(sum(is_converted), 0) as orders_per_buyer,
        cast(sum(net_sales) as double) / nullif(sum(order_count), 0) as avg_order_value
    from history_outcomes
    group by
        aipl_stage,
        customer_type

),

current_members as (

    select
        aipl_current.aipl_stage,
        case when first_purchases.member_id is not null then 'existing' else 'new' end as customer_type,
        count(*) as member_count
    from aipl_current
    left join first_purchases
        on aipl_current.member_id = first_purchases.member_id
    where aipl_current.aipl_stage in ('A', 'I', 'P', 'L')
    group by
        aipl_current.aipl_stage,
        case when first_purchases.member_id is not null then 'existing' else 'new' end

),

plan as (

    select
        current_members.aipl_stage,
        current_members.customer_type,
        current_members.member_count,
        history_rates.history_member_months,
        history_rates.conversion_rate,
        history_rates.orders_per_buyer,
        history_rates.avg_order_value,
        current_members.member_count * coalesce(history_rates.conversion_rate, 0) as planned_buyers,
        current_members.member_count * coalesce(history_rates.conversion_rate, 0)
        * coalesce(history_rates.orders_per_buyer, 0) as planned_orders,
        current_members.member_count * coalesce(history_rates.conversion_rate, 0)
        * coalesce(history_rates.orders_per_buyer, 0) * coalesce(history_rates.avg_order_value, 0) as planned_gmv
    from current_members
    left join history_rates
        on
            current_members.aipl_stage = history_rates.aipl_stage
            and current_members.customer_type = history_rates.customer_type

),

final as (

    select
        aipl_stage,
        customer_type,
        member_count,
        history_member_months,
        conversion_rate,
        orders_per_buyer,
        avg_order_value,
        planned_buyers,
        planned_orders,
        planned_gmv,
        planned_gmv / sum(planned_gmv) over () as planned_gmv_share
    from plan

)

select * from final
order by
    case aipl_stage when 'A' then 1 when 'I' then 2 when 'P' then 3 else 4 end,
    customer_type
