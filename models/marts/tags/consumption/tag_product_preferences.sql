{#- What a member buys, from purchase lines (fct_order_lines.is_purchase) up to the as-of date: the product model of
    the latest purchase, the favourite category, colour (var no_colour_value, 无, does not count), clothing size (lines
    of var apparel_categories) and shoe size (var shoe_categories): the value on the most purchase orders (ties go
    to the larger quantity, then the higher net spend, then the value); and the price band the member prefers
    against each category's own price distribution (int_member_price_bands, whose cut-offs and counts explain
    it). -#}

{%- set apparel = "'" ~ var('apparel_categories') | join("', '") ~ "'" %}
{%- set shoes = "'" ~ var('shoe_categories') | join("', '") ~ "'" %}
{#- (tag name, column, the lines that count) -#}
{%- set attributes = [
    ('category', 'category', 'true'),
    ('colour', 'colour', "colour != '" ~ var('no_colour_value') ~ "'"),
    ('size', 'size', 'category in (' ~ apparel ~ ')'),
    ('shoe_size', 'size', 'category in (' ~ shoes ~ ')'),
] %}

with

order_lines as (

    select * from {{ ref('fct_order_lines') }}

),

price_bands as (

    select * from {{ ref('int_member_price_bands') }}

),

purchase_lines as (

    select
        member_id,
        order_key,
        order_date,
        model_code,
        category,
        colour,
        size,
        quantity,
        net_amount
    from order_lines
    where
        is_purchase
        and member_id is not null
        and order_date <= {{ as_of_date() }}

),

latest_models_ranked as (

    select
        member_id,
        model_code,
        row_number() over (
            partition by member_id
            order by order_date desc, net_amount desc nulls last, model_code asc
        ) as model_rank
    from purchase_lines
    where model_code is not null

),

attribute_values as (

    {%- for attribute_name, column_name, condition in attributes %}
    select
        member_id,
        '{{ attribute_name }}' as attribute_name,
        {{ column_name }} as attribute_value,
        count(distinct order_key) as order_count,
        sum(quantity) as total_quantity,
        sum(net_amount) as total_net_amount
    from purchase_lines
    where {{ column_name }} is not null and {{ condition }}
    group by member_id, {{ column_name }}
    {%- if not loop.last %}

    union all

    {%- endif %}
    {%- endfor %}

),

attribute_values_ranked as (

    select
        member_id,
        attribute_name,
        attribute_value,
        row_number() over (
            partition by member_id, attribute_name
            order by
                order_count desc,
                total_quantity desc nulls last,
                total_net_amount desc nulls last,
                attribute_value asc
        ) as value_rank
    from attribute_values

),

favourites as (

    select
        member_id,
        max(case when attribute_name = 'category' then attribute_value end) as favourite_category,
        max(case when attribute_name = 'colour' then attribute_value end) as favourite_colour,
        max(case when attribute_name = 'size' then attribute_value end) as favourite_size,
        max(case when attribute_name = 'shoe_size' then attribute_value end) as favourite_shoe_size
    from attribute_values_ranked
    where value_rank = 1
    group by member_id

),

members as (

    select member_id from favourites
    union
    select member_id from latest_models_ranked
    union
    select member_id from price_bands

),

final as (

    select
        members.member_id,
        latest_models_ranked.model_code as last_model_bought,
        favourites.favourite_category,
        favourites.favourite_colour,
        favourites.favourite_size,
        favourites.favourite_shoe_size,
        price_bands.price_band_preference
    from members
    left join latest_models_ranked
        on
            members.member_id = latest_models_ranked.member_id
            and latest_models_ranked.model_rank = 1
    left join favourites
        on members.member_id = favourites.member_id
    left join price_bands
        on members.member_id = price_bands.member_id

)

select * from final
