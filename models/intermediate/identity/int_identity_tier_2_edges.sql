{#- Tier 2 edges mapped onto the components after the previous tier, with the member limit each would break (see
    macros/identity/identity_tiers.sql). -#}

{{ identity_tier_edges(2, ref('int_identity_tier_1_components')) }}
