{#- The price band each member buys in, as of the as-of date. Every product category is banded against its own
    price distribution (a 300-yuan top is premium, a 300-yuan coat is budget): the cut-offs are the 1/3 and 2/3
    quantiles of the unit prices (net amount / quantity) of all members' purchase lines of the category up to the
    as-of date. A line is budget below its category's lower cut-off, premium above the upper one, else mid; the
    member's preferred band is the one with the most lines (ties go to the higher band). One row per member with
    such a line; the line counts per band and the cut-offs of the member's categories are kept for the explanation
    of the tag price_band_preference. -#}

with

order_lines as (

    select * from {{ ref('fct_order_lines') }}

),

purchase_lines as (

    select
        member_id,
        category,
        cast(net_amount as {{ type_double() }}) / quantity as unit_price
    from order_lines
    where
        is_purchase
        and member_id is not null
        and category is not null
        and quantity > 0
        and net_amount is not null
        and order_date <= {{ as_of_date() }}

),

category_cut_offs as (

    select
        category,
        {{ quantile_cont('unit_price', 1.0 / 3) }} as lower_cut_off,
        {{ quantile_cont('unit_price', 2.0 / 3) }} as upper_cut_off
    from purchase_lines
    group by category

),

lines_banded as (

    select
        purchase_lines.member_id,
        purchase_lines.category,
        category_cut_offs.lower_cut_off,
        category_cut_offs.upper_cut_off,
        case
            when purchase_lines.unit_price < category_cut_offs.lower_cut_off then 1
            when purchase_lines.unit_price > category_cut_offs.upper_cut_off then 3
            else 2
        end as price_band_rank
    from purchase_lines
    inner join category_cut_offs
        on purchase_lines.category = category_cut_offs.category

),

band_counts as (

    select
        member_id,
        sum(case when price_band_rank = 1 then 1 else 0 end) as budget_line_count,
        sum(case when price_band_rank = 2 then 1 else 0 end) as mid_line_count,
        sum(case when price_band_rank = 3 then 1 else 0 end) as premium_line_count
    from lines_banded
    group by member_id

),

-- the cut-offs of the categories the member bought, as text for the explanation: '上衣 129.0/259.0, ...'
member_categories as (

    select distinct
        member_id,
        category,
        concat(
            category, ' ',
            cast({{ explain_number('lower_cut_off') }} as {{ dbt.type_string() }}), '/',
            cast({{ explain_number('upper_cut_off') }} as {{ dbt.type_string() }})
        ) as category_cut_offs_text
    from lines_banded

),

member_category_cut_offs as (

    select
        member_id,
        {{ ordered_string_agg('category_cut_offs_text', 'category', ', ') }} as category_cut_offs
    from member_categories
    group by member_id

),

final as (

    select
        -- ids
        band_counts.member_id,

        -- the preferred band: the most lines, ties to the higher band
        case
            when
                band_counts.premium_line_count >= band_counts.mid_line_count
                and band_counts.premium_line_count >= band_counts.budget_line_count
                then 'premium'
            when band_counts.mid_line_count >= band_counts.budget_line_count then 'mid'
            else 'budget'
        end as price_band_preference,

        -- inputs
        band_counts.budget_line_count,
        band_counts.mid_line_count,
        band_counts.premium_line_count,
        member_category_cut_offs.category_cut_offs,

        -- context
        {{ as_of_date() }} as as_of_date

    from band_counts
    left join member_category_cut_offs
        on band_counts.member_id = member_category_cut_offs.member_id

)

select * from final
