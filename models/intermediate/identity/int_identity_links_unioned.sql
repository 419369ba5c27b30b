{#- Every link the staging models assert between identifiers, aggregated per (edge source, staging model, anchor,
    linked identifier) with first and last seen time and row count: two staging models may assert the same link
    under one edge source (an openid's unionid on mini-program users and on events). Each record links its
    identifiers to one anchor identifier of the record (a star, not all pairs); a record with only an anchor still
    makes the anchor a node (linked_* NULL).
    Scopes: openid -> app id, unionid -> Open Platform account of the app, external_userid -> WeCom corp, ouid -> shop,
    buyer_open_uid / JD openId -> ISV app key, omid and card number -> the brand (var brand_code), mobile -> 'CN'.
    Masked phones and the Taobao receiver oaid are attributes, never identifiers, so they do not appear here. -#}

{%- set brand = "'" ~ var('brand_code') ~ "'" %}

with

oa_followers as (

    select * from {{ ref('stg_wechat__oa_followers') }}

),

mp_users as (

    select * from {{ ref('stg_wechat__mp_users') }}

),

mp_orders as (

    select * from {{ ref('stg_wechat__mp_orders') }}

),

events as (

    select * from {{ ref('stg_wechat__events') }}

),

wecom_contacts as (

    select * from {{ ref('stg_wechat__wecom_contacts') }}

),

wecom_contact_mobiles as (

    select * from {{ ref('stg_wechat__wecom_contact_mobiles') }}

),

tmall_members as (

    select * from {{ ref('stg_tmall__members') }}

),

tmall_trades as (

    select * from {{ ref('stg_tmall__trades') }}

),

jd_members as (

    select * from {{ ref('stg_jd__members') }}

),

jd_orders as (

    select * from {{ ref('stg_jd__orders') }}

),

member_cards as (

    select * from {{ ref('stg_pos__member_cards') }}

),

receipts as (

    select * from {{ ref('stg_pos__receipts') }}

),

wechat_apps as (

    select * from {{ ref('identity_wechat_apps') }}

),

oa_followers_scoped as (

    select
        oa_followers.appid,
        oa_followers.openid,
        oa_followers.unionid,
        oa_followers.synced_at,
        wechat_apps.open_platform_id
    from oa_followers
    left join wechat_apps
        on oa_followers.appid = wechat_apps.app_id

),

mp_users_scoped as (

    select
        mp_users.appid,
        mp_users.openid,
        mp_users.unionid,
        mp_users.mobile,
        mp_users.updated_at,
        wechat_apps.open_platform_id
    from mp_users
    left join wechat_apps
        on mp_users.appid = wechat_apps.app_id

),

-- events are by far the largest source (tens of events per user): one pass reduces them to one row per
-- (app, openid, unionid) before the links are taken from them
events_per_user as (

    select
        appid,
        openid,
        unionid,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        count(*) as event_count
    from events
    where openid is not null
    group by appid, openid, unionid

),

events_scoped as (

    select
        events_per_user.appid,
        events_per_user.openid,
        events_per_user.unionid,
        events_per_user.first_event_at,
        events_per_user.last_event_at,
        events_per_user.event_count,
        wechat_apps.open_platform_id
    from events_per_user
    left join wechat_apps
        on events_per_user.appid = wechat_apps.app_id

),

wecom_contacts_scoped as (

    select
        wecom_contacts.corp_id,
        wecom_contacts.external_userid,
        wecom_contacts.unionid,
        wecom_contacts.updated_at,
        wechat_apps.open_platform_id
    from wecom_contacts
    left join wechat_apps
        on wecom_contacts.corp_id = wechat_apps.app_id

),

{%- set openid = {'type': 'wechat_openid', 'scope': 'appid', 'value': 'openid'} %}
{%- set unionid = {'type': 'wechat_unionid', 'scope': 'open_platform_id', 'value': 'unionid'} %}
{%- set mobile = {'type': 'mobile', 'scope': "'CN'", 'value': 'mobile'} %}
{%- set external_userid = {'type': 'wecom_external_userid', 'scope': 'corp_id', 'value': 'external_userid'} %}
{%- set ouid = {'type': 'tmall_ouid', 'scope': 'seller_nick', 'value': 'ouid'} %}
{%- set omid = {'type': 'tmall_omid', 'scope': brand, 'value': 'omid'} %}
{%- set buyer_open_uid = {'type': 'tmall_buyer_open_uid', 'scope': 'app_key', 'value': 'buyer_open_uid'} %}
{%- set jd_open_id = {'type': 'jd_open_id', 'scope': 'app_key', 'value': 'open_id'} %}
{%- set card_no = {'type': 'pos_card_no', 'scope': brand, 'value': 'card_no'} %}

links as (

    {{ identity_links('oa_followers_scoped', 'stg_wechat__oa_followers',
        'wechat_unionid', openid, unionid, 'synced_at') }}
    union all
    {{ identity_links('oa_followers_scoped', 'stg_wechat__oa_followers',
        'wechat_follower', openid, none, 'synced_at') }}
    union all
    {{ identity_links('mp_users_scoped', 'stg_wechat__mp_users', 'wechat_unionid', openid, unionid, 'updated_at') }}
    union all
    {{ identity_links('mp_users_scoped', 'stg_wechat__mp_users', 'mp_phone_binding', openid, mobile, 'updated_at') }}
    union all
    {{ identity_links('mp_users_scoped', 'stg_wechat__mp_users', 'mp_user', openid, none, 'updated_at') }}
    union all
    {{ identity_links('mp_orders', 'stg_wechat__mp_orders', 'mp_order', openid, none, 'ordered_at') }}
    union all
    {{ identity_links('events_scoped', 'stg_wechat__events', 'wechat_unionid', openid, unionid, 'first_event_at',
        last_observed_at='last_event_at', row_count='event_count') }}
    union all
    {{ identity_links('events_scoped', 'stg_wechat__events', 'mp_event', openid, none, 'first_event_at',
        last_observed_at='last_event_at', row_count='event_count') }}
    union all
    {{ identity_links('wecom_contacts_scoped', 'stg_wechat__wecom_contacts',
        'wecom_unionid', external_userid, unionid, 'updated_at') }}
    union all
    {{ identity_links('wecom_contacts_scoped', 'stg_wechat__wecom_contacts',
        'wecom_contact', external_userid, none, 'updated_at') }}
    union all
    {{ identity_links('wecom_contact_mobiles', 'stg_wechat__wecom_contact_mobiles',
        'wecom_remark_mobile', external_userid, mobile) }}
    union all
    {{ identity_links('tmall_members', 'stg_tmall__members', 'tmall_member_binding', ouid, omid, 'modified_at') }}
    union all
    {{ identity_links('tmall_members', 'stg_tmall__members',
        'tmall_member_binding', ouid, buyer_open_uid, 'modified_at') }}
    union all
    {{ identity_links('tmall_members', 'stg_tmall__members', 'tmall_member_mobile', ouid, mobile, 'modified_at') }}
    union all
    {{ identity_links('tmall_members', 'stg_tmall__members', 'tmall_member', ouid, none, 'modified_at') }}
    union all
    {{ identity_links('tmall_trades', 'stg_tmall__trades', 'tmall_trade', buyer_open_uid, none, 'created_at') }}
    union all
    {{ identity_links('jd_members', 'stg_jd__members', 'jd_member_mobile', jd_open_id, mobile, 'modified_at') }}
    union all
    {{ identity_links('jd_members', 'stg_jd__members', 'jd_member', jd_open_id, none, 'modified_at') }}
    union all
    {{ identity_links('jd_orders', 'stg_jd__orders', 'jd_order', jd_open_id, none, 'ordered_at') }}
    union all
    {{ identity_links('member_cards', 'stg_pos__member_cards', 'pos_card_mobile', card_no, mobile, 'registered_at') }}
    union all
    {{ identity_links('member_cards', 'stg_pos__member_cards', 'pos_card', card_no, none, 'registered_at') }}
    union all
    {{ identity_links('receipts', 'stg_pos__receipts', 'pos_receipt_mobile', card_no, mobile, 'business_at') }}
    union all
    {{ identity_links('receipts', 'stg_pos__receipts', 'pos_receipt', card_no, none, 'business_at') }}

)

select * from links
