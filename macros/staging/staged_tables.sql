{#- The one list of raw tables the staging layer cleans. Each entry names the base model (every raw row typed, with
    a quarantine_reason) and the staging model (usable rows, latest version per raw_key). The quarantine and the
    row-conservation models are generated from this list, so a new raw table is added here once. -#}

{% macro staged_tables() %}
    {{ return([
        {'source': 'tmall', 'table': 'trades', 'base': 'base_tmall__trades', 'staged': 'stg_tmall__trades'},
        {'source': 'tmall', 'table': 'orders', 'base': 'base_tmall__orders', 'staged': 'stg_tmall__orders'},
        {'source': 'tmall', 'table': 'members', 'base': 'base_tmall__members', 'staged': 'stg_tmall__members'},
        {'source': 'jd', 'table': 'orders', 'base': 'base_jd__orders', 'staged': 'stg_jd__orders'},
        {'source': 'jd', 'table': 'order_items', 'base': 'base_jd__order_items', 'staged': 'stg_jd__order_items'},
        {'source': 'jd', 'table': 'members', 'base': 'base_jd__members', 'staged': 'stg_jd__members'},
    ]) }}
{% endmacro %}
