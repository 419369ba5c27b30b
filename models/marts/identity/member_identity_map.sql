{#- Every identifier that belongs to a member, with the member's ID: the lookup every fact uses to key its rows to a
    member, and the one BI tools use to find a member by an identifier. -#}

with

nodes as (

    select * from {{ ref('int_identity_nodes') }}

),

assignments as (

    select * from {{ ref('int_member_assignments') }}

),

final as (

    select
        nodes.node_key,
        nodes.identifier_type,
        nodes.scope,
        nodes.value as identifier_value,
        assignments.member_id,
        assignments.member_number,
        nodes.first_seen_at,
        nodes.last_seen_at,
        nodes.first_edge_source,
        nodes.edge_source_count
    from nodes
    inner join assignments
        on nodes.node_id = assignments.node_id

)

select * from final
