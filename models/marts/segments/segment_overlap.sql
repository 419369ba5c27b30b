{#- How much every two segments overlap: one row per pair of declared segments (segment_a < segment_b, pairs with
    no common member included), with the common members and the Jaccard index (common / in either). Whole segments,
    target and control together. -#}

{%- set segments = compiled_segments(segment_definitions(), tag_definitions()) %}

with

member_segments as (

    select * from {{ ref('member_segments') }}

),

declared_segments as (

    {%- if segments %}
    {%- for segment in segments %}

    select '{{ segment.name }}' as segment_name
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
    {%- else %}

    select cast(null as {{ dbt.type_string() }}) as segment_name
    from member_segments
    where 1 = 0
    {%- endif %}

),

segment_sizes as (

    select
        declared_segments.segment_name,
        count(member_segments.member_id) as member_count
    from declared_segments
    left join member_segments
        on declared_segments.segment_name = member_segments.segment_name
    group by declared_segments.segment_name

),

segment_pairs as (

    select
        segment_a.segment_name as segment_a,
        segment_b.segment_name as segment_b,
        segment_a.member_count as segment_a_member_count,
        segment_b.member_count as segment_b_member_count
    from segment_sizes as segment_a
    inner join segment_sizes as segment_b
        on segment_a.segment_name < segment_b.segment_name

),

-- one row per member and pair of its segments: a member in k segments gives k(k-1)/2 rows
common_members as (

    select
        member_a.segment_name as segment_a,
        member_b.segment_name as segment_b,
        count(*) as overlap_member_count
    from member_segments as member_a
    inner join member_segments as member_b
        on
            member_a.member_id = member_b.member_id
            and member_a.segment_name < member_b.segment_name
    group by
        member_a.segment_name,
        member_b.segment_name

),

final as (

    select
        segment_pairs.segment_a,
        segment_pairs.segment_b,
        segment_pairs.segment_a_member_count,
        segment_pairs.segment_b_member_count,
        coalesce(common_members.overlap_member_count, 0) as overlap_member_count,
        cast(coalesce(common_members.overlap_member_count, 0) as double)
        / nullif(
            segment_pairs.segment_a_member_count + segment_pairs.segment_b_member_count
            - coalesce(common_members.overlap_member_count, 0),
            0
        ) as jaccard_index,
        cast(coalesce(common_members.overlap_member_count, 0) as double)
        / nullif(segment_pairs.segment_a_member_count, 0) as share_of_a_in_b,
        cast(coalesce(common_members.overlap_member_count, 0) as double)
        / nullif(segment_pairs.segment_b_member_count, 0) as share_of_b_in_a
    from segment_pairs
    left join common_members
        on
            segment_pairs.segment_a = common_members.segment_a
            and segment_pairs.segment_b = common_members.segment_b

)

select * from final
