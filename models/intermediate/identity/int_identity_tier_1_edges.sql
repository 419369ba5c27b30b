{#- Tier 1 edges mapped onto the components after the previous tier, with the member limit each would break (see
    macros/identity/identity_tiers.sql). -#}

{%- set singletons = '(select node_id, node_id as component_id from ' ~ ref('int_identity_nodes') ~ ')' %}

{{ identity_tier_edges(1, singletons) }}
