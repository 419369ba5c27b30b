{#- Flows conserve members: for every month, the members flowing into each stage (to_stage) equal the members in
    that stage in the month's snapshot, and the members flowing out of each stage (from_stage) equal the previous
    month's snapshot. Fails on each (month, stage, side) where they differ. -#}

with

flows as (

    select * from {{ ref('aipl_flow_monthly') }}

),

snapshots as (

    select * from {{ ref('int_member_aipl_monthly') }}

),

snapshot_counts as (

    select
        month_start,
        aipl_stage,
        count(*) as member_count
    from snapshots
    group by month_start, aipl_stage

),

inflows as (

    select
        month_start,
        to_stage as aipl_stage,
        sum(member_count) as member_count
    from flows
    where to_stage <> 'none'
    group by month_start, to_stage

),

flows_from_previous_month as (

    select
        cast({{ dbt.dateadd('month', -1, 'month_start') }} as date) as previous_month_start,
        from_stage,
        member_count
    from flows
    where from_stage <> 'none'

),

outflows as (

    select
        previous_month_start as month_start,
        from_stage as aipl_stage,
        sum(member_count) as member_count
    from flows_from_previous_month
    group by previous_month_start, from_stage

),

inflow_mismatches as (

    select
        'inflow' as side,
        coalesce(snapshot_counts.month_start, inflows.month_start) as month_start,
        coalesce(snapshot_counts.aipl_stage, inflows.aipl_stage) as aipl_stage,
        snapshot_counts.member_count as snapshot_count,
        inflows.member_count as flow_count
    from snapshot_counts
    full outer join inflows
        on
            snapshot_counts.month_start = inflows.month_start
            and snapshot_counts.aipl_stage = inflows.aipl_stage
    where coalesce(snapshot_counts.member_count, -1) <> coalesce(inflows.member_count, -1)

),

outflow_mismatches as (

    select
        'outflow' as side,
        coalesce(snapshot_counts.month_start, outflows.month_start) as month_start,
        coalesce(snapshot_counts.aipl_stage, outflows.aipl_stage) as aipl_stage,
        snapshot_counts.member_count as snapshot_count,
        outflows.member_count as flow_count
    from snapshot_counts
    full outer join outflows
        on
            snapshot_counts.month_start = outflows.month_start
            and snapshot_counts.aipl_stage = outflows.aipl_stage
    -- the as-of month's snapshot flows into no later month
    where
        coalesce(snapshot_counts.month_start, outflows.month_start)
        < cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
        and coalesce(snapshot_counts.member_count, -1) <> coalesce(outflows.member_count, -1)

)

select * from inflow_mismatches
union all
select * from outflow_mismatches
