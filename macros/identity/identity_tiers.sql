{#- Tiered merging with per-member limits. Edges that passed the guards are added tier by tier, most trusted first
    (column tier of seed identity_edge_sources: 1 = platform-verified ids, 2 = verified
    mobiles, 3 = identifiers typed in by people). Within a tier:

    1. identity_tier_edges: each edge is mapped to the components its ends belong to after the previous tier. An edge
       that would join two components holding together more identifiers of a limited type than max_per_member allows
       (two unionids, two omids, four mobiles) is refused, with the limit it would break (limit_reason). A
       component already above a limit (held together by a manual force link) may still take links that add no
       identifier of that type.
    2. identity_tier_components: the accepted edges are merged with connected_components over the previous
       components. A merged group that still breaks a limit collectively (each edge was fine on its own) is not
       merged at all: its components stay as they were after the previous tier, and identity_audit reports its edges.

    Higher-trust merges made in an earlier tier are never undone by a later one. Manual force links (trust rank 0)
    are exempt from the limits. -#}

{#- Per previous component, how many identifiers of each limited type it holds. -#}
{% macro _identity_limited_profiles(previous_components) -%}
    select
        previous_components.component_id,
        nodes.identifier_type,
        identifier_types.max_per_member,
        count(*) as identifier_count
    from {{ previous_components }} as previous_components
    inner join {{ ref('int_identity_nodes') }} as nodes
        on previous_components.node_id = nodes.node_id
    inner join {{ ref('identity_identifier_types') }} as identifier_types
        on nodes.identifier_type = identifier_types.identifier_type
    where identifier_types.max_per_member is not null
    group by previous_components.component_id, nodes.identifier_type, identifier_types.max_per_member
{%- endmacro %}


{% macro identity_tier_edges(tier, previous_components) -%}

with

edges as (

    select * from {{ ref('int_identity_edges_guarded') }}
    where guard_status = 'kept' and tier = {{ tier }}

),

previous_components as (

    select
        node_id,
        component_id
    from {{ previous_components }}

),

limited_profiles as (

    {{ _identity_limited_profiles("previous_components") }}

),

edges_mapped as (

    select
        edges.node_a,
        edges.node_b,
        edges.edge_source,
        edges.trust_rank,
        components_a.component_id as component_a,
        components_b.component_id as component_b
    from edges
    inner join previous_components as components_a
        on edges.node_a = components_a.node_id
    inner join previous_components as components_b
        on edges.node_b = components_b.node_id

),

-- the two ends of every edge that would join two components (two equi-joins: an OR join does not scale)
bridging_ends as (

    select
        node_a,
        node_b,
        edge_source,
        component_a as component_id
    from edges_mapped
    where component_a != component_b and trust_rank > 0

    union all

    select
        node_a,
        node_b,
        edge_source,
        component_b as component_id
    from edges_mapped
    where component_a != component_b and trust_rank > 0

),

-- what each limited type would add up to if the edge joined its two components
joined_profiles as (

    select
        bridging_ends.node_a,
        bridging_ends.node_b,
        bridging_ends.edge_source,
        limited_profiles.identifier_type,
        max(limited_profiles.max_per_member) as max_per_member,
        sum(limited_profiles.identifier_count) as identifier_count,
        max(limited_profiles.identifier_count) as largest_side_count
    from bridging_ends
    inner join limited_profiles
        on bridging_ends.component_id = limited_profiles.component_id
    group by bridging_ends.node_a, bridging_ends.node_b, bridging_ends.edge_source, limited_profiles.identifier_type

),

limit_breaches as (

    select
        node_a,
        node_b,
        edge_source,
        min(
            {{ dbt.concat([
                "'member limit: would hold '", 'cast(identifier_count as ' ~ dbt.type_string() ~ ')', "' '",
                'identifier_type', "' (max '", 'cast(max_per_member as ' ~ dbt.type_string() ~ ')', "')'"
            ]) }}
        ) as limit_reason
    from joined_profiles
    -- a breach adds identifiers of the type beyond the limit; a member already above it (held together by a
    -- manual force link) may still take links that add none
    where identifier_count > max_per_member and identifier_count > largest_side_count
    group by node_a, node_b, edge_source

),

final as (

    select
        edges_mapped.node_a,
        edges_mapped.node_b,
        edges_mapped.edge_source,
        edges_mapped.trust_rank,
        {{ tier }} as tier,
        edges_mapped.component_a,
        edges_mapped.component_b,
        limit_breaches.limit_reason
    from edges_mapped
    left join limit_breaches
        on edges_mapped.node_a = limit_breaches.node_a
        and edges_mapped.node_b = limit_breaches.node_b
        and edges_mapped.edge_source = limit_breaches.edge_source

)

select * from final

{%- endmacro %}


{% macro identity_tier_components(tier_edges, previous_components) -%}

{%- set accepted_edges -%}
(
    select
        component_a as node_a,
        component_b as node_b
    from {{ tier_edges }}
    where limit_reason is null and component_a != component_b
)
{%- endset %}

with

previous_components as (

    select
        node_id,
        component_id
    from {{ previous_components }}

),

limited_profiles as (

    {{ _identity_limited_profiles("previous_components") }}

),

merged_labels as (

    {{ connected_components(accepted_edges, integer_ids=true) }}

),

merged as (

    select
        cast(node_id as {{ dbt.type_bigint() }}) as node_id,
        cast(component_id as {{ dbt.type_bigint() }}) as component_id
    from merged_labels

),

forced_groups as (

    {#- groups held together by a manual force link are exempt from the collective check -#}
    select distinct merged.component_id
    from {{ tier_edges }} as tier_edges
    inner join merged
        on tier_edges.component_a = merged.node_id
    where tier_edges.trust_rank = 0

),

group_profiles as (

    select
        merged.component_id,
        limited_profiles.identifier_type,
        max(limited_profiles.max_per_member) as max_per_member,
        sum(limited_profiles.identifier_count) as identifier_count,
        max(limited_profiles.identifier_count) as largest_part_count
    from merged
    inner join limited_profiles
        on merged.node_id = limited_profiles.component_id
    group by merged.component_id, limited_profiles.identifier_type

),

breaching_groups as (

    select distinct group_profiles.component_id
    from group_profiles
    left join forced_groups
        on group_profiles.component_id = forced_groups.component_id
    where group_profiles.identifier_count > group_profiles.max_per_member
        and group_profiles.identifier_count > group_profiles.largest_part_count
        and forced_groups.component_id is null

),

final as (

    select
        previous_components.node_id,
        case
            when merged.component_id is not null and breaching_groups.component_id is null
                then merged.component_id
            else previous_components.component_id
        end as component_id
    from previous_components
    left join merged
        on previous_components.component_id = merged.node_id
    left join breaching_groups
        on merged.component_id = breaching_groups.component_id

)

select * from final

{%- endmacro %}
