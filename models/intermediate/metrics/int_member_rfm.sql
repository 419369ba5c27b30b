{#- RFM per member, as of as_of_date() (docs/metrics.md, "RFM"). One row per member who bought at least once up to
    the as-of date:
      recency_days  days from the last purchase day to the as-of date (0 = bought that day)
      frequency     purchase days in the window (as_of - rfm_window_days, as_of]; same-day purchases count once
      monetary      net spend in the window; avg_order_value = monetary / frequency
    Scores 1-5 (var rfm_scoring):
      quantiles   the 20/40/60/80% cut-offs of the buyers in the window (exact, interpolated); a value scores 1 plus
                  the number of cut-offs it beats, so ties always share a score, and no global sort is needed
      thresholds  the bands of the seed rfm_score_thresholds, scored the same way from the band limits
    The cut-offs that decided the scores are columns (r_cut_off_2 ... m_cut_off_5: the value to beat for score 2
    ... 5), so the explanation of a score shows them.
    High/low per letter (var rfm_group_basis): 'average' compares with the mean of the buyers in the window,
    'thresholds' with var rfm_group_thresholds; "high" means at least as good as the threshold (recency: at most
    as many days). The three flags pick one of the eight groups of the seed rfm_groups (names, member level).
    Buyers with no purchase in the window (frequency 0) are kept: they score 1 on everything and fall in the
    general-recovery group. -#}

{%- set score_thresholds_relation = ref('rfm_score_thresholds') %}
{%- set scoring = var('rfm_scoring') %}
{%- set group_basis = var('rfm_group_basis') %}
{%- if scoring not in ['quantiles', 'thresholds'] %}
    {{ exceptions.raise_compiler_error("var rfm_scoring must be 'quantiles' or 'thresholds', got '" ~ scoring ~ "'") }}
{%- endif %}
{%- if group_basis not in ['average', 'thresholds'] %}
    {{ exceptions.raise_compiler_error(
        "var rfm_group_basis must be 'average' or 'thresholds', got '" ~ group_basis ~ "'"
    ) }}
{%- endif %}
{%- set group_thresholds = var('rfm_group_thresholds') %}
{%- set monetary_double = 'cast(monetary as ' ~ type_double() ~ ')' %}

with

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

{%- if scoring == 'thresholds' %}

score_thresholds as (

    select * from {{ score_thresholds_relation }}

),
{%- endif %}

rfm_groups as (

    select * from {{ ref('rfm_groups') }}

),

as_of as (

    select
        {{ as_of_date() }} as as_of_date,
        cast({{ dbt.dateadd('day', -1 * var('rfm_window_days'), as_of_date()) }} as date) as window_excluded_end

),

purchase_days_in_scope as (

    select
        purchase_days.member_id,
        purchase_days.purchase_date,
        purchase_days.net_amount,
        purchase_days.purchase_date > as_of.window_excluded_end as is_in_window,
        as_of.as_of_date
    from purchase_days
    cross join as_of
    where purchase_days.purchase_date <= as_of.as_of_date

),

members_summarised as (

    select
        member_id,
        as_of_date,
        max(purchase_date) as last_purchase_date,
        sum(case when is_in_window then 1 else 0 end) as frequency,
        cast(sum(case when is_in_window then net_amount else 0 end) as {{ type_money() }}) as monetary
    from purchase_days_in_scope
    group by member_id, as_of_date

),

members_measured as (

    select
        member_id,
        as_of_date,
        last_purchase_date,
        {{ days_between('last_purchase_date', 'as_of_date') }} as recency_days,
        frequency,
        monetary,
        cast(
            case when frequency > 0 then monetary / frequency end as {{ type_money() }}
        ) as avg_order_value,
        frequency > 0 as is_buyer_in_window
    from members_summarised

),

window_buyer_statistics as (

    -- one row: the averages and quintile cut-offs over the buyers in the window
    select
        avg(recency_days) as avg_recency_days,
        avg(frequency) as avg_frequency,
        avg(monetary) as avg_monetary,
        {%- for fraction in [0.2, 0.4, 0.6, 0.8] %}
        {{ quantile_cont('recency_days', fraction) }} as recency_days_p{{ (fraction * 100) | int }},
        {{ quantile_cont('frequency', fraction) }} as frequency_p{{ (fraction * 100) | int }},
        {#- over doubles: DuckDB interpolates a decimal and truncates (170 became 169.99); Spark gives a double #}
        {{ quantile_cont(monetary_double, fraction) }} as monetary_p{{ (fraction * 100) | int }},
        {%- endfor %}
        count(*) as window_buyer_count
    from members_measured
    where is_buyer_in_window

),

-- one row: the value R, F and M must beat to reach each score 2-5, the cut-offs the scores are decided by (also in
-- the final columns, so member_tag_explanations shows them). quantiles: the quintile cut-offs (recency must be
-- below, frequency and monetary above); thresholds: the seed bands (recency below the band's end, frequency and
-- monetary at least the band's start), which cover every value from 0 up (tested on the seed)
score_cut_offs as (

    {%- if scoring == 'quantiles' %}

    select
        recency_days_p80 as r_cut_off_2,
        recency_days_p60 as r_cut_off_3,
        recency_days_p40 as r_cut_off_4,
        recency_days_p20 as r_cut_off_5,
        frequency_p20 as f_cut_off_2,
        frequency_p40 as f_cut_off_3,
        frequency_p60 as f_cut_off_4,
        frequency_p80 as f_cut_off_5,
        monetary_p20 as m_cut_off_2,
        monetary_p40 as m_cut_off_3,
        monetary_p60 as m_cut_off_4,
        monetary_p80 as m_cut_off_5
    from window_buyer_statistics

    {%- else %}
    {%- set cut_offs = [] %}
    {%- for score in [2, 3, 4, 5] %}
    {%- for metric, letter, bound in [
        ('recency_days', 'r', 'max_value'), ('frequency', 'f', 'min_value'), ('monetary', 'm', 'min_value')] %}
    {%- do cut_offs.append((letter ~ '_cut_off_' ~ score, metric, score, bound)) %}
    {%- endfor %}
    {%- endfor %}

    select
        {%- for name, metric, score, bound in cut_offs %}
        max(case when metric = '{{ metric }}' and score = {{ score }} then {{ bound }} end) as {{ name }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from score_thresholds

    {%- endif %}

),

{%- set above = '>' if scoring == 'quantiles' else '>=' %}

members_scored as (

    -- 1 + the number of cut-offs beaten, so ties always share a score
    select
        members_measured.*,
        score_cut_offs.*,
        1
        {%- for score in [2, 3, 4, 5] %}
        + case when members_measured.recency_days < score_cut_offs.r_cut_off_{{ score }} then 1 else 0 end
        {%- endfor %} as r_score,
        1
        {%- for score in [2, 3, 4, 5] %}
        + case when members_measured.frequency {{ above }} score_cut_offs.f_cut_off_{{ score }} then 1 else 0 end
        {%- endfor %} as f_score,
        1
        {%- for score in [2, 3, 4, 5] %}
        + case when members_measured.monetary {{ above }} score_cut_offs.m_cut_off_{{ score }} then 1 else 0 end
        {%- endfor %} as m_score
    from members_measured
    cross join score_cut_offs

),

members_thresholded as (

    select
        members_scored.*,
        {%- if group_basis == 'average' %}
        window_buyer_statistics.avg_recency_days as r_threshold,
        window_buyer_statistics.avg_frequency as f_threshold,
        window_buyer_statistics.avg_monetary as m_threshold
        {%- else %}
        {{ group_thresholds['recency_days'] }} as r_threshold,
        {{ group_thresholds['frequency'] }} as f_threshold,
        {{ group_thresholds['monetary'] }} as m_threshold
        {%- endif %}
    from members_scored
    cross join window_buyer_statistics

),

members_flagged as (

    select
        *,
        coalesce(recency_days <= r_threshold, false) as is_r_high,
        coalesce(frequency >= f_threshold and is_buyer_in_window, false) as is_f_high,
        coalesce(monetary >= m_threshold and is_buyer_in_window, false) as is_m_high
    from members_thresholded

),

final as (

    select
        -- ids
        members_flagged.member_id,

        -- measures
        members_flagged.last_purchase_date,
        members_flagged.recency_days,
        members_flagged.frequency,
        members_flagged.monetary,
        members_flagged.avg_order_value,

        -- scores
        members_flagged.r_score,
        members_flagged.f_score,
        members_flagged.m_score,
        {{ dbt.concat([
            dbt.safe_cast('members_flagged.r_score', dbt.type_string()),
            dbt.safe_cast('members_flagged.f_score', dbt.type_string()),
            dbt.safe_cast('members_flagged.m_score', dbt.type_string()),
        ]) }} as rfm_score,

        -- high/low and the group
        members_flagged.is_r_high,
        members_flagged.is_f_high,
        members_flagged.is_m_high,
        {%- for letter in ['r', 'f', 'm'] %}
        {%- for score in [2, 3, 4, 5] %}
        cast(members_flagged.{{ letter }}_cut_off_{{ score }} as {{ dbt.type_numeric() }})
            as {{ letter }}_cut_off_{{ score }},
        {%- endfor %}
        {%- endfor %}
        cast(members_flagged.r_threshold as {{ dbt.type_numeric() }}) as r_threshold,
        cast(members_flagged.f_threshold as {{ dbt.type_numeric() }}) as f_threshold,
        cast(members_flagged.m_threshold as {{ dbt.type_numeric() }}) as m_threshold,
        rfm_groups.rfm_group_code,
        rfm_groups.rfm_group_en,
        rfm_groups.rfm_group_zh,
        rfm_groups.member_level,

        -- context
        members_flagged.is_buyer_in_window,
        '{{ scoring }}' as rfm_scoring,
        '{{ group_basis }}' as rfm_group_basis,
        members_flagged.as_of_date

    from members_flagged
    left join rfm_groups
        on
            members_flagged.is_r_high = rfm_groups.is_r_high
            and members_flagged.is_f_high = rfm_groups.is_f_high
            and members_flagged.is_m_high = rfm_groups.is_m_high

)

select * from final
