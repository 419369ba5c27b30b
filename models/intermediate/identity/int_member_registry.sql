{#- The persisted registry: the member number of every identifier ever assigned, as of the latest build. It is
    incremental and never rebuilt by --full-refresh (full_refresh=false), because it is the memory that keeps member
    IDs stable: int_member_assignments reconciles each build's components to it.

    Rows: the identifiers assigned now (assigned_at kept from the previous row when the member number did not
    change, so a build that changes nothing leaves every row as it was), and the identifiers assigned earlier but
    not now (blocklisted since, or left without a member), kept with their last member number. With delete+insert
    (DuckDB) a build writes only the rows that are new or changed; with insert_overwrite (Spark), which replaces
    the whole table, it writes them all. -#}

{{ config(
    materialized='incremental',
    unique_key='node_key',
    incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
    full_refresh=false,
) }}

{%- set writes_whole_table = config.get('incremental_strategy') == 'insert_overwrite' %}

with

assignments as (

    select * from {{ ref('int_member_assignments') }}

),

previous_registry as (

    {% if is_incremental() -%}
    select
        node_key,
        member_number,
        member_id,
        first_seen_at,
        assigned_at
    from {{ incremental_previous_relation() }}
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as node_key,
        cast(null as {{ dbt.type_bigint() }}) as member_number,
        cast(null as {{ dbt.type_string() }}) as member_id,
        cast(null as timestamp) as first_seen_at,
        {{ dbt.current_timestamp() }} as assigned_at
    from (select 1 as placeholder) as no_previous_registry
    where 1 = 0
    {%- endif %}

),

assigned_now as (

    select
        assignments.node_key,
        assignments.member_number,
        assignments.member_id,
        assignments.first_seen_at,
        case
            when previous_registry.member_number = assignments.member_number then previous_registry.assigned_at
            else {{ dbt.current_timestamp() }}
        end as assigned_at,
        coalesce(
            previous_registry.member_number = assignments.member_number
            and previous_registry.first_seen_at = assignments.first_seen_at,
            false
        ) as is_unchanged
    from assignments
    left join previous_registry
        on assignments.node_key = previous_registry.node_key

),

{%- if writes_whole_table %}

-- identifiers assigned by an earlier build but not by this one keep their last row
assigned_before as (

    select
        previous_registry.node_key,
        previous_registry.member_number,
        previous_registry.member_id,
        previous_registry.first_seen_at,
        previous_registry.assigned_at
    from previous_registry
    left join assignments
        on previous_registry.node_key = assignments.node_key
    where assignments.node_key is null

),
{%- endif %}

final as (

    select
        node_key,
        member_number,
        member_id,
        first_seen_at,
        assigned_at
    from assigned_now
    {%- if not writes_whole_table %}
    where not is_unchanged
    {%- endif %}

    {%- if writes_whole_table %}

    union all

    select * from assigned_before
    {%- endif %}

)

select * from final
