{#- The golden record: one row per member. Each attribute is taken from the most trusted source that has a value
    (seed member_attribute_sources), and among equally trusted values the most recent; the source of each value is
    kept next to it. Channels and first-seen channel come from the identity map. Holds PII (name, birthday, the
    child's birthday, mobile): the marts split it into the public dim_members (no personal data) and the restricted
    dim_members_pii (the personal data), so that BI tools never see it. -#}

{%- set brand = "'" ~ var('brand_code') ~ "'" %}

with

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

member_channels as (

    select * from {{ ref('identity_member_channels') }}

),

attribute_sources as (

    select * from {{ ref('member_attribute_sources') }}

),

member_cards as (

    select * from {{ ref('stg_pos__member_cards') }}

),

stores as (

    select * from {{ ref('stg_pos__stores') }}

),

mp_users as (

    select * from {{ ref('stg_wechat__mp_users') }}

),

tmall_members as (

    select * from {{ ref('stg_tmall__members') }}

),

jd_members as (

    select * from {{ ref('stg_jd__members') }}

),

tmall_trades as (

    select * from {{ ref('stg_tmall__trades') }}

),

jd_orders as (

    select * from {{ ref('stg_jd__orders') }}

),

mp_orders as (

    select * from {{ ref('stg_wechat__mp_orders') }}

),

cards_keyed as (

    select
        identity_map.member_id,
        member_cards.card_no,
        member_cards.member_name,
        member_cards.gender,
        member_cards.birth_date,
        member_cards.child_birth_date,
        member_cards.mobile,
        member_cards.card_tier,
        member_cards.card_tier_rank,
        member_cards.points,
        member_cards.expires_on,
        member_cards.updated_at,
        stores.province as store_province,
        stores.city as store_city
    from member_cards
    inner join identity_map
        on identity_map.identifier_type = 'pos_card_no'
            and identity_map.scope = {{ brand }}
            and member_cards.card_no = identity_map.identifier_value
    left join stores
        on member_cards.register_store_code = stores.store_code

),

mp_users_keyed as (

    select
        identity_map.member_id,
        mp_users.gender,
        mp_users.mobile,
        mp_users.updated_at
    from mp_users
    inner join identity_map
        on identity_map.identifier_type = 'wechat_openid'
            and mp_users.appid = identity_map.scope
            and mp_users.openid = identity_map.identifier_value

),

tmall_members_keyed as (

    select
        identity_map.member_id,
        tmall_members.mobile,
        tmall_members.member_grade,
        tmall_members.modified_at
    from tmall_members
    inner join identity_map
        on identity_map.identifier_type = 'tmall_ouid'
            and tmall_members.seller_nick = identity_map.scope
            and tmall_members.ouid = identity_map.identifier_value

),

jd_members_keyed as (

    select
        identity_map.member_id,
        jd_members.mobile,
        jd_members.member_level,
        jd_members.modified_at
    from jd_members
    inner join identity_map
        on identity_map.identifier_type = 'jd_open_id'
            and jd_members.app_key = identity_map.scope
            and jd_members.open_id = identity_map.identifier_value

),

order_addresses as (

    select
        identity_map.member_id,
        tmall_trades.receiver_province as province,
        tmall_trades.receiver_city as city,
        tmall_trades.created_at as observed_at
    from tmall_trades
    inner join identity_map
        on identity_map.identifier_type = 'tmall_buyer_open_uid'
            and tmall_trades.app_key = identity_map.scope
            and tmall_trades.buyer_open_uid = identity_map.identifier_value

    union all

    select
        identity_map.member_id,
        jd_orders.consignee_province as province,
        jd_orders.consignee_city as city,
        jd_orders.ordered_at as observed_at
    from jd_orders
    inner join identity_map
        on identity_map.identifier_type = 'jd_open_id'
            and jd_orders.app_key = identity_map.scope
            and jd_orders.open_id = identity_map.identifier_value

    union all

    select
        identity_map.member_id,
        mp_orders.receiver_province as province,
        mp_orders.receiver_city as city,
        mp_orders.ordered_at as observed_at
    from mp_orders
    inner join identity_map
        on identity_map.identifier_type = 'wechat_openid'
            and mp_orders.appid = identity_map.scope
            and mp_orders.openid = identity_map.identifier_value

),

{#- every candidate value of every attribute: (relation, attribute, value, second value, source, observed time,
    filter). The trust of each (attribute, source) is in seed member_attribute_sources. -#}
{%- set candidate_sources = [
    ('cards_keyed', 'member_name', 'member_name', none, 'pos_member_card', 'updated_at', 'member_name is not null'),
    ('cards_keyed', 'gender', 'gender', none, 'pos_member_card', 'updated_at', "gender in ('male', 'female')"),
    ('mp_users_keyed', 'gender', 'gender', none, 'mp_user', 'updated_at', "gender in ('male', 'female')"),
    ('cards_keyed', 'birth_date', 'cast(birth_date as ' ~ dbt.type_string() ~ ')', none, 'pos_member_card',
        'updated_at', 'birth_date is not null'),
    ('cards_keyed', 'child_birth_date', 'cast(child_birth_date as ' ~ dbt.type_string() ~ ')', none,
        'pos_member_card', 'updated_at', 'child_birth_date is not null'),
    ('order_addresses', 'location', 'province', 'city', 'latest_order_address', 'observed_at',
        'province is not null'),
    ('cards_keyed', 'location', 'store_province', 'store_city', 'card_register_store', 'updated_at',
        'store_province is not null'),
    ('mp_users_keyed', 'mobile', 'mobile', none, 'mp_user', 'updated_at', 'mobile is not null'),
    ('tmall_members_keyed', 'mobile', 'mobile', none, 'tmall_member', 'modified_at', 'mobile is not null'),
    ('jd_members_keyed', 'mobile', 'mobile', none, 'jd_member', 'modified_at', 'mobile is not null'),
    ('cards_keyed', 'mobile', 'mobile', none, 'pos_member_card', 'updated_at', 'mobile is not null'),
] %}

candidates as (

    {% for relation, attribute, value, extra, attribute_source, observed_at, condition in candidate_sources %}
    select
        member_id,
        '{{ attribute }}' as attribute,
        {{ value }} as value_text,
        {{ extra if extra else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as value_extra,
        '{{ attribute_source }}' as attribute_source,
        {{ observed_at }} as observed_at
    from {{ relation }}
    where {{ condition }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- a mobile is only offered when it is one of the member's own identifiers (not blocklisted, not cut by a guard)
candidates_allowed as (

    select candidates.*
    from candidates
    left join identity_map
        on candidates.attribute = 'mobile'
            and identity_map.identifier_type = 'mobile'
            and candidates.value_text = identity_map.identifier_value
            and candidates.member_id = identity_map.member_id
    where candidates.attribute != 'mobile' or identity_map.member_id is not null

),

candidates_ranked as (

    select
        candidates_allowed.member_id,
        candidates_allowed.attribute,
        candidates_allowed.value_text,
        candidates_allowed.value_extra,
        candidates_allowed.attribute_source,
        row_number() over (
            partition by candidates_allowed.member_id, candidates_allowed.attribute
            order by
                attribute_sources.trust_rank asc,
                candidates_allowed.observed_at desc nulls last,
                candidates_allowed.value_text asc
        ) as survivor_rank
    from candidates_allowed
    inner join attribute_sources
        on candidates_allowed.attribute = attribute_sources.attribute
            and candidates_allowed.attribute_source = attribute_sources.attribute_source

),

survivors as (

    select
        member_id,
        max(case when attribute = 'member_name' then value_text end) as member_name,
        max(case when attribute = 'member_name' then attribute_source end) as member_name_source,
        max(case when attribute = 'gender' then value_text end) as gender,
        max(case when attribute = 'gender' then attribute_source end) as gender_source,
        max(case when attribute = 'birth_date' then value_text end) as birth_date_text,
        max(case when attribute = 'birth_date' then attribute_source end) as birth_date_source,
        max(case when attribute = 'child_birth_date' then value_text end) as child_birth_date_text,
        max(case when attribute = 'child_birth_date' then attribute_source end) as child_birth_date_source,
        max(case when attribute = 'location' then value_text end) as province,
        max(case when attribute = 'location' then value_extra end) as city,
        max(case when attribute = 'location' then attribute_source end) as location_source,
        max(case when attribute = 'mobile' then value_text end) as mobile,
        max(case when attribute = 'mobile' then attribute_source end) as mobile_source
    from candidates_ranked
    where survivor_rank = 1
    group by member_id

),

cards_summarised as (

    select
        member_id,
        count(*) as card_count,
        max(card_tier_rank) as card_tier_rank,
        sum(points) as card_points,
        max(expires_on) as card_expires_on
    from cards_keyed
    group by member_id

),

marketplace_levels as (

    select
        member_channels.member_id,
        max(tmall_members_keyed.member_grade) as tmall_member_grade,
        max(jd_members_keyed.member_level) as jd_member_level
    from member_channels
    left join tmall_members_keyed
        on member_channels.member_id = tmall_members_keyed.member_id
    left join jd_members_keyed
        on member_channels.member_id = jd_members_keyed.member_id
    group by member_channels.member_id

),

final as (

    select
        -- ids
        member_channels.member_id,
        member_channels.member_number,

        -- golden record
        survivors.member_name,
        survivors.member_name_source,
        coalesce(survivors.gender, 'unknown') as gender,
        survivors.gender_source,
        cast(survivors.birth_date_text as date) as birth_date,
        survivors.birth_date_source,
        cast(survivors.child_birth_date_text as date) as child_birth_date,
        survivors.child_birth_date_source,
        survivors.province,
        survivors.city,
        survivors.location_source,
        survivors.mobile,
        survivors.mobile_source,

        -- memberships
        coalesce(cards_summarised.card_count, 0) as card_count,
        cards_summarised.card_tier_rank,
        cards_summarised.card_points,
        cards_summarised.card_expires_on,
        marketplace_levels.tmall_member_grade,
        marketplace_levels.jd_member_level,

        -- channels
        member_channels.first_seen_channel,
        member_channels.first_seen_at,
        member_channels.is_known_in_tmall,
        member_channels.is_known_in_jd,
        member_channels.is_known_in_store,
        member_channels.is_known_in_wechat,
        member_channels.is_known_in_wecom,
        member_channels.identifier_count

    from member_channels
    left join survivors
        on member_channels.member_id = survivors.member_id
    left join cards_summarised
        on member_channels.member_id = cards_summarised.member_id
    left join marketplace_levels
        on member_channels.member_id = marketplace_levels.member_id

)

select * from final
