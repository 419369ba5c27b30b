{#- Who is in which segment, as of the as-of date: one row per (member, segment). Segments are declared in the
    meta of this model (_segments__definitions.yml); each rule is compiled to a SQL boolean over member_tags_wide
    (macros/segments/), so a segment naming an unknown tag or a malformed rule fails here, at compile time.
    A member is in a segment only when its rule is TRUE: a rule that is NULL for the member (a tag it tests is
    missing) leaves the member out, also under NOT (docs/segments.md, "NULL tags"). Each member is put in the
    target or the control (holdout) group by a hash of member ID and segment name, stable across builds. -#}

{%- set segments = compiled_segments(segment_definitions(), tag_definitions()) %}

with

member_tags as (

    select * from {{ ref('member_tags_wide') }}

),
{% for segment in segments %}
-- {{ segment.name }}: {{ segment.description | replace('\n', ' ') | truncate(100) }}
segment_{{ segment.name }} as (

    select
        member_id,
        '{{ segment.name }}' as segment_name,
        {{ segment_group('member_id', "'" ~ segment.name ~ "'", segment.control_below) }} as assignment_group
    from member_tags
    where {{ segment.rule_sql }}

),
{% endfor %}
segment_members_unioned as (

    {%- if segments %}
    {%- for segment in segments %}

    select * from segment_{{ segment.name }}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
    {%- else %}

    -- no segment declared yet: an empty table of the right shape
    select
        member_id,
        cast(null as {{ dbt.type_string() }}) as segment_name,
        cast(null as {{ dbt.type_string() }}) as assignment_group
    from member_tags
    where 1 = 0
    {%- endif %}

),

final as (

    select
        member_id,
        segment_name,
        assignment_group,
        {{ as_of_date() }} as as_of_date
    from segment_members_unioned

)

select * from final
