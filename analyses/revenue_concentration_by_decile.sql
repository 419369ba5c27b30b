{#- The 20/80 check: how concentrated member revenue is. Members who bought in the RFM window
    (as_of - rfm_window_days, as_of] are ranked by their net sales there (ties by member ID) and cut into ten
    deciles of equal size (decile 1 = the top 10%); each decile shows its members, net sales, share of member net
    sales and the cumulative share, so the top two deciles' cumulative share is the "top 20% of members bring X% of
    revenue" number. Anonymous sales are left out (they belong to nobody).
    Run: dbt compile -s revenue_concentration_by_decile, then run the compiled SQL
    (target/compiled/member_tag_warehouse/analyses/revenue_concentration_by_decile.sql). -#}

with

orders as (

    select * from {{ ref('fct_orders') }}

),

as_of as (

    select
        {{ as_of_date() }} as as_of_date,
        {{ dbt.dateadd('day', '-' ~ var('rfm_window_days'), as_of_date()) }} as window_start_exclusive

),

member_sales as (

    select
        orders.member_id,
        sum(orders.net_amount) as net_sales,
        count(*) as order_count
    from orders
    cross join as_of
    where
        orders.is_purchase
        and orders.member_id is not null
        and orders.order_date > as_of.window_start_exclusive
        and orders.order_date <= as_of.as_of_date
    group by orders.member_id

),

members_ranked as (

    select
        member_id,
        net_sales,
        order_count,
        ntile(10) over (order by net_sales desc, member_id asc) as decile
    from member_sales

),

deciles as (

    select
        decile,
        count(*) as member_count,
        sum(order_count) as order_count,
        sum(net_sales) as net_sales,
        min(net_sales) as min_member_net_sales,
        max(net_sales) as max_member_net_sales
    from members_ranked
    group by decile

),

final as (

    select
        decile,
        member_count,
        order_count,
        net_sales,
        min_member_net_sales,
        max_member_net_sales,
        cast(net_sales as double) / sum(net_sales) over () as net_sales_share,
        cast(sum(net_sales) over (order by decile rows between unbounded preceding and current row) as double)
        / sum(net_sales) over () as cumulative_net_sales_share,
        cast(sum(member_count) over (order by decile rows between unbounded preceding and current row) as double)
        / sum(member_count) over () as cumulative_member_share
    from deciles

)

select * from final
order by decile
