#!/usr/bin/env python3
# run from the study directory (run.sh does): reads results/ and out/base/<month>/data and teacher/
"""Reads results/<cand>/<month>/ and prints per-candidate tables: stability, validation and test macro-F1."""
import json, os, sys, glob, statistics as st
import ast, array
def load_labels(path):
    with open(path,'rb') as f:
        f.read(8); hl = int.from_bytes(f.read(2),'little'); h = ast.literal_eval(f.read(hl).decode())
        code = {'<i8':'q','<i4':'i','|i1':'b','<f4':'f'}[h['descr']]; a = array.array(code); a.frombytes(f.read()); return list(a)
def bincount(xs):
    c=[0,0,0]
    for x in xs: c[int(x)]+=1
    n=len(xs); return [v/n for v in c]
MONTHS = "2022-01 2022-04 2022-07 2022-10 2023-01 2023-04 2023-07 2023-10 2024-01".split()
show_test = '--test' in sys.argv
def stable(c):
    e = c['epochs']; first, last = e[0]['trainLoss'], e[-1]['trainLoss']
    return first <= 3 * last and c['bestEpoch'] > 1, first / last, c['bestEpoch'], len(e)
def stratified(month):
    d = f'out/base/{month}/data'
    q = bincount(load_labels(f'{d}/train.labels.npy')); p = bincount(load_labels(f'{d}/test.labels.npy'))
    return sum(2 * p[c] * q[c] / (p[c] + q[c]) for c in range(3)) / 3, 1 / 3
for cand in sorted(os.listdir('results')):
    if not os.path.isdir(f'results/{cand}'): continue
    rows = []
    for m in MONTHS:
        f = f'results/{cand}/{m}/summary.json'
        if not os.path.exists(f): continue
        s = json.load(open(f))
        bs = stable(json.load(open(f'results/{cand}/{m}/baseline.curves.json')))
        ds = stable(json.load(open(f'results/{cand}/{m}/distilled.curves.json')))
        rows.append((m, s, bs, ds))
    if not rows: continue
    print(f'## {cand}  ({len(rows)} months)')
    hdr = '| month | stable (base/dist) | loss ratio first/last | best epoch | val F1 base | val F1 dist |'
    if show_test: hdr += ' teacher test F1 | test F1 base | test F1 dist | gain | retention dist |'
    print(hdr)
    for m, s, bs, ds in rows:
        line = f"| {m} | {'Y' if bs[0] else 'n'}/{'Y' if ds[0] else 'n'} | {bs[1]:.1f}/{ds[1]:.1f} | {bs[2]}/{ds[2]} of {bs[3]}/{ds[3]} | {s['baseline']['validation']['macroF1']:.3f} | {s['distilled']['validation']['macroF1']:.3f} |"
        if show_test:
            line += f" {s['teacher']['macroF1']:.3f} | {s['baseline']['test']['macroF1']:.3f} | {s['distilled']['test']['macroF1']:.3f} | {s['distillationGain']['macroF1']:+.3f} | {s['retention']['distilled']['macroF1']:.3f} |"
        print(line)
    n_stable = sum(1 for _, _, b, d in rows if b[0] and d[0])
    print(f"stable months: {n_stable}/{len(rows)}; mean val F1 distilled {st.mean(r[1]['distilled']['validation']['macroF1'] for r in rows):.4f}, baseline {st.mean(r[1]['baseline']['validation']['macroF1'] for r in rows):.4f}")
    if show_test:
        print(f"mean test gain {st.mean(r[1]['distillationGain']['macroF1'] for r in rows):+.4f}; months distilled >= baseline: {sum(1 for r in rows if r[1]['distillationGain']['macroF1'] >= 0)}/{len(rows)}; mean retention {st.mean(r[1]['retention']['distilled']['macroF1'] for r in rows):.3f}")
    print()

if show_test:
    print('## Teachers against the baselines (test split)')
    print('| month | teacher macro-F1 | majority macro-F1 | stratified macro-F1 | teacher balanced acc | majority / stratified balanced acc | beats both on both |')
    print('|---|---|---|---|---|---|---|')
    for m in MONTHS:
        f = f'out/base/{m}/teacher/model/metrics.json'
        if not os.path.exists(f): continue
        t = json.load(open(f))['test']; maj = t['majorityBaseline']; sf1, sba = stratified(m)
        ok = t['macroF1'] > max(maj['macroF1'], sf1) and t['balancedAccuracy'] > max(maj['balancedAccuracy'], sba)
        print(f"| {m} | {t['macroF1']:.3f} | {maj['macroF1']:.3f} | {sf1:.3f} | {t['balancedAccuracy']:.3f} | {maj['balancedAccuracy']:.3f} / {sba:.3f} | {'yes' if ok else 'NO'} |")
