{#- Every member with a purchase day up to the as-of date has an RFM row with a group, and every buyer in the RFM
    window is flagged as one: the eight groups cover all buyers. Fails with the members missed. -#}

with

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

rfm as (

    select * from {{ ref('int_member_rfm') }}

),

window_buyers as (

    select
        member_id,
        max(
            case
                when purchase_date > cast({{ dbt.dateadd('day', -1 * var('rfm_window_days'), as_of_date()) }} as date)
                    then 1
                else 0
            end
        ) as is_in_window
    from purchase_days
    where purchase_date <= {{ as_of_date() }}
    group by member_id

),

missed as (

    select
        window_buyers.member_id,
        window_buyers.is_in_window,
        rfm.rfm_group_code,
        rfm.is_buyer_in_window
    from window_buyers
    left join rfm
        on window_buyers.member_id = rfm.member_id
    where
        rfm.rfm_group_code is null
        or (window_buyers.is_in_window = 1) <> rfm.is_buyer_in_window

)

select * from missed
