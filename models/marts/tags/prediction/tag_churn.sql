{#- Churn prediction tags of every buyer (int_member_churn, BG/NBD family, as of the as-of date): probability the
    member is still active, its risk band, expected purchase days in the horizon and the high-value-at-risk flag.
    Members who never bought have no row. -#}

with

churn as (

    select * from {{ ref('int_member_churn') }}

),

final as (

    select
        member_id,
        p_alive,
        churn_risk_band,
        expected_purchases_90d,
        is_high_value_at_risk
    from churn
    where has_purchased

)

select * from final
