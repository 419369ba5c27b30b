{#- Monthly AIPL snapshot: the stage of each member at the end of each month, by the same rules and window as
    int_member_aipl (docs/aipl.md), from the first month with any signal up to the as-of month. The snapshot of the
    as-of month is taken on the as-of date itself, so it equals int_member_aipl.

    Sparse: one row per member and month in which the stage is not 'none'; a member absent in a month is 'none'.

    One pass, no member x month grid: each member's signals are first reduced to one row per month (the latest date
    of each signal kind in the month, and for repeat purchases the purchase day before the month's last one). A
    month's row can only matter to the snapshots of the next floor((window - 1) / 28) months, so each row is copied
    to those months only, and each snapshot takes the latest date of each kind among the rows copied to it:
    a kind is present in the window when that date is on or after the window start. "Two purchase days in the
    window" is "the purchase day before the latest one is in the window". -#}

{%- set window_days = var('aipl_window_days') | int %}
{%- set max_month_offset = ((window_days - 1) / 28) | int %}

with

events as (

    select * from {{ ref('int_member_aipl_signal_days') }}

),

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

purchase_days_sequenced as (

    select
        member_id,
        purchase_date,
        lag(purchase_date) over (partition by member_id order by purchase_date) as previous_purchase_date
    from purchase_days
    where purchase_date <= {{ as_of_date() }}

),

signals_unioned as (

    select
        member_id,
        event_date as signal_date,
        aipl_signal as signal_kind,
        cast(null as date) as previous_purchase_date
    from events

    union all

    select
        member_id,
        purchase_date as signal_date,
        'P' as signal_kind,
        previous_purchase_date
    from purchase_days_sequenced

),

signals_with_month as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'signal_date') }} as date) as activity_month_start
    from signals_unioned

),

signals_by_month as (

    select
        member_id,
        activity_month_start,
        max(case when signal_kind = 'A' then signal_date end) as last_a_date,
        max(case when signal_kind = 'I' then signal_date end) as last_i_date,
        max(case when signal_kind = 'P' then signal_date end) as last_purchase_date,
        max(previous_purchase_date) as last_previous_purchase_date,
        max(case when signal_kind = 'L' then signal_date end) as last_advocacy_date
    from signals_with_month
    group by member_id, activity_month_start

),

month_offsets as (

    {%- for month_offset in range(max_month_offset + 1) %}
    select {{ month_offset }} as month_offset
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

signals_spread as (

    select
        signals_by_month.member_id,
        cast({{ dbt.dateadd('month', 'month_offsets.month_offset', 'signals_by_month.activity_month_start') }} as date)
            as month_start,
        signals_by_month.last_a_date,
        signals_by_month.last_i_date,
        signals_by_month.last_purchase_date,
        signals_by_month.last_previous_purchase_date,
        signals_by_month.last_advocacy_date
    from signals_by_month
    cross join month_offsets

),

snapshot_months as (

    select
        member_id,
        month_start,
        max(last_a_date) as last_a_date,
        max(last_i_date) as last_i_date,
        max(last_purchase_date) as last_purchase_date,
        max(last_previous_purchase_date) as last_previous_purchase_date,
        max(last_advocacy_date) as last_advocacy_date
    from signals_spread
    where month_start <= {{ as_of_date() }}
    group by member_id, month_start

),

snapshot_months_dated as (

    select
        *,
        least({{ month_last_day('month_start') }}, {{ as_of_date() }}) as snapshot_date
    from snapshot_months

),

snapshot_windows as (

    select
        *,
        cast({{ dbt.dateadd('day', 1 - window_days, 'snapshot_date') }} as date) as window_start_date
    from snapshot_months_dated

),

staged as (

    select
        member_id,
        month_start,
        snapshot_date,
        case
            when last_previous_purchase_date >= window_start_date or last_advocacy_date >= window_start_date
                then 'L'
            when last_purchase_date >= window_start_date then 'P'
            when last_i_date >= window_start_date then 'I'
            when last_a_date >= window_start_date then 'A'
            else 'none'
        end as aipl_stage
    from snapshot_windows

),

final as (

    select
        member_id,
        month_start,
        snapshot_date,
        aipl_stage
    from staged
    where aipl_stage <> 'none'

)

select * from final
