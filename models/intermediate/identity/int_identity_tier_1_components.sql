{#- The components after tier 1: the previous components merged through the accepted tier 1 edges, except groups
    that would break a member limit collectively (see macros/identity/identity_tiers.sql). -#}

{{ config(post_hook="{{ connected_components_drop_scratch() }}") }}

{%- set singletons = '(select node_id, node_id as component_id from ' ~ ref('int_identity_nodes') ~ ')' %}

{{ identity_tier_components(ref('int_identity_tier_1_edges'), singletons) }}
