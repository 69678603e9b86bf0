-- Every current goods line is in line_facts joined to its case, and every current case is in case_facts once:
-- returns the lines or cases missing on either side.
SELECT 'line missing from line_facts' AS problem, l.reporting_member AS member, l.case_ref, l.line_no
FROM current_lines l
ANTI JOIN line_facts f ON f.member = l.reporting_member AND f.case_ref = l.case_ref AND f.line_no = l.line_no
UNION ALL
SELECT 'line without its case', f.member, f.case_ref, f.line_no
FROM line_facts f ANTI JOIN case_facts c USING (case_key)
UNION ALL
SELECT 'line counted twice', member, case_ref, line_no
FROM line_facts GROUP BY member, case_ref, line_no HAVING count(*) > 1
UNION ALL
SELECT 'case missing from case_facts', c.reporting_member, c.case_ref, NULL
FROM current_cases c
ANTI JOIN case_facts f ON f.member = c.reporting_member AND f.case_ref = c.case_ref
UNION ALL
SELECT 'case without lines', member, case_ref, NULL FROM case_facts WHERE lines = 0
UNION ALL
SELECT 'case counted twice', member, case_ref, NULL
FROM case_facts GROUP BY member, case_ref HAVING count(*) > 1
