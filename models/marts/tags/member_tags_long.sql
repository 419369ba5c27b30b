{#- One row per member, tag and value: the tags of member_tags_wide unpivoted, every value as a string (booleans
    'true'/'false', dates 'YYYY-MM-DD'), NULLs left out, multi-valued tags exploded to one row per value. One pass
    over the wide table: each row is crossed with the list of tag codes and picks its column with a CASE. -#}

{%- set definitions = tag_definitions() %}
{#- codes are validated lower snake case, so quoting them is safe -#}
{%- set multi_valued_codes = definitions | selectattr('multi_valued') | map(attribute='code') | list %}
{%- set multi_valued_in_list = "'" ~ multi_valued_codes | join("', '") ~ "'" %}

with

member_tags_wide as (

    select * from {{ ref('member_tags_wide') }}

),

tag_codes as (

    {%- for tag in definitions %}
    select {{ sql_string_literal(tag.code) }} as tag_code
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select cast(null as {{ dbt.type_string() }}) as tag_code
    from member_tags_wide
    where 1 = 0
    {%- endfor %}

),

tags_unpivoted as (

    select
        member_tags_wide.member_id,
        tag_codes.tag_code,
        {%- if definitions | length > 0 %}
        case tag_codes.tag_code
            {%- for tag in definitions %}
            when {{ sql_string_literal(tag.code) }} then cast(member_tags_wide.{{ tag.code }} as {{ dbt.type_string() }})
            {%- endfor %}
        end as tag_value
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as tag_value
        {%- endif %}
    from member_tags_wide
    cross join tag_codes

),

tags_present as (

    select
        member_id,
        tag_code,
        tag_value
    from tags_unpivoted
    where tag_value is not null

),

multi_valued_exploded as (

    select
        member_id,
        tag_code,
        {{ split_to_rows('tag_value', '[|]') }} as tag_value
    from tags_present
    where tag_code in ({{ multi_valued_in_list }})

),

final as (

    select
        member_id,
        tag_code,
        tag_value
    from tags_present
    where tag_code not in ({{ multi_valued_in_list }})

    union all

    select
        member_id,
        tag_code,
        tag_value
    from multi_valued_exploded
    where tag_value != ''

)

select * from final
