{#- One CTE body of int_identity_links_unioned: the identifiers one staging model asserts, as star links from the
    record's anchor identifier to each other identifier it carries (a record with only an anchor still makes the
    anchor a node). Aggregated per link, with first and last seen time and row count.

    record_source: the staging model the relation reads (part of the grain: two models may assert the same link).
    anchor / linked: dicts {type, scope, value} of SQL expressions; linked may be none. observed_at is the record's
    time. For a relation that is already aggregated, observed_at is its first time, last_observed_at its last time
    and row_count the column holding how many records each row stands for. -#}

{% macro identity_links(relation, record_source, edge_source, anchor, linked=none,
    observed_at='cast(null as timestamp)', where=none, last_observed_at=none, row_count=none) -%}
    select
        '{{ edge_source }}' as edge_source,
        '{{ record_source }}' as record_source,
        '{{ anchor.type }}' as anchor_type,
        {{ anchor.scope }} as anchor_scope,
        {{ anchor.value }} as anchor_value,
        {% if linked -%}
        '{{ linked.type }}' as linked_type,
        {{ linked.scope }} as linked_scope,
        {{ linked.value }} as linked_value,
        {%- else -%}
        cast(null as {{ dbt.type_string() }}) as linked_type,
        cast(null as {{ dbt.type_string() }}) as linked_scope,
        cast(null as {{ dbt.type_string() }}) as linked_value,
        {%- endif %}
        min({{ observed_at }}) as first_seen_at,
        max({{ last_observed_at or observed_at }}) as last_seen_at,
        {% if row_count %}cast(sum({{ row_count }}) as {{ dbt.type_bigint() }}){% else %}count(*){% endif %} as row_count
    from {{ relation }}
    where {{ anchor.value }} is not null
        {%- if linked %} and {{ linked.value }} is not null{% endif %}
        {%- if where %} and ({{ where }}){% endif %}
    group by 1, 2, 3, 4, 5, 6, 7, 8
{%- endmacro %}
