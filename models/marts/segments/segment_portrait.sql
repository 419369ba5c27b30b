{#- The portrait of every segment: for each portrait tag, how the segment's members are distributed over its values,
    against all members. One row per (segment, tag, value) with the members holding the value, their share of the
    segment, the value's share of all members and the TGI (target group index: 100 = as common as in the whole
    membership, 150 = half as common again). Portrait tags: every coded tag (allowed_values in its meta) plus the
    tags listed in this model's meta extra_portrait_tags; at most max_values_per_tag values per tag (the most
    common in the segment). Multi-valued tags count a member once per value. -#}

{%- set tag_defs = tag_definitions() %}
{%- set settings = segment_portrait_settings() %}
{%- set portrait_tags = segment_portrait_tags(tag_defs, settings.extra_portrait_tags) %}
{%- set max_values_per_tag = settings.max_values_per_tag | int %}

with

member_segments as (

    select * from {{ ref('member_segments') }}

),

member_tags_long as (

    select * from {{ ref('member_tags_long') }}

),

members as (

    select * from {{ ref('dim_members') }}

),

portrait_tags as (

    {%- if portrait_tags %}
    {%- for code in portrait_tags %}

    select
        '{{ code }}' as tag_code,
        {{ loop.index }} as tag_position
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
    {%- else %}

    select
        cast(null as {{ dbt.type_string() }}) as tag_code,
        cast(null as {{ dbt.type_int() }}) as tag_position
    from members
    where 1 = 0
    {%- endif %}

),

portrait_values as (

    select
        member_tags_long.member_id,
        member_tags_long.tag_code,
        member_tags_long.tag_value
    from member_tags_long
    inner join portrait_tags
        on member_tags_long.tag_code = portrait_tags.tag_code

),

member_total as (

    select count(*) as member_count
    from members

),

segment_sizes as (

    select
        segment_name,
        count(*) as segment_member_count
    from member_segments
    group by segment_name

),

population_value_counts as (

    select
        tag_code,
        tag_value,
        count(*) as population_member_count
    from portrait_values
    group by
        tag_code,
        tag_value

),

segment_value_counts as (

    select
        member_segments.segment_name,
        portrait_values.tag_code,
        portrait_values.tag_value,
        count(*) as member_count
    from member_segments
    inner join portrait_values
        on member_segments.member_id = portrait_values.member_id
    group by
        member_segments.segment_name,
        portrait_values.tag_code,
        portrait_values.tag_value

),

segment_value_shares as (

    select
        segment_value_counts.segment_name,
        segment_value_counts.tag_code,
        portrait_tags.tag_position,
        segment_value_counts.tag_value,
        segment_value_counts.member_count,
        cast(segment_value_counts.member_count as double)
        / segment_sizes.segment_member_count as segment_share,
        cast(population_value_counts.population_member_count as double)
        / member_total.member_count as population_share,
        -- cast: row_number is a bigint on DuckDB but an int on Spark, and the contract wants one type
        cast(row_number() over (
            partition by segment_value_counts.segment_name, segment_value_counts.tag_code
            order by segment_value_counts.member_count desc, segment_value_counts.tag_value asc
        ) as {{ dbt.type_bigint() }}) as value_rank
    from segment_value_counts
    inner join segment_sizes
        on segment_value_counts.segment_name = segment_sizes.segment_name
    inner join population_value_counts
        on
            segment_value_counts.tag_code = population_value_counts.tag_code
            and segment_value_counts.tag_value = population_value_counts.tag_value
    inner join portrait_tags
        on segment_value_counts.tag_code = portrait_tags.tag_code
    cross join member_total

),

final as (

    select
        segment_name,
        tag_code,
        tag_position,
        tag_value,
        value_rank,
        member_count,
        segment_share,
        population_share,
        100 * segment_share / population_share as tgi
    from segment_value_shares
    where value_rank <= {{ max_values_per_tag }}

)

select * from final
