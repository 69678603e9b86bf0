-- yearly_by_ipr_type: cases, goods lines and articles per Member, year and IPR type. A line with two IPR
-- types counts once under each type.
-- Grain: member x year x fiscal_year x ipr_type.
WITH line_totals AS (
    SELECT
        r.member, r.wco_region, r.rilo, r.year, r.fiscal_year, t.ipr_type,
        sum(r.lines)::BIGINT AS lines,
        coalesce(sum(r.articles), 0) AS articles
    FROM line_rollup r
    JOIN ipr_type_lists t USING (ipr_types)
    GROUP BY ALL
), case_counts AS (
    SELECT r.member, r.year, r.fiscal_year, t.ipr_type, sum(r.cases)::BIGINT AS cases
    FROM case_rollup r
    JOIN (SELECT DISTINCT ipr_type, bit FROM ipr_type_lists) t ON (r.ipr_type_mask >> t.bit) & 1 = 1
    GROUP BY ALL
)
SELECT l.member, l.wco_region, l.rilo, l.year, l.fiscal_year, l.ipr_type, c.cases, l.lines, l.articles
FROM line_totals l
JOIN case_counts c USING (member, year, fiscal_year, ipr_type)
