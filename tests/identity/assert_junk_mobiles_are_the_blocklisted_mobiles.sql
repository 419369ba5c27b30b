{#- One definition of junk mobiles: staging marks a mobile junk exactly when identity resolution blocks it by the
    seed identity_blocklist. Returns every staged mobile (and status) that is an identity node where the two
    disagree: junk in staging but not blocked, or blocked but not junk. Mobiles with a manual block_value
    correction are left out: the correction is about one person, not junk. -#}

{%- set staged_mobile_models = [
    'stg_tmall__members', 'stg_jd__members', 'stg_pos__member_cards', 'stg_pos__receipts', 'stg_wechat__mp_users',
    'stg_wechat__wecom_contact_mobiles',
] %}

with

staged_mobiles as (

    {% for model in staged_mobile_models %}
    select
        mobile,
        mobile_status
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

nodes as (

    select * from {{ ref('int_identity_nodes') }}
    where identifier_type = 'mobile'

),

manual_blocks as (

    select value from {{ ref('identity_manual_corrections') }}
    where action = 'block_value' and identifier_type = 'mobile'

),

mobile_statuses as (

    select distinct
        mobile,
        mobile_status
    from staged_mobiles
    where mobile is not null

),

nodes_without_manual_block as (

    select
        nodes.value as mobile,
        nodes.is_blocked
    from nodes
    left join manual_blocks
        on nodes.value = manual_blocks.value
    where manual_blocks.value is null

)

select
    mobile_statuses.mobile,
    mobile_statuses.mobile_status,
    nodes_without_manual_block.is_blocked
from mobile_statuses
inner join nodes_without_manual_block
    on mobile_statuses.mobile = nodes_without_manual_block.mobile
where (mobile_statuses.mobile_status = 'junk') != nodes_without_manual_block.is_blocked
