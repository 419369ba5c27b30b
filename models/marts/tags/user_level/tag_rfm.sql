{#- RFM tags of every buyer (int_member_rfm, as of the as-of date): the inputs (recency days, frequency,
    monetary), the 1-5 scores, the score string, the group and the A/B/C/D member level. The thresholds behind
    the group are in member_tag_explanations. -#}

with

rfm as (

    select * from {{ ref('int_member_rfm') }}

),

final as (

    select
        member_id,
        recency_days as rfm_recency_days,
        frequency as rfm_frequency,
        cast(monetary as {{ type_double() }}) as rfm_monetary,
        r_score,
        f_score,
        m_score,
        rfm_score,
        rfm_group_code as rfm_group,
        rfm_group_zh,
        member_level
    from rfm

)

select * from final
