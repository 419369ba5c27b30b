{#- The one list of raw tables the staging layer cleans. Each entry names the base model (every raw row typed, with
    a quarantine_reason) and the staging model (usable rows, latest version per raw_key). The quarantine and the
    row-conservation models are generated from this list, so a new raw table is added here once. -#}

{% macro staged_tables() %}
    {{ return([
        {'source': 'tmall', 'table': 'trades', 'base': 'base_tmall__trades', 'staged': 'stg_tmall__trades'},
    ]) }}
{% endmacro %}
