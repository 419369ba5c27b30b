{#- One row per member and tag with a value: member_tags_wide unpivoted, NULLs left out, every value as a string
    (booleans 'true'/'false', dates 'YYYY-MM-DD', numbers as the warehouse prints them); a multi-valued tag keeps
    its values joined with '|' (member_tags_long explodes them). The grain the tag snapshot keeps history at. One
    pass over the wide table: each row is crossed with the list of tag codes and picks its column with a CASE. -#}

{%- set definitions = tag_definitions() %}

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
    {%- endfor %}
    {%- if definitions | length == 0 %}
    select cast(null as {{ dbt.type_string() }}) as tag_code
    from member_tags_wide
    where 1 = 0
    {%- endif %}

),

tags_unpivoted as (

    select
        member_tags_wide.member_id,
        tag_codes.tag_code,
        {%- if definitions | length > 0 %}
        case tag_codes.tag_code
            {%- for tag in definitions %}
            when {{ sql_string_literal(tag.code) }}
                then cast(member_tags_wide.{{ tag.code }} as {{ dbt.type_string() }})
            {%- endfor %}
        end as tag_value
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as tag_value
        {%- endif %}
    from member_tags_wide
    cross join tag_codes

),

final as (

    select
        member_id,
        tag_code,
        tag_value
    from tags_unpivoted
    where tag_value is not null

)

select * from final
