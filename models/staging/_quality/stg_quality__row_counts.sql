{#- Row conservation per raw table: every raw row is staged, quarantined, or an older version of a staged row.
    The counts come from three independent places (the raw source, the base model, the staging model), and the
    data test on this model fails when raw_rows != staged_rows + quarantined_rows + duplicate_rows. -#}

{%- set tables = staged_tables() %}

with

{% for t in tables %}
{{ t.base }}_raw as (

    select count(*) as raw_rows from {{ source(t.source, t.table) }}

),

{{ t.base }}_checked as (

    select
        cast(sum(case when quarantine_reason is not null then 1 else 0 end) as {{ dbt.type_bigint() }})
            as quarantined_rows,
        count(case when quarantine_reason is null then raw_key end)
        - count(distinct case when quarantine_reason is null then raw_key end) as duplicate_rows
    from {{ ref(t.base) }}

),

{{ t.base }}_staged as (

    select count(*) as staged_rows from {{ ref(t.staged) }}

),

{% endfor %}
unioned as (

    {% for t in tables %}
    select
        '{{ t.source }}' as source_name,
        '{{ t.table }}' as table_name,
        {{ t.base }}_raw.raw_rows,
        {{ t.base }}_staged.staged_rows,
        coalesce({{ t.base }}_checked.quarantined_rows, 0) as quarantined_rows,
        coalesce({{ t.base }}_checked.duplicate_rows, 0) as duplicate_rows
    from {{ t.base }}_raw
    cross join {{ t.base }}_checked
    cross join {{ t.base }}_staged
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
