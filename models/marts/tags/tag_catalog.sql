{#- One row per tag, from the YAML meta of the tag models (tag_definitions()), with what the data says about it:
    members with a value and their share of all members, the number of distinct values and the five most common
    values with their member counts. Multi-valued tags count each value separately. -#}

{%- set definitions = tag_definitions() %}
{#- a top value with its member count: 'value (count)' -#}
{%- set value_member_count_string = 'cast(value_member_count as ' ~ dbt.type_string() ~ ')' %}
{%- set value_with_member_count = dbt.concat(['tag_value', "' ('", value_member_count_string, "')'"]) %}

with

members as (

    select member_id from {{ ref('dim_members') }}

),

member_tags_long as (

    select * from {{ ref('member_tags_long') }}

),

tag_definitions as (

    {%- for tag in definitions %}
    select
        {{ loop.index }} as tag_position,
        {{ sql_string_literal(tag.code) }} as tag_code,
        {{ sql_string_literal(tag.name_en) }} as tag_name_en,
        {{ sql_string_literal(tag.name_zh) }} as tag_name_zh,
        {{ sql_string_literal(tag.dimension) }} as dimension,
        {{ sql_string_literal(tag.kind) }} as tag_kind,
        {{ sql_string_literal(tag.value_type) }} as value_type,
        {{ 'true' if tag.multi_valued else 'false' }} as is_multi_valued,
        {{ 'true' if tag.history else 'false' }} as is_historised,
        {{ sql_string_literal(tag.allowed_values | join('|') if tag.allowed_values is not none else none) }}
            as allowed_values,
        {{ sql_string_literal(tag.refresh) }} as refresh,
        {{ sql_string_literal(tag.model) }} as source_model,
        {{ sql_string_literal(tag.column) }} as source_column,
        {{ sql_string_literal(tag.description) }} as tag_description
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- if definitions | length == 0 %}
    select
        cast(null as {{ dbt.type_int() }}) as tag_position,
        cast(null as {{ dbt.type_string() }}) as tag_code,
        cast(null as {{ dbt.type_string() }}) as tag_name_en,
        cast(null as {{ dbt.type_string() }}) as tag_name_zh,
        cast(null as {{ dbt.type_string() }}) as dimension,
        cast(null as {{ dbt.type_string() }}) as tag_kind,
        cast(null as {{ dbt.type_string() }}) as value_type,
        cast(null as boolean) as is_multi_valued,
        cast(null as boolean) as is_historised,
        cast(null as {{ dbt.type_string() }}) as allowed_values,
        cast(null as {{ dbt.type_string() }}) as refresh,
        cast(null as {{ dbt.type_string() }}) as source_model,
        cast(null as {{ dbt.type_string() }}) as source_column,
        cast(null as {{ dbt.type_string() }}) as tag_description
    from members
    where 1 = 0
    {%- endif %}

),

member_total as (

    select count(*) as member_count from members

),

tag_coverage as (

    select
        tag_code,
        count(distinct member_id) as members_with_value,
        count(distinct tag_value) as distinct_value_count
    from member_tags_long
    group by tag_code

),

value_counts as (

    select
        tag_code,
        tag_value,
        count(distinct member_id) as value_member_count
    from member_tags_long
    group by tag_code, tag_value

),

values_ranked as (

    select
        tag_code,
        tag_value,
        value_member_count,
        row_number() over (
            partition by tag_code
            order by value_member_count desc, tag_value asc
        ) as value_rank
    from value_counts

),

top_values_pivoted as (

    select
        tag_code,
        {%- for rank in range(1, 6) %}
        max(case
            when value_rank = {{ rank }}
                then {{ value_with_member_count }}
        end) as top_value_{{ rank }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from values_ranked
    where value_rank <= 5
    group by tag_code

),

final as (

    select
        -- ids
        tag_definitions.tag_code,

        -- text
        tag_definitions.tag_name_en,
        tag_definitions.tag_name_zh,
        tag_definitions.dimension,
        tag_definitions.tag_kind,
        tag_definitions.value_type,
        tag_definitions.allowed_values,
        tag_definitions.refresh,
        tag_definitions.source_model,
        tag_definitions.source_column,
        tag_definitions.tag_description,
        concat_ws(
            ' | ',
            top_values_pivoted.top_value_1,
            top_values_pivoted.top_value_2,
            top_values_pivoted.top_value_3,
            top_values_pivoted.top_value_4,
            top_values_pivoted.top_value_5
        ) as top_values,

        -- numerics
        tag_definitions.tag_position,
        coalesce(tag_coverage.members_with_value, 0) as members_with_value,
        member_total.member_count,
        case
            when member_total.member_count > 0
                then cast(coalesce(tag_coverage.members_with_value, 0) as {{ type_double() }})
                    / member_total.member_count
        end as coverage_share,
        coalesce(tag_coverage.distinct_value_count, 0) as distinct_value_count,

        -- booleans
        tag_definitions.is_multi_valued,
        tag_definitions.is_historised

    from tag_definitions
    cross join member_total
    left join tag_coverage
        on tag_definitions.tag_code = tag_coverage.tag_code
    left join top_values_pivoted
        on tag_definitions.tag_code = top_values_pivoted.tag_code

)

select * from final
