{#- The monthly snapshot of the as-of month is taken on the as-of date, by an independent one-pass computation:
    it must give every member the same stage as int_member_aipl (members absent from the sparse snapshot are
    'none'). Fails on each member where the two disagree. -#}

with

current_stages as (

    select * from {{ ref('int_member_aipl') }}

),

monthly as (

    select * from {{ ref('int_member_aipl_monthly') }}

),

as_of_month as (

    select
        member_id,
        aipl_stage
    from monthly
    where snapshot_date = {{ as_of_date() }}

),

compared as (

    select
        current_stages.member_id,
        current_stages.aipl_stage as current_stage,
        coalesce(as_of_month.aipl_stage, 'none') as monthly_stage
    from current_stages
    left join as_of_month
        on current_stages.member_id = as_of_month.member_id

)

select *
from compared
where current_stage <> monthly_stage
