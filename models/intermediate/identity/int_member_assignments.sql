{#- Gives every component of this build a member number, reconciled to the previous build's registry so that IDs
    are stable: a component keeps the number of the previously known member whose anchor (its oldest identifier
    still present) it holds; when it holds several anchors (a merge) the oldest number survives; a component
    holding no known anchor gets a new number, never reused (a new person, or a part split off a known member).

    The previous registry is read through adapter.get_relation, not ref(): int_member_registry is built from this
    model, and on the first build it does not exist yet. -#}

{%- set registry = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_member_registry') if execute else none %}
{%- set id_events = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_member_id_events') if execute else none %}

with

components as (

    select * from {{ ref('int_identity_components') }}

),

nodes as (

    select * from {{ ref('int_identity_nodes') }}

),

previous_registry as (

    {% if registry is not none -%}
    select
        node_key,
        member_number,
        first_seen_at
    from {{ registry }}
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as node_key,
        cast(null as {{ dbt.type_bigint() }}) as member_number,
        cast(null as timestamp) as first_seen_at
    where 1 = 0
    {%- endif %}

),

retired_numbers as (

    {#- members retired by a merge: an identifier the registry still files under one (it was blocklisted or left
        without a member before the merge, so its row was not rewritten) must not bring the retired ID back -#}
    {% if id_events is not none -%}
    select distinct member_number
    from {{ id_events }}
    where event_type = 'merged'
    {%- else -%}
    select cast(null as {{ dbt.type_bigint() }}) as member_number
    from (select 1 as placeholder) as no_events
    where 1 = 0
    {%- endif %}

),

live_registry as (

    select
        previous_registry.node_key,
        previous_registry.member_number
    from previous_registry
    left join retired_numbers
        on previous_registry.member_number = retired_numbers.member_number
    where retired_numbers.member_number is null

),

current_nodes as (

    select
        nodes.node_id,
        nodes.node_key,
        nodes.first_seen_at,
        components.component_id,
        live_registry.member_number as previous_member_number
    from nodes
    inner join components
        on nodes.node_id = components.node_id
    left join live_registry
        on nodes.node_key = live_registry.node_key

),

-- the anchor of each previously known member: its oldest identifier that is still present
previous_anchors_ranked as (

    select
        previous_member_number as member_number,
        component_id,
        row_number() over (
            partition by previous_member_number
            order by first_seen_at asc nulls last, node_key asc
        ) as anchor_rank
    from current_nodes
    where previous_member_number is not null

),

component_claims as (

    select
        component_id,
        member_number
    from previous_anchors_ranked
    where anchor_rank = 1

),

surviving_numbers as (

    select
        component_id,
        min(member_number) as member_number
    from component_claims
    group by component_id

),

components_described as (

    select
        component_id,
        min(first_seen_at) as first_seen_at,
        min(node_key) as first_node_key
    from current_nodes
    group by component_id

),

new_components as (

    select
        components_described.component_id,
        row_number() over (
            order by components_described.first_seen_at asc nulls last, components_described.first_node_key asc
        ) as new_rank
    from components_described
    left join surviving_numbers
        on components_described.component_id = surviving_numbers.component_id
    where surviving_numbers.component_id is null

),

highest_previous_number as (

    {#- numbers of retired members are never reused: the event log remembers every number ever issued -#}
    {% if id_events is not none -%}
    select coalesce(max(member_number), 0) as member_number
    from {{ id_events }}
    where event_type = 'issued'
    {%- else -%}
    select coalesce(max(member_number), 0) as member_number from previous_registry
    {%- endif %}

),

component_numbers as (

    select
        component_id,
        member_number,
        false as is_new_member
    from surviving_numbers

    union all

    select
        new_components.component_id,
        highest_previous_number.member_number + new_components.new_rank as member_number,
        true as is_new_member
    from new_components
    cross join highest_previous_number

),

final as (

    select
        current_nodes.node_id,
        current_nodes.node_key,
        current_nodes.component_id,
        component_numbers.member_number,
        {{ member_id_from_number('component_numbers.member_number') }} as member_id,
        component_numbers.is_new_member,
        current_nodes.previous_member_number,
        current_nodes.first_seen_at
    from current_nodes
    inner join component_numbers
        on current_nodes.component_id = component_numbers.component_id

)

select * from final
