{#- Crowd-asset flows: how many members moved from one AIPL stage to another between consecutive monthly
    snapshots (int_member_aipl_monthly), for "crowd asset" reporting (docs/aipl.md). from_stage is the stage at the
    end of the previous month, to_stage at the end of month_start's month (the as-of date for the as-of month);
    'none' on either side is a member with no signal in the window (entering the crowd, or churning out of it).
    Members who stay at 'none' are not counted. -#}

with

snapshots as (

    select * from {{ ref('int_member_aipl_monthly') }}

),

snapshots_next_month as (

    select
        member_id,
        cast({{ dbt.dateadd('month', 1, 'month_start') }} as date) as month_start,
        aipl_stage
    from snapshots

),

transitions as (

    select
        coalesce(snapshots.month_start, snapshots_next_month.month_start) as month_start,
        coalesce(snapshots_next_month.aipl_stage, 'none') as from_stage,
        coalesce(snapshots.aipl_stage, 'none') as to_stage
    from snapshots
    full outer join snapshots_next_month
        on
            snapshots.member_id = snapshots_next_month.member_id
            and snapshots.month_start = snapshots_next_month.month_start
    where coalesce(snapshots.month_start, snapshots_next_month.month_start) <= {{ as_of_date() }}

),

counted as (

    select
        month_start,
        from_stage,
        to_stage,
        count(*) as member_count
    from transitions
    group by month_start, from_stage, to_stage

),

final as (

    select
        month_start,
        from_stage,
        to_stage,
        case
            when from_stage = 'none' then 'entry'
            when to_stage = 'none' then 'churn'
            when from_stage = to_stage then 'stay'
            when
                {{ aipl_stage_rank('to_stage') }} > {{ aipl_stage_rank('from_stage') }}
                then 'upgrade'
            else 'fall_back'
        end as flow_type,
        member_count
    from counted

)

select * from final
