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
        {'source': 'pos', 'table': 'stores', 'base': 'base_pos__stores', 'staged': 'stg_pos__stores'},
        {'source': 'pos', 'table': 'member_cards', 'base': 'base_pos__member_cards', 'staged': 'stg_pos__member_cards'},
        {'source': 'pos', 'table': 'receipts', 'base': 'base_pos__receipts', 'staged': 'stg_pos__receipts'},
        {'source': 'pos', 'table': 'receipt_lines', 'base': 'base_pos__receipt_lines',
            'staged': 'stg_pos__receipt_lines'},
        {'source': 'erp', 'table': 'products', 'base': 'base_erp__products', 'staged': 'stg_erp__products'},
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
