"""Expected official result CSVs for OfficialResultCsvReferenceTests.

Reads ../shared/fixtures/metric/cases.json, decides each clip as score > the section's median score, and writes
<case>.csv with the computations of the DCASE 2023/2024 Task 2 baseline's result file (roc_auc_score with and
without max_fpr=0.1, confusion_matrix per domain over that domain's clips, numpy.mean / scipy.stats.hmean of
max(v, eps) along axis 0) and the evaluator's official score (hmean over every AUC (source), AUC (target) and pAUC),
through csv.writer(lineterminator='\\n').

Generated with Python 3.11, numpy 1.24.2, scipy 1.10.1, scikit-learn 1.2.1 (Debian 12 packages python3-numpy,
python3-scipy, python3-sklearn):  python3 official_result.py PATH/TO/cases.json
"""
import csv
import io
import json
import sys

import numpy as np
import scipy.stats
from sklearn import metrics

CASES = ["dcase-shaped-continuous", "heavy-ties-one-decimal", "unbalanced-domains"]
HEADER = ["section", "AUC (source)", "AUC (target)", "pAUC", "pAUC (source)", "pAUC (target)", "precision (source)",
          "precision (target)", "recall (source)", "recall (target)", "F1 score (source)", "F1 score (target)"]
EPS = sys.float_info.epsilon


def section_row(s):
    y, dom, sc = np.array(s["label"]), np.array(s["domain"]), np.array(s["score"])
    dec = (sc > np.median(sc)).astype(int)
    r = {}
    for name, idx in (("s", 0), ("t", 1)):
        sel_auc, sel = (dom == idx) | (y == 1), dom == idx
        r["auc_" + name] = metrics.roc_auc_score(y[sel_auc], sc[sel_auc])
        r["pauc_" + name] = metrics.roc_auc_score(y[sel], sc[sel], max_fpr=0.1)
        tn, fp, fn, tp = metrics.confusion_matrix(y[sel], dec[sel]).ravel()
        p, rec = tp / np.maximum(tp + fp, EPS), tp / np.maximum(tp + fn, EPS)
        r["p_" + name], r["r_" + name], r["f_" + name] = p, rec, 2.0 * p * rec / np.maximum(p + rec, EPS)
    pauc = metrics.roc_auc_score(y, sc, max_fpr=0.1)
    return [r["auc_s"], r["auc_t"], pauc, r["pauc_s"], r["pauc_t"], r["p_s"], r["p_t"], r["r_s"], r["r_t"], r["f_s"], r["f_t"]]


def means(w, rows, suffix):
    a = np.array(rows, dtype=float)
    w.writerow(["arithmetic mean" + suffix] + list(np.mean(a, axis=0)))
    w.writerow(["harmonic mean" + suffix] + list(scipy.stats.hmean(np.maximum(a, EPS), axis=0)))


def main(path):
    for case in json.load(open(path))["cases"]:
        if case["name"] not in CASES:
            continue
        sections = sorted(case["sections"], key=lambda s: (s["machine"], s["section"]))
        rows = {(s["machine"], s["section"]): section_row(s) for s in sections}
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        for machine in sorted({s["machine"] for s in sections}):
            w.writerow([machine])
            w.writerow(HEADER)
            mine = [rows[k] for k in sorted(rows) if k[0] == machine]
            for (m, sec), row in sorted(rows.items()):
                if m == machine:
                    w.writerow([sec] + row)
            means(w, mine, "")
            w.writerow([])
        means(w, [rows[k] for k in sorted(rows)], " over all machine types and sections")
        w.writerow([])
        cells = [rows[k][0] for k in sorted(rows)] + [rows[k][1] for k in sorted(rows)] + [rows[k][2] for k in sorted(rows)]
        w.writerow(["official score", str(scipy.stats.hmean(np.maximum(np.array(cells, dtype=float), EPS), axis=None))])
        with open(case["name"] + ".csv", "w", newline="") as f:
            f.write(out.getvalue())


if __name__ == "__main__":
    main(sys.argv[1])
