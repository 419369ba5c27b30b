{#- The individual portrait of one member, for customer service and one-to-one follow-up: one query returning
    every tag with its Chinese and English name, the explanation of each rule tag, the member's recent behaviour
    track (tracked events) and recent orders with their products. No raw personal data (the portrait reads the
    public tag tables, the classified events and fct_orders).

    One row per item: section (tag, rule, event, order), position, item_at (event or order time; NULL for tags),
    item (tag name, event name, order channel), value (tag value, order amount and status) and detail.

    member_portrait_sql(member_id, recent_days=90, max_rows=20) renders the query (analyses/member_portrait.sql
    compiles it for a member given as var portrait_member_id); print_member_portrait(member_id) runs it and
    prints it: dbt run-operation print_member_portrait --args '{member_id: M0000000042}'. -#}

{% macro member_portrait_sql(member_id, recent_days=90, max_rows=20) -%}
    {%- if not modules.re.match('^[A-Za-z0-9_-]+$', member_id | string) -%}
        {{ exceptions.raise_compiler_error("member_portrait: member_id must be a member ID such as M0000000042, got '"
            ~ member_id ~ "'") }}
    {%- endif -%}
    {%- set member_literal = "'" ~ member_id ~ "'" -%}
with

tags as (

    select
        member_tags_long.tag_code,
        member_tags_long.tag_value,
        tag_catalog.tag_name_zh,
        tag_catalog.tag_name_en,
        tag_catalog.dimension,
        tag_catalog.tag_position
    from {{ ref('member_tags_long') }} as member_tags_long
    inner join {{ ref('tag_catalog') }} as tag_catalog
        on member_tags_long.tag_code = tag_catalog.tag_code
    where member_tags_long.member_id = {{ member_literal }}

),

rules as (

    select
        tag_code,
        tag_value,
        rule_text,
        input_values,
        cut_offs
    from {{ ref('member_tag_explanations') }}
    where member_id = {{ member_literal }}

),

events_ranked as (

    select
        event_name,
        aipl_signal,
        event_at,
        row_number() over (order by event_at desc, event_id desc) as event_rank
    from {{ ref('int_member_events_classified') }}
    where
        member_id = {{ member_literal }}
        and event_date > {{ dbt.dateadd('day', -recent_days, as_of_date()) }}

),

orders_ranked as (

    select
        order_key,
        sub_channel,
        order_status,
        net_amount,
        ordered_at,
        row_number() over (order by ordered_at desc, order_key desc) as order_rank
    from {{ ref('fct_orders') }}
    where member_id = {{ member_literal }}

),

order_lines_ranked as (

    select
        order_lines.order_key,
        order_lines.model_code,
        row_number() over (
            partition by order_lines.order_key
            order by order_lines.net_amount desc nulls last, order_lines.model_code asc
        ) as line_rank
    from {{ ref('fct_order_lines') }} as order_lines
    inner join orders_ranked
        on order_lines.order_key = orders_ranked.order_key
    where orders_ranked.order_rank <= {{ max_rows }} and order_lines.model_code is not null

),

-- the order's first five models by net amount, portable (no ordered string aggregate needed)
order_products as (

    select
        order_key,
        concat_ws(
            ', '
            {%- for position in range(1, 6) %},
            max(case when line_rank = {{ position }} then model_code end)
            {%- endfor %}
        ) as model_codes
    from order_lines_ranked
    group by order_key

),

portrait as (

    select
        'tag' as section,
        tags.tag_position as position,
        cast(null as timestamp) as item_at,
        concat(tags.tag_name_zh, ' / ', tags.tag_name_en) as item,
        tags.tag_value as value,
        concat(tags.dimension, ': ', tags.tag_code) as detail
    from tags

    union all

    select
        'rule' as section,
        tags.tag_position as position,
        cast(null as timestamp) as item_at,
        rules.tag_code as item,
        rules.tag_value as value,
        concat(rules.rule_text, ' | ', rules.input_values, ' | ', rules.cut_offs) as detail
    from rules
    left join (select distinct tag_code, tag_position from tags) as tags
        on rules.tag_code = tags.tag_code

    union all

    select
        'event' as section,
        event_rank as position,
        event_at as item_at,
        event_name as item,
        aipl_signal as value,
        cast(null as {{ dbt.type_string() }}) as detail
    from events_ranked
    where event_rank <= {{ max_rows }}

    union all

    select
        'order' as section,
        orders_ranked.order_rank as position,
        orders_ranked.ordered_at as item_at,
        orders_ranked.sub_channel as item,
        concat(cast(orders_ranked.net_amount as {{ dbt.type_string() }}), ' ', orders_ranked.order_status) as value,
        order_products.model_codes as detail
    from orders_ranked
    left join order_products
        on orders_ranked.order_key = order_products.order_key
    where orders_ranked.order_rank <= {{ max_rows }}

)

select
    section,
    position,
    item_at,
    item,
    value,
    detail
from portrait
order by
    case section when 'tag' then 1 when 'rule' then 2 when 'event' then 3 else 4 end asc,
    position asc nulls last
{%- endmacro %}


{% macro print_member_portrait(member_id, recent_days=90, max_rows=20) -%}
    {%- set result = run_query(member_portrait_sql(member_id, recent_days, max_rows)) -%}
    {%- if execute -%}
        {%- do print('Portrait of ' ~ member_id ~ ' (' ~ result.rows | length ~ ' rows)') -%}
        {%- for row in result.rows -%}
            {%- do print(row.values() | map('string') | join(' | ')) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
