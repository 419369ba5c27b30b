{#- Tier 3 edges mapped onto the components after the previous tier, with the member limit each would break (see
    macros/identity/identity_tiers.sql). -#}

{{ identity_tier_edges(3, ref('int_identity_tier_2_components')) }}
