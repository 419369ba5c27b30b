{#- Every raw row that staging could not use, with the source, the raw key, the reason and the whole raw record.
    Nothing is dropped silently: stg_quality__row_counts proves raw = staged + quarantined + collapsed duplicates. -#}

{%- set tables = staged_tables() %}

with

{% for t in tables %}
{{ t.base }} as (

    select
        '{{ t.source }}' as source_name,
        '{{ t.table }}' as table_name,
        raw_key,
        quarantine_reason,
        raw_record
    from {{ ref(t.base) }}
    where quarantine_reason is not null

),

{% endfor %}
unioned as (

    {% for t in tables %}
    select * from {{ t.base }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

numbered as (

    select
        *,
        row_number() over (
            partition by source_name, table_name, raw_key, quarantine_reason, raw_record
            order by raw_record
        ) as copy_number
    from unioned

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'source_name', "'|'", 'table_name', "'|'", "coalesce(raw_key, '')", "'|'",
            'raw_record', "'|'", 'cast(copy_number as ' ~ dbt.type_string() ~ ')'])) }} as quarantined_row_id,
        source_name,
        table_name,
        raw_key,
        quarantine_reason,
        raw_record
    from numbered

)

select * from final
