{#- The persisted registry: the member number of every identifier, as of the latest build. It is incremental and
    never rebuilt by --full-refresh (full_refresh=false), because it is the memory that keeps member IDs stable:
    int_member_assignments reconciles each build's components to it. -#}

{{ config(
    materialized='incremental',
    unique_key='node_key',
    incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
    full_refresh=false,
) }}

with

assignments as (

    select * from {{ ref('int_member_assignments') }}

),

final as (

    select
        node_key,
        member_number,
        member_id,
        first_seen_at,
        {{ dbt.current_timestamp() }} as assigned_at
    from assignments

)

select * from final
