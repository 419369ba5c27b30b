{#- Every link a source asserts between two identifiers, one row per (anchor node, linked node, edge source), with
    the guard that stops it from merging people, if any. Only rows with guard_status = 'kept' (and manual force
    links) go on to the connected components; the others are published in identity_audit.

    Guards, in order: a blocklisted identifier at either end; a manual force_split between the two ends; an end
    whose degree towards one identifier type exceeds the type's max_degree (a clerk's phone typed in for many
    walk-ins links to many cards: it merges nobody). Per-member limits are applied later, tier by tier, in
    int_identity_components. -#}

with

links as (

    select * from {{ ref('int_identity_links_unioned') }}
    where linked_value is not null

),

nodes as (

    select * from {{ ref('int_identity_nodes') }}

),

identifier_types as (

    select * from {{ ref('identity_identifier_types') }}

),

edge_sources as (

    select * from {{ ref('identity_edge_sources') }}

),

manual_corrections as (

    select * from {{ ref('identity_manual_corrections') }}
    where action in ('force_link', 'force_split')

),

asserted_edges as (

    select
        anchor_nodes.node_id as node_a,
        linked_nodes.node_id as node_b,
        links.edge_source,
        links.anchor_type as type_a,
        links.linked_type as type_b,
        min(edge_sources.trust_rank) as trust_rank,
        min(edge_sources.tier) as tier,
        min(links.first_seen_at) as first_seen_at,
        max(links.last_seen_at) as last_seen_at,
        sum(links.row_count) as row_count,
        max(case when anchor_nodes.is_blocked or linked_nodes.is_blocked then 1 else 0 end) = 1
            as touches_blocked_node
    from links
    inner join nodes as anchor_nodes
        on links.anchor_type = anchor_nodes.identifier_type
            and links.anchor_scope = anchor_nodes.scope
            and links.anchor_value = anchor_nodes.value
    inner join nodes as linked_nodes
        on links.linked_type = linked_nodes.identifier_type
            and links.linked_scope = linked_nodes.scope
            and links.linked_value = linked_nodes.value
    inner join edge_sources
        on links.edge_source = edge_sources.edge_source
    where anchor_nodes.node_id != linked_nodes.node_id
    group by anchor_nodes.node_id, linked_nodes.node_id, links.edge_source, links.anchor_type, links.linked_type

),

manual_pairs as (

    select
        manual_corrections.correction_id,
        manual_corrections.action,
        manual_corrections.reason,
        manual_corrections.author,
        manual_corrections.created_date,
        least(nodes_1.node_id, nodes_2.node_id) as node_low,
        greatest(nodes_1.node_id, nodes_2.node_id) as node_high,
        case
            when nodes_1.node_id < nodes_2.node_id then nodes_1.identifier_type else nodes_2.identifier_type
        end as type_low,
        case
            when nodes_1.node_id < nodes_2.node_id then nodes_2.identifier_type else nodes_1.identifier_type
        end as type_high
    from manual_corrections
    inner join nodes as nodes_1
        on manual_corrections.identifier_type = nodes_1.identifier_type
            and manual_corrections.scope = nodes_1.scope
            and manual_corrections.value = nodes_1.value
    inner join nodes as nodes_2
        on manual_corrections.other_identifier_type = nodes_2.identifier_type
            and manual_corrections.other_scope = nodes_2.scope
            and manual_corrections.other_value = nodes_2.value

),

forced_links as (

    select
        node_low as node_a,
        node_high as node_b,
        'manual_force_link' as edge_source,
        type_low as type_a,
        type_high as type_b,
        0 as trust_rank,
        1 as tier,
        cast(created_date as timestamp) as first_seen_at,
        cast(created_date as timestamp) as last_seen_at,
        1 as row_count,
        false as touches_blocked_node
    from manual_pairs
    where action = 'force_link'

),

all_edges as (

    select * from asserted_edges
    union all
    select * from forced_links

),

-- degree of each node towards each identifier type, over edges that are not blocked (the edges carry the types of
-- their ends, so no join back to the nodes is needed)
edge_ends as (

    select
        all_edges.node_a as node_id,
        all_edges.type_a as node_type,
        all_edges.node_b as neighbour_id,
        all_edges.type_b as neighbour_type
    from all_edges
    where not all_edges.touches_blocked_node

    union all

    select
        all_edges.node_b as node_id,
        all_edges.type_b as node_type,
        all_edges.node_a as neighbour_id,
        all_edges.type_a as neighbour_type
    from all_edges
    where not all_edges.touches_blocked_node

),

degrees as (

    select
        node_id,
        node_type,
        neighbour_type,
        count(distinct neighbour_id) as degree
    from edge_ends
    group by node_id, node_type, neighbour_type

),

capped_nodes as (

    select
        degrees.node_id,
        max(
            {{ dbt.concat([
                "'degree cap: '", 'degrees.node_type', "' linked to '",
                'cast(degrees.degree as ' ~ dbt.type_string() ~ ')', "' '", 'degrees.neighbour_type',
                "' identifiers (max '", 'cast(identifier_types.max_degree as ' ~ dbt.type_string() ~ ')', "')'"
            ]) }}
        ) as cap_reason
    from degrees
    inner join identifier_types
        on degrees.node_type = identifier_types.identifier_type
    where degrees.degree > identifier_types.max_degree
    group by degrees.node_id

),

guarded as (

    select
        all_edges.node_a,
        all_edges.node_b,
        all_edges.edge_source,
        all_edges.trust_rank,
        all_edges.tier,
        all_edges.first_seen_at,
        all_edges.last_seen_at,
        all_edges.row_count,
        case
            when all_edges.edge_source = 'manual_force_link' then 'kept'
            when all_edges.touches_blocked_node then 'blocklisted'
            when manual_splits.node_low is not null then 'manual_split'
            when capped_a.node_id is not null or capped_b.node_id is not null then 'degree_cap'
            else 'kept'
        end as guard_status,
        case
            when all_edges.edge_source = 'manual_force_link' then null
            when all_edges.touches_blocked_node then 'an end is blocklisted'
            when manual_splits.node_low is not null
                then {{ dbt.concat(["'manual split by '", 'manual_splits.author', "': '", 'manual_splits.reason']) }}
            else coalesce(capped_a.cap_reason, capped_b.cap_reason)
        end as guard_reason
    from all_edges
    left join manual_pairs as manual_splits
        on manual_splits.action = 'force_split'
            and least(all_edges.node_a, all_edges.node_b) = manual_splits.node_low
            and greatest(all_edges.node_a, all_edges.node_b) = manual_splits.node_high
    left join capped_nodes as capped_a
        on all_edges.node_a = capped_a.node_id
    left join capped_nodes as capped_b
        on all_edges.node_b = capped_b.node_id

)

select * from guarded
