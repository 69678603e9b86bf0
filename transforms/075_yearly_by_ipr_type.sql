-- yearly_by_ipr_type: cases, goods lines and articles per Member, year and IPR type. A line with two IPR
-- types counts once under each type.
-- Grain: member x year x fiscal_year x ipr_type.
SELECT
    f.member, f.wco_region, f.rilo, f.year, f.fiscal_year, t.ipr_type,
    count(DISTINCT f.case_key) AS cases,
    count(*) AS lines,
    coalesce(sum(f.articles), 0) AS articles
FROM line_ipr_types t
JOIN line_facts f USING (line_key)
GROUP BY ALL
