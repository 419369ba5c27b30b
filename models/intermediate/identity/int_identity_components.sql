{#- The final partition of the identity graph: every identifier that may stand for a member, with its component
    (labelled by the smallest node id in it) after all three trust tiers. Blocklisted identifiers, and components
    made only of identifiers that cannot stand alone (a mobile whose every link was cut), belong to no member;
    identity_audit lists them. -#}

with

tier_3_components as (

    select * from {{ ref('int_identity_tier_3_components') }}

),

nodes as (

    select * from {{ ref('int_identity_nodes') }}

),

identifier_types as (

    select * from {{ ref('identity_identifier_types') }}

),

nodes_typed as (

    select
        tier_3_components.node_id,
        tier_3_components.component_id,
        nodes.is_blocked,
        identifier_types.can_stand_alone
    from tier_3_components
    inner join nodes
        on tier_3_components.node_id = nodes.node_id
    inner join identifier_types
        on nodes.identifier_type = identifier_types.identifier_type

),

components_sized as (

    select
        component_id,
        count(*) as identifier_count,
        max(case when can_stand_alone then 1 else 0 end) = 1 as has_standalone_identifier
    from nodes_typed
    where not is_blocked
    group by component_id

),

final as (

    select
        nodes_typed.node_id,
        nodes_typed.component_id,
        components_sized.identifier_count as component_size
    from nodes_typed
    inner join components_sized
        on nodes_typed.component_id = components_sized.component_id
    where not nodes_typed.is_blocked and components_sized.has_standalone_identifier

)

select * from final
