{#- One row per member, tag and value: member_tag_values with multi-valued tags exploded to one row per value,
    every value as a string. -#}

{#- codes are validated lower snake case, so quoting them is safe -#}
{%- set multi_valued_codes = tag_definitions() | selectattr('multi_valued') | map(attribute='code') | list %}
{%- set multi_valued_in_list = "'" ~ multi_valued_codes | join("', '") ~ "'" %}

with

member_tag_values as (

    select * from {{ ref('member_tag_values') }}

),

single_valued as (

    select
        member_id,
        tag_code,
        tag_value
    from member_tag_values
    where tag_code not in ({{ multi_valued_in_list }})

),

multi_valued_exploded as (

    select
        member_id,
        tag_code,
        {{ split_to_rows('tag_value', '[|]') }} as tag_value
    from member_tag_values
    where tag_code in ({{ multi_valued_in_list }})

),

final as (

    select
        member_id,
        tag_code,
        tag_value
    from single_valued

    union all

    select
        member_id,
        tag_code,
        tag_value
    from multi_valued_exploded
    where tag_value != ''

)

select * from final
