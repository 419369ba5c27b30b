{#- History of the member tags, one row per member, tag and version (check strategy on the value at the
    member_tag_values grain). Rows are stamped with the as-of date (macros/tags/snapshot_get_time.sql): a member's
    tags as of day d are the rows with dbt_valid_from < d + 1 day <= coalesce(dbt_valid_to, d + 1 day). Only tags
    with meta.tag.history (coded, string, boolean and date tags by default) are kept: day counters, amounts and
    probabilities change every day by construction. A value that disappears is closed (hard_deletes:
    invalidate). Rebuilds at the same or an earlier as-of date are stamped just after the latest stamp. -#}

{% snapshot member_tags_snapshot %}

{{ config(
    unique_key=['member_id', 'tag_code'],
    strategy='check',
    check_cols=['tag_value'],
    hard_deletes='invalidate',
    meta={'snapshot_time': 'as_of_date'},
) }}

-- depends_on: {{ ref('fct_orders') }}
{%- set historised_codes = tag_definitions() | selectattr('history') | map(attribute='code') | list %}

select
    member_id,
    tag_code,
    tag_value
from {{ ref('member_tag_values') }}
where
    tag_code in (
        {%- for code in historised_codes %}
        '{{ code }}'
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
        {%- if historised_codes | length == 0 %}
        ''
        {%- endif %}
    )

{% endsnapshot %}
