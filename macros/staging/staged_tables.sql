{#- The one list of raw tables the staging layer cleans. Each entry names the base model (every raw row typed, with
    a quarantine_reason) and the staging model (usable rows, latest version per raw_key). The quarantine and the
    row-conservation models are generated from this list, so a new raw table is added here once. -#}

{% macro staged_tables() %}
    {{ return([
        {'source': 'tmall', 'table': 'trades', 'base': 'base_tmall__trades', 'staged': 'stg_tmall__trades'},
        {'source': 'wechat', 'table': 'oa_followers', 'base': 'base_wechat__oa_followers',
            'staged': 'stg_wechat__oa_followers'},
        {'source': 'wechat', 'table': 'mp_users', 'base': 'base_wechat__mp_users', 'staged': 'stg_wechat__mp_users'},
        {'source': 'wechat', 'table': 'mp_orders', 'base': 'base_wechat__mp_orders',
            'staged': 'stg_wechat__mp_orders'},
        {'source': 'wechat', 'table': 'mp_order_items', 'base': 'base_wechat__mp_order_items',
            'staged': 'stg_wechat__mp_order_items'},
        {'source': 'wechat', 'table': 'events', 'base': 'base_wechat__events', 'staged': 'stg_wechat__events'},
        {'source': 'wechat', 'table': 'wecom_contacts', 'base': 'base_wechat__wecom_contacts',
            'staged': 'stg_wechat__wecom_contacts'},
    ]) }}
{% endmacro %}
