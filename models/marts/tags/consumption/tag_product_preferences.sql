{#- What a member buys, from purchase lines (fct_order_lines.is_purchase) up to the as-of date: the product model of
    the latest purchase, the favourite category, colour (var no_colour_value, 无, does not count), clothing size (lines
    of var apparel_categories) and shoe size (var shoe_categories): the value on the most purchase orders (ties go
    to the larger quantity, then the higher net spend, then the value); and the price band the member prefers
    against each category's own price distribution: a line's unit price (net / quantity) is budget below the
    category's 1/3 quantile of unit prices, premium above its 2/3 quantile, else mid (quantiles over all purchase
    lines of the category up to the as-of date); the preferred band is the one with the most lines (ties: higher
    band). -#}

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
        net_amount,
        case when quantity > 0 then net_amount / quantity end as unit_price
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

category_price_cutoffs as (

    select
        category,
        {{ quantile_cont('unit_price', 1.0 / 3) }} as lower_cutoff,
        {{ quantile_cont('unit_price', 2.0 / 3) }} as upper_cutoff
    from purchase_lines
    where category is not null and unit_price is not null
    group by category

),

lines_banded as (

    select
        purchase_lines.member_id,
        case
            when purchase_lines.unit_price < category_price_cutoffs.lower_cutoff then 1
            when purchase_lines.unit_price > category_price_cutoffs.upper_cutoff then 3
            else 2
        end as price_band_rank
    from purchase_lines
    inner join category_price_cutoffs
        on purchase_lines.category = category_price_cutoffs.category
    where purchase_lines.unit_price is not null

),

price_bands_ranked as (

    select
        member_id,
        price_band_rank,
        row_number() over (
            partition by member_id
            order by count(*) desc, price_band_rank desc
        ) as band_rank
    from lines_banded
    group by member_id, price_band_rank

),

members as (

    select member_id from favourites
    union
    select member_id from latest_models_ranked
    union
    select member_id from price_bands_ranked

),

final as (

    select
        members.member_id,
        latest_models_ranked.model_code as last_model_bought,
        favourites.favourite_category,
        favourites.favourite_colour,
        favourites.favourite_size,
        favourites.favourite_shoe_size,
        case price_bands_ranked.price_band_rank
            when 1 then 'budget'
            when 2 then 'mid'
            when 3 then 'premium'
        end as price_band_preference
    from members
    left join latest_models_ranked
        on
            members.member_id = latest_models_ranked.member_id
            and latest_models_ranked.model_rank = 1
    left join favourites
        on members.member_id = favourites.member_id
    left join price_bands_ranked
        on
            members.member_id = price_bands_ranked.member_id
            and price_bands_ranked.band_rank = 1

)

select * from final
