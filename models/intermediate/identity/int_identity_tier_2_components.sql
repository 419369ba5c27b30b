{#- The components after tier 2: the previous components merged through the accepted tier 2 edges, except groups
    that would break a member limit collectively (see macros/identity/identity_tiers.sql). -#}

{{ config(post_hook="{{ connected_components_drop_scratch() }}") }}

{{ identity_tier_components(ref('int_identity_tier_2_edges'), ref('int_identity_tier_1_components')) }}
