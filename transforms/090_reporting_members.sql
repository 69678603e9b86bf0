-- reporting_members: which Members reported which months (at least one current case seized that month),
-- with their cases and lines. A Member absent in a month did not report: missing, not zero.
-- Used to compare periods over the same Members. Grain: member x year_month.
SELECT
    member, wco_region, rilo, year, month, year_month, fiscal_year,
    sum(cases)::BIGINT AS cases,
    sum(lines)::BIGINT AS lines
FROM case_rollup
GROUP BY ALL
