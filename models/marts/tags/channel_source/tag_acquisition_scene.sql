{#- How the member was acquired into the private domain: the scene of the member's earliest follow of the
    official account or earliest WeCom add, on or before the as-of date. A QR code carries a scene string (OA
    qr_scene, WeCom channel_state): store_<code> is a store's channel QR code (scene store_qr, with the store);
    campaign_* a campaign code. Follows without a QR code keep the OA subscribe scene. Scenes are mapped by the
    rule below; an unknown scene string is 'other'. -#}

with

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

oa_followers as (

    select * from {{ ref('stg_wechat__oa_followers') }}

),

wecom_contacts as (

    select * from {{ ref('stg_wechat__wecom_contacts') }}

),

touches as (

    select
        identity_map.member_id,
        oa_followers.subscribed_at as touched_at,
        'oa_follow' as touch_source,
        coalesce(
            oa_followers.qr_scene,
            lower(replace(oa_followers.subscribe_scene, 'ADD_SCENE_', 'oa_'))
        ) as scene_string
    from oa_followers
    inner join identity_map
        on
            identity_map.identifier_type = 'wechat_openid'
            and oa_followers.appid = identity_map.scope
            and oa_followers.openid = identity_map.identifier_value
    where cast(oa_followers.subscribed_at as date) <= {{ as_of_date() }}

    union all

    select
        identity_map.member_id,
        wecom_contacts.added_at as touched_at,
        'wecom_add' as touch_source,
        wecom_contacts.channel_state as scene_string
    from wecom_contacts
    inner join identity_map
        on
            identity_map.identifier_type = 'wecom_external_userid'
            and wecom_contacts.corp_id = identity_map.scope
            and wecom_contacts.external_userid = identity_map.identifier_value
    where cast(wecom_contacts.added_at as date) <= {{ as_of_date() }}

),

touches_classified as (

    select
        member_id,
        touched_at,
        touch_source,
        scene_string,
        case
            when substring(scene_string, 1, 6) = 'store_' then 'store_qr'
            when substring(scene_string, 1, 9) = 'campaign_' then 'campaign_qr'
            when
                scene_string in (
                    'live_room', 'package_card', 'ad_moments', 'sms_campaign', 'oa_menu', 'mp_member_center',
                    'oa_search', 'oa_article', 'oa_profile_card', 'oa_account_migration'
                )
                then scene_string
            else 'other'
        end as acquisition_scene,
        case
            when substring(scene_string, 1, 6) = 'store_' then substring(scene_string, 7)
        end as acquisition_store_code
    from touches

),

touches_ranked as (

    select
        member_id,
        acquisition_scene,
        acquisition_store_code,
        row_number() over (
            partition by member_id
            order by touched_at asc nulls last, touch_source asc, scene_string asc nulls last
        ) as touch_rank
    from touches_classified

),

final as (

    select
        member_id,
        acquisition_scene,
        acquisition_store_code
    from touches_ranked
    where touch_rank = 1

)

select * from final
