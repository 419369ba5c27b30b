{#- Rule tags explain themselves: one row per member and rule-based tag (the RFM scores, score string, group and
    member level, purchase count code, coupon sensitivity, price band preference, lifecycle stage, due for
    repurchase, AIPL stage, relationship tier, churn risk band) with the value, the rule in words, the member's
    inputs and the cut-offs that decided it, so nobody has to trust an opaque label. A view over the models the
    tags come from. -#}

{#- RFM score cut-offs: score s needs recency below r_cut_off_s; frequency and monetary above (quantiles) or at
    least (thresholds) f_ / m_cut_off_s (int_member_rfm). (letter, input column, comparison word) -#}
{%- set above_word = 'above' if var('rfm_scoring') == 'quantiles' else 'from' %}
{%- set rfm_letters = [
    ('r', 'recency_days', 'below'), ('f', 'frequency', above_word), ('m', 'monetary', above_word)
] %}
{%- set score_rule = {
    'r': 'R = 1 + the number of cut-offs recency_days is below',
    'f': 'F = 1 + the number of cut-offs frequency is ' ~ ('above' if above_word == 'above' else 'at least'),
    'm': 'M = 1 + the number of cut-offs monetary is ' ~ ('above' if above_word == 'above' else 'at least'),
} %}
{%- set cut_off_basis = 'the 20/40/60/80% quantiles of the buyers in the RFM window'
    if var('rfm_scoring') == 'quantiles' else 'the score bands of seed rfm_score_thresholds' %}

with

rfm as (

    select * from {{ ref('int_member_rfm') }}

),

lifecycle as (

    select * from {{ ref('int_member_lifecycle') }}

),

purchase_cycles as (

    select * from {{ ref('int_member_purchase_cycles') }}

),

aipl as (

    select * from {{ ref('int_member_aipl') }}

),

relationship_tiers as (

    select * from {{ ref('int_member_relationship_tiers') }}

),

churn as (

    select * from {{ ref('int_member_churn') }}

),

price_bands as (

    select * from {{ ref('int_member_price_bands') }}

),

coupon_sensitivity as (

    select * from {{ ref('int_member_coupon_sensitivity') }}

),

purchase_summary as (

    select * from {{ ref('tag_purchase_summary') }}

),

explanations as (

    select
        member_id,
        'rfm_score' as tag_code,
        rfm_score as tag_value,
        concat(
            'the R, F and M scores side by side; each is 1 + the number of its cut-offs beaten (', rfm_scoring,
            ': {{ cut_off_basis }}): recency below, frequency and monetary {{ above_word }}'
        ) as rule_text,
        {{ explain_pairs([
            ('recency_days', 'recency_days'),
            ('frequency', 'frequency'),
            ('monetary', explain_number('monetary')),
            ('r_score', 'r_score'),
            ('f_score', 'f_score'),
            ('m_score', 'm_score'),
        ]) }} as input_values,
        {%- set rfm_cut_offs = [] %}
        {%- for letter, column, word in rfm_letters %}
        {%- for score in [2, 3, 4, 5] %}
        {%- do rfm_cut_offs.append((letter ~ '_' ~ score ~ '_' ~ word, explain_number(letter ~ '_cut_off_' ~ score))) %}
        {%- endfor %}
        {%- endfor %}
        {{ explain_pairs([('scoring', 'rfm_scoring'), ('window_days', var('rfm_window_days'))] + rfm_cut_offs) }}
            as cut_offs,
        as_of_date
    from rfm

    union all

    {%- for letter, column, word in rfm_letters %}

    select
        member_id,
        'rfm_{{ letter }}_score' as tag_code,
        cast({{ letter }}_score as {{ dbt.type_string() }}) as tag_value,
        concat('{{ score_rule[letter] }} (', rfm_scoring, ': {{ cut_off_basis }})') as rule_text,
        {{ explain_pairs([(column, explain_number(column) if column == 'monetary' else column)]) }} as input_values,
        {%- set letter_cut_offs = [] %}
        {%- for score in [2, 3, 4, 5] %}
        {%- do letter_cut_offs.append(('score_' ~ score ~ '_' ~ word, explain_number(letter ~ '_cut_off_' ~ score))) %}
        {%- endfor %}
        {{ explain_pairs([('scoring', 'rfm_scoring'), ('window_days', var('rfm_window_days'))] + letter_cut_offs) }}
            as cut_offs,
        as_of_date
    from rfm

    union all
    {%- endfor %}

    select
        member_id,
        'rfm_group' as tag_code,
        rfm_group_code as tag_value,
        concat(
            'high R when recency_days <= r_threshold, high F when frequency >= f_threshold, high M when ',
            'monetary >= m_threshold (thresholds by ', rfm_group_basis, '); the three give one of eight groups'
        ) as rule_text,
        {{ explain_pairs([
            ('recency_days', 'recency_days'),
            ('frequency', 'frequency'),
            ('monetary', explain_number('monetary')),
            ('is_r_high', 'is_r_high'),
            ('is_f_high', 'is_f_high'),
            ('is_m_high', 'is_m_high'),
        ]) }} as input_values,
        {{ explain_pairs([
            ('r_threshold', explain_number('r_threshold')),
            ('f_threshold', explain_number('f_threshold')),
            ('m_threshold', explain_number('m_threshold')),
            ('basis', 'rfm_group_basis'),
        ]) }} as cut_offs,
        as_of_date
    from rfm

    union all

    select
        member_id,
        'member_level' as tag_code,
        member_level as tag_value,
        'the A/B/C/D level of the RFM group (seed rfm_groups)' as rule_text,
        {{ explain_pairs([('rfm_group', 'rfm_group_code')]) }} as input_values,
        {{ explain_pairs([('scoring', 'rfm_scoring'), ('basis', 'rfm_group_basis')]) }} as cut_offs,
        as_of_date
    from rfm

    union all

    select
        member_id,
        'lifecycle_stage' as tag_code,
        lifecycle_stage as tag_value,
        concat(
            'days since the last purchase against the limits (', lifecycle_basis, '): active up to ',
            'active_days_limit (new if the first purchase is recent, reactivated after a long gap), silent up to ',
            'silent_days_limit, at risk up to at_risk_days_limit, then lost; prospect without a purchase'
        ) as rule_text,
        {{ explain_pairs([
            ('days_since_last_purchase', 'days_since_last_purchase'),
            ('purchase_days_count', 'purchase_days_count'),
            ('first_purchase_date', 'first_purchase_date'),
            ('last_interval_days', 'last_interval_days'),
        ]) }} as input_values,
        {{ explain_pairs([
            ('cycle_days', explain_number('lifecycle_cycle_days')),
            ('active_days_limit', explain_number('active_days_limit')),
            ('silent_days_limit', explain_number('silent_days_limit')),
            ('at_risk_days_limit', explain_number('at_risk_days_limit')),
            ('new_days', var('lifecycle_new_days')),
        ]) }} as cut_offs,
        as_of_date
    from lifecycle

    union all

    select
        member_id,
        'is_due_for_repurchase' as tag_code,
        cast(is_due_for_repurchase as {{ dbt.type_string() }}) as tag_value,
        concat(
            'due from repurchase_due_lookahead_days before the expected next purchase date (last purchase + ',
            cycle_source, ' cycle) until one cycle after it'
        ) as rule_text,
        {{ explain_pairs([
            ('last_purchase_date', 'last_purchase_date'),
            ('cycle_days_used', 'cycle_days_used'),
            ('cycle_source', 'cycle_source'),
            ('expected_next_purchase_date', 'expected_next_purchase_date'),
            ('days_until_expected_purchase', 'days_until_expected_purchase'),
        ]) }} as input_values,
        {{ explain_pairs([('lookahead_days', var('repurchase_due_lookahead_days'))]) }} as cut_offs,
        as_of_date
    from purchase_cycles

    union all

    select
        member_id,
        'aipl_stage' as tag_code,
        aipl_stage as tag_value,
        concat(
            'over the AIPL window from ', cast(window_start_date as {{ dbt.type_string() }}),
            ': L = repeat purchase or advocacy after a purchase, P = a purchase, I = an interest event, ',
            'A = an awareness event, else none'
        ) as rule_text,
        {{ explain_pairs([
            ('a_event_count', 'a_event_count'),
            ('i_event_count', 'i_event_count'),
            ('purchase_count_in_window', 'purchase_count_in_window'),
            ('has_repeat_purchase', 'has_repeat_purchase'),
            ('has_post_purchase_advocacy', 'has_post_purchase_advocacy'),
            ('last_event_date', 'last_event_date'),
        ]) }} as input_values,
        {{ explain_pairs([('window_days', var('aipl_window_days'))]) }} as cut_offs,
        as_of_date
    from aipl

    union all

    select
        member_id,
        'relationship_tier' as tag_code,
        relationship_tier as tag_value,
        concat(
            'first rule that holds over the cycle window from ', cast(window_start_date as {{ dbt.type_string() }}),
            ': super_user, value, active, interested, connected'
        ) as rule_text,
        {{ explain_pairs([
            ('purchase_days_in_window', 'purchase_days_in_window'),
            ('advocacy_event_count_in_window', 'advocacy_event_count_in_window'),
            ('interest_event_count_in_aipl_window', 'interest_event_count_in_aipl_window'),
            ('is_silent_buyer', 'is_silent_buyer'),
            ('has_ever_purchased', 'has_ever_purchased'),
        ]) }} as input_values,
        {{ explain_pairs([
            ('super_user_min_purchase_days', var('relationship_super_user_min_purchase_days')),
            ('super_user_min_advocacy_events', var('relationship_super_user_min_advocacy_events')),
            ('value_min_purchase_days', var('relationship_value_min_purchase_days')),
            ('window_days', var('relationship_window_days')),
        ]) }} as cut_offs,
        as_of_date
    from relationship_tiers

    union all

    select
        member_id,
        'purchase_count_code' as tag_code,
        purchase_count_code as tag_value,
        concat(
            'purchase days up to the as-of date (several purchases on one day count once): ',
            'G1 one, G2 two, G3+ three or more'
        ) as rule_text,
        {{ explain_pairs([('purchase_days_count', 'purchase_days_count')]) }} as input_values,
        'G1=1; G2=2; G3+=3 or more' as cut_offs,
        {{ as_of_date() }} as as_of_date
    from purchase_summary

    union all

    select
        member_id,
        'coupon_sensitivity' as tag_code,
        coupon_sensitivity as tag_value,
        concat(
            'a deal order has a discount rate above the median rate of all purchase orders of its day and channel; ',
            'high when deal_order_share >= high_from, medium when >= medium_from, else low, with at least ',
            'min_purchase_orders purchase orders'
        ) as rule_text,
        {{ explain_pairs([
            ('purchase_orders', 'purchase_order_count'),
            ('discounted_orders', 'discounted_order_count'),
            ('deal_orders', 'deal_order_count'),
            ('deal_order_share', explain_number('deal_order_share', 4)),
        ]) }} as input_values,
        {{ explain_pairs([
            ('high_from', var('coupon_sensitivity_high_share')),
            ('medium_from', var('coupon_sensitivity_medium_share')),
            ('min_purchase_orders', var('coupon_sensitivity_min_purchases')),
        ]) }} as cut_offs,
        as_of_date
    from coupon_sensitivity
    where coupon_sensitivity is not null

    union all

    select
        member_id,
        'price_band_preference' as tag_code,
        price_band_preference as tag_value,
        concat(
            'each purchase line is budget below the lower cut-off of its category (the 1/3 quantile of unit net ',
            'prices), premium above the upper cut-off (the 2/3 quantile), else mid; the band with the most lines ',
            'wins, ties go to the higher band'
        ) as rule_text,
        {{ explain_pairs([
            ('budget_lines', 'budget_line_count'),
            ('mid_lines', 'mid_line_count'),
            ('premium_lines', 'premium_line_count'),
        ]) }} as input_values,
        {{ explain_pairs([('category_lower_upper', 'category_cut_offs')]) }} as cut_offs,
        as_of_date
    from price_bands

    union all

    select
        member_id,
        'churn_risk_band' as tag_code,
        churn_risk_band as tag_value,
        concat('P(alive) under ', churn_model, ': high below the high cut-off, medium below the medium one, else low')
            as rule_text,
        {{ explain_pairs([
            ('p_alive', explain_number('p_alive', 4)),
            ('frequency', 'frequency'),
            ('recency_days', 'recency_days'),
            ('age_days', 'age_days'),
        ]) }} as input_values,
        {{ explain_pairs([
            ('high_below', var('churn_high_risk_below')),
            ('medium_below', var('churn_medium_risk_below')),
        ]) }} as cut_offs,
        {{ as_of_date() }} as as_of_date
    from churn
    where has_purchased

),

final as (

    select
        -- ids
        member_id,
        tag_code,

        -- text
        tag_value,
        rule_text,
        input_values,
        cut_offs,

        -- dates
        as_of_date

    from explanations

)

select * from final
