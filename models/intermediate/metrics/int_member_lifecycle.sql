{#- Lifecycle stage of every member in dim_members, as of as_of_date() (docs/metrics.md, "Lifecycle").
    The stage comes from the days since the last purchase day, measured against three limits:
      personal cycle  (purchase days >= var lifecycle_min_purchases_for_personal_cycle) the member's median interval,
                      at least var lifecycle_min_cycle_days, times var lifecycle_active_cycles / _silent_cycles /
                      _at_risk_cycles
      default days    otherwise var lifecycle_default_active_days / _silent_days / _at_risk_days
    Rules, first match wins:
      prospect     no purchase up to the as-of date (known through any channel, never bought)
      lost         days since last purchase > at-risk limit
      at_risk      > silent limit
      silent       > active limit
      new          (active) first purchase less than var lifecycle_new_days ago
      reactivated  (active) the gap before the latest purchase was longer than the silent limit: the member had
                   been at risk or lost and came back
      active       otherwise
    is_card_expiring_soon: a store card expires between the as-of date and var card_expiry_warning_days later. -#}

with

members as (

    select * from {{ ref('dim_members') }}

),

purchase_cycles as (

    select * from {{ ref('int_member_purchase_cycles') }}

),

as_of as (

    select {{ as_of_date() }} as as_of_date

),

members_joined as (

    select
        members.member_id,
        members.card_expires_on,
        as_of.as_of_date,
        purchase_cycles.purchase_days_count,
        purchase_cycles.first_purchase_date,
        purchase_cycles.last_purchase_date,
        purchase_cycles.last_interval_days,
        purchase_cycles.median_interval_days,
        coalesce(
            purchase_cycles.purchase_days_count >= {{ var('lifecycle_min_purchases_for_personal_cycle') }},
            false
        ) as has_personal_cycle
    from members
    cross join as_of
    left join purchase_cycles
        on members.member_id = purchase_cycles.member_id

),

members_limited as (

    select
        *,
        case
            when last_purchase_date is null then 'none'
            when has_personal_cycle then 'personal_cycle'
            else 'default_days'
        end as lifecycle_basis,
        case
            when has_personal_cycle
                then greatest(median_interval_days, {{ var('lifecycle_min_cycle_days') }})
        end as lifecycle_cycle_days
    from members_joined

),

members_measured as (

    select
        *,
        {{ days_between('last_purchase_date', 'as_of_date') }} as days_since_last_purchase,
        {{ days_between('first_purchase_date', 'as_of_date') }} as days_since_first_purchase,
        cast(
            case
                when has_personal_cycle then lifecycle_cycle_days * {{ var('lifecycle_active_cycles') }}
                else {{ var('lifecycle_default_active_days') }}
            end as {{ dbt.type_numeric() }}
        ) as active_days_limit,
        cast(
            case
                when has_personal_cycle then lifecycle_cycle_days * {{ var('lifecycle_silent_cycles') }}
                else {{ var('lifecycle_default_silent_days') }}
            end as {{ dbt.type_numeric() }}
        ) as silent_days_limit,
        cast(
            case
                when has_personal_cycle then lifecycle_cycle_days * {{ var('lifecycle_at_risk_cycles') }}
                else {{ var('lifecycle_default_at_risk_days') }}
            end as {{ dbt.type_numeric() }}
        ) as at_risk_days_limit
    from members_limited

),

members_staged as (

    select
        *,
        case
            when last_purchase_date is null then 'prospect'
            when days_since_last_purchase > at_risk_days_limit then 'lost'
            when days_since_last_purchase > silent_days_limit then 'at_risk'
            when days_since_last_purchase > active_days_limit then 'silent'
            when days_since_first_purchase < {{ var('lifecycle_new_days') }} then 'new'
            when last_interval_days > silent_days_limit then 'reactivated'
            else 'active'
        end as lifecycle_stage
    from members_measured

),

final as (

    select
        -- ids
        member_id,

        -- stage
        lifecycle_stage,
        lifecycle_basis,

        -- purchase history
        coalesce(purchase_days_count, 0) as purchase_days_count,
        first_purchase_date,
        last_purchase_date,
        days_since_last_purchase,
        last_interval_days,

        -- limits used
        cast(lifecycle_cycle_days as {{ dbt.type_numeric() }}) as lifecycle_cycle_days,
        active_days_limit,
        silent_days_limit,
        at_risk_days_limit,

        -- membership card
        card_expires_on,
        coalesce(
            card_expires_on >= as_of_date
            and {{ days_between('as_of_date', 'card_expires_on') }} <= {{ var('card_expiry_warning_days') }},
            false
        ) as is_card_expiring_soon,

        -- context
        as_of_date

    from members_staged

)

select * from final
