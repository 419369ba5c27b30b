{#- The seed rfm_score_thresholds must give every value from 0 up exactly one score, with scores in order, because
    int_member_rfm scores a value 1 + the number of band limits it reaches: per metric, the bands sorted by their
    start begin at 0, each ends where the next begins, only the last is open-ended, and the score falls band by band
    for recency (5 = most recent) and rises for frequency and monetary. Fails with each band that breaks this. -#}

with

score_bands as (

    select * from {{ ref('rfm_score_thresholds') }}

),

bands_ordered as (

    select
        metric,
        score,
        min_value,
        max_value,
        row_number() over (partition by metric order by min_value asc) as band_position,
        count(*) over (partition by metric) as band_count,
        lead(min_value) over (partition by metric order by min_value asc) as next_min_value,
        lead(score) over (partition by metric order by min_value asc) as next_score
    from score_bands

),

broken_bands as (

    select
        metric,
        score,
        min_value,
        max_value,
        case
            when band_position = 1 and min_value != 0 then 'the first band does not start at 0'
            when band_position < band_count and (max_value is null or max_value != next_min_value)
                then 'the band does not end where the next begins'
            when band_position = band_count and max_value is not null then 'the last band is not open-ended'
            when metric = 'recency_days' and next_score is not null and next_score != score - 1
                then 'recency scores do not fall by one from band to band'
            when metric != 'recency_days' and next_score is not null and next_score != score + 1
                then 'scores do not rise by one from band to band'
        end as problem
    from bands_ordered

)

select * from broken_bands
where problem is not null
