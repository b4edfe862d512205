"""Review8: the variant specs of the pilot spec used to probe the costs' adjusted differences.
Writes /tmp/r8/NAME/study.yaml (B = 100, no sensitivity analyses, for speed) and the edited data.
Run from anywhere: python3 make_variants.py REPO_ROOT; then `phbeval analyze /tmp/r8/NAME/study.yaml`."""
import csv, os, sys
P = os.path.join(sys.argv[1] if len(sys.argv) > 1 else '.', 'datasets/phbe-pilot-2012')
base = open(P + '/study.yaml').read()
base = base.replace('file: participants.csv', 'file: DATA').replace('unit_costs: unit_costs.csv', 'unit_costs: UC')
base = base.replace('replicates: 1000', 'replicates: 100').replace('out: ../../reports/phbe-pilot-2012', 'out: OUT')
base = base.replace('  sensitivity:\n    - complete_case\n    - unweighted\n    - unadjusted\n', '')
def write(name, text, data=P + '/participants.csv', uc=P + '/unit_costs.csv'):
    os.makedirs('/tmp/r8/' + name, exist_ok=True)
    open('/tmp/r8/' + name + '/study.yaml', 'w').write(text.replace('DATA', data).replace('UC', uc).replace('OUT', '/tmp/r8/' + name + '/out'))
write('base', base)
write('nobudget', base.replace("  budget: budget_value                # the budget's annual value, a direct cost (controls: none, £0)\n", ''))
write('nocov', base.replace('  cost_covariates: ascot_0 + age + sex + C(condition)\n', ''))
write('cc', base.replace('method: mi ', 'method: complete_case '))
write('noboot', base.replace("  bootstrap:\n    replicates: 100\n    seed: 2012                        # intervals: t on von Hippel & Bartlett's df (bootstrap-then-impute)\n", ''))
rows = list(csv.DictReader(open(P + '/participants.csv'))); fields = list(rows[0].keys())
def wcsv(path, rs):
    with open(path, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator='\n'); w.writeheader(); w.writerows(rs)
wcsv('/tmp/r8/complete.csv', [r for r in rows if r['ascot_12'] != '' or r['died'] == '1'])   # survivors all observed
write('complete', base, data='/tmp/r8/complete.csv')
wcsv('/tmp/r8/allmissing.csv', [dict(r, outpatient_visits='') for r in rows])                   # a service-use column entirely missing
write('allmissing', base, data='/tmp/r8/allmissing.csv')
part = [dict(r) for r in rows]; k = 0                                                            # gp missing on 60 more respondents
for r in part:
    if r['ascot_12'] != '' and k < 60 and int(r['id'][1:]) % 7 == 0: r['gp_contacts'] = ''; k += 1
wcsv('/tmp/r8/partial.csv', part)
write('partial', base, data='/tmp/r8/partial.csv')
write('partial_cc', base.replace('method: mi ', 'method: complete_case '), data='/tmp/r8/partial.csv')
open('/tmp/r8/uc_space.csv', 'w').write(open(P + '/unit_costs.csv').read().replace(',social_care\n', ',social care\n'))  # a category needing backticks
write('space', base, uc='/tmp/r8/uc_space.csv')
