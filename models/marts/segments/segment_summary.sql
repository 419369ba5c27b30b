{#- One row per declared segment (also when it selects nobody): its declaration (owner, description, holdout share,
    channels, tags read, compiled rule), size and share of all members, target and control counts, its members'
    net sales in the RFM window (as_of - rfm_window_days, as_of] and their share of all net sales in the window
    (anonymous walk-in sales included in the total), average RFM scores, and a one-line portrait (the most common
    value of every portrait tag, from segment_portrait). -#}

{%- set segments = compiled_segments(segment_definitions(), tag_definitions()) %}

with

member_segments as (

    select * from {{ ref('member_segments') }}

),

members as (

    select * from {{ ref('dim_members') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

member_rfm as (

    select * from {{ ref('int_member_rfm') }}

),

segment_portrait as (

    select * from {{ ref('segment_portrait') }}

),

declared_segments as (

    {%- if segments %}
    {%- for segment in segments %}

    select
        '{{ segment.name }}' as segment_name,
        {{ segment_string_literal(segment.owner) }} as segment_owner,
        {{ segment_string_literal(segment.description) }} as segment_description,
        cast({{ segment.holdout_share }} as double) as holdout_share,
        '{{ segment.channels | join(",") }}' as channels,
        '{{ segment.tag_codes | join(",") }}' as tag_codes,
        {{ segment_string_literal(segment.rule_sql) }} as rule_sql
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
    {%- else %}

    select
        cast(null as {{ dbt.type_string() }}) as segment_name,
        cast(null as {{ dbt.type_string() }}) as segment_owner,
        cast(null as {{ dbt.type_string() }}) as segment_description,
        cast(null as double) as holdout_share,
        cast(null as {{ dbt.type_string() }}) as channels,
        cast(null as {{ dbt.type_string() }}) as tag_codes,
        cast(null as {{ dbt.type_string() }}) as rule_sql
    from members
    where 1 = 0
    {%- endif %}

),

as_of as (

    select
        {{ as_of_date() }} as as_of_date,
        {{ dbt.dateadd('day', '-' ~ var('rfm_window_days'), as_of_date()) }} as window_start_exclusive

),

window_purchases as (

    select
        orders.member_id,
        orders.net_amount
    from orders
    cross join as_of
    where
        orders.is_purchase
        and orders.order_date > as_of.window_start_exclusive
        and orders.order_date <= as_of.as_of_date

),

window_total as (

    select sum(net_amount) as net_sales
    from window_purchases

),

member_window_sales as (

    select
        member_id,
        sum(net_amount) as net_sales
    from window_purchases
    where member_id is not null
    group by member_id

),

member_total as (

    select count(*) as member_count
    from members

),

segment_members_measured as (

    select
        member_segments.segment_name,
        count(*) as member_count,
        count(case when member_segments.assignment_group = 'target' then 1 end) as target_count,
        count(case when member_segments.assignment_group = 'control' then 1 end) as control_count,
        count(member_window_sales.member_id) as buyer_count,
        coalesce(sum(member_window_sales.net_sales), 0) as net_sales,
        avg(member_rfm.r_score) as avg_r_score,
        avg(member_rfm.f_score) as avg_f_score,
        avg(member_rfm.m_score) as avg_m_score
    from member_segments
    left join member_window_sales
        on member_segments.member_id = member_window_sales.member_id
    left join member_rfm
        on member_segments.member_id = member_rfm.member_id
    group by member_segments.segment_name

),

-- "gender: female 62% (TGI 118); generation: 90后 35% (TGI 140); ..." in portrait tag order: the most common value
-- of each portrait tag held by at least a tenth of the segment (rarer leaders say little about it)
portraits as (

    select
        segment_name,
        {{ ordered_string_agg(
            dbt.concat([
                'tag_code', "': '", 'tag_value', "' '",
                dbt.safe_cast('round(100 * segment_share)', dbt.type_int()), "'% (TGI '",
                dbt.safe_cast('round(tgi)', dbt.type_int()), "')'"]),
            'tag_position', '; ') }} as portrait
    from segment_portrait
    where value_rank = 1 and segment_share >= 0.1
    group by segment_name

),

final as (

    select
        -- declaration
        declared_segments.segment_name,
        declared_segments.segment_owner,
        declared_segments.segment_description,
        declared_segments.holdout_share,
        declared_segments.channels,
        declared_segments.tag_codes,
        declared_segments.rule_sql,
        as_of.as_of_date,

        -- size
        coalesce(segment_members_measured.member_count, 0) as member_count,
        coalesce(segment_members_measured.target_count, 0) as target_count,
        coalesce(segment_members_measured.control_count, 0) as control_count,
        cast(coalesce(segment_members_measured.member_count, 0) as double)
        / nullif(member_total.member_count, 0) as member_share,

        -- value
        coalesce(segment_members_measured.buyer_count, 0) as buyer_count,
        cast(coalesce(segment_members_measured.net_sales, 0) as {{ type_money() }}) as net_sales,
        cast(coalesce(segment_members_measured.net_sales, 0) as double)
        / nullif(window_total.net_sales, 0) as net_sales_share,
        segment_members_measured.avg_r_score,
        segment_members_measured.avg_f_score,
        segment_members_measured.avg_m_score,

        -- portrait
        portraits.portrait

    from declared_segments
    cross join as_of
    cross join member_total
    cross join window_total
    left join segment_members_measured
        on declared_segments.segment_name = segment_members_measured.segment_name
    left join portraits
        on declared_segments.segment_name = portraits.segment_name

)

select * from final
