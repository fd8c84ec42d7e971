"""Issue 3's measured bars on the public evaluation data, so that a change that slides below
one fails here and not only in a closing note. The data lives in `../shared/data/` beside the
project; without it these are skipped, saying so. Floors are the bar where it is met, else the
measured figure less a small margin (docs/detection.md has the figures)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SCRIPT = ROOT / "scripts" / "evaluate.py"

BARS = [
    # (what, arguments, figure in the JSON, floor)
    ("WNUT-17 dev person names (bar 0.45, measured 0.459)",
     ["names", "--conll", str(DATA / "wnut17" / "emerging.dev.conll")], "f1", 0.45),
    ("TweetEval val offensive language (bar 0.78 not met; measured 0.750)",
     ["offensive", "--text", str(DATA / "tweeteval-offensive" / "val_text.txt"),
      "--labels", str(DATA / "tweeteval-offensive" / "val_labels.txt")], "macro_f1", 0.74),
]


@pytest.mark.parametrize("what, args, key, floor", BARS, ids=[b[0].split(" (")[0] for b in BARS])
def test_measured_figure_holds(what, args, key, floor):
    files = [Path(a) for a in args if a.startswith(str(DATA))]
    if not all(f.exists() for f in files):
        pytest.skip(f"{files[0].parent} is not beside the project")
    out = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    figure = json.loads(out.stdout.strip().splitlines()[-1])[key]
    assert figure >= floor, f"{what}: {figure:.4f} is below {floor}"


# The eighth to twentieth blind batches stay out of cases.jsonl. Each was measured once at first
# sight (docs/detection.md) and worked on since; from this stop on the reader learns from them too
# (`DEVELOPMENT` in scripts/train_reader.py), so the floors below guard against regressions and
# are no fair measure any more. Batches 21-28, further down, hold their first-sight figures; the
# reader learnt 21-26 after they were measured.
# Floors: the measured figure less a draft or so.
HELD_OUT = [
    # (file, drafts entirely right at least (measured), {rule: F1 floor (measured)})
    ("blind-2026-12-01h.jsonl", 62, {"negative-remark": 0.72, "student-conversation": 0.90, "school-business": 0.62,
                                     "student-personal-info": 0.88}),  # 64; 0.769, 0.947, 0.667, 1.000
    ("blind-2026-12-01i.jsonl", 69, {"negative-remark": 0.88, "student-conversation": 0.84, "school-business": 0.85,
                                     "student-personal-info": 0.80}),  # 71; 0.941, 0.889, 0.933, 0.909
    ("blind-2026-12-01j.jsonl", 68, {"negative-remark": 0.88, "student-conversation": 0.82, "school-business": 0.78,
                                     "student-personal-info": 0.80}),  # 70; 0.941, 0.889, 0.857, 0.842
    # Written on 2026-12-02 by four writers who saw no detector, and measured once, after the
    # day's changes to that point (320 drafts; docs/detection.md); a development set since.
    # Floors: the measured figure with one more mistake on the batch.
    ("blind-2026-12-02k.jsonl", 71, {"negative-remark": 0.84, "student-conversation": 0.85, "school-business": 0.94,
                                     "student-personal-info": 0.80, "get-permission": 0.94}),
    # 72; 0.941, 0.900, 1.000, 0.889, 1.000
    ("blind-2026-12-02l.jsonl", 63, {"negative-remark": 0.90, "student-conversation": 0.84, "school-business": 0.75,
                                     "student-personal-info": 0.83, "get-permission": 0.80}),
    # 64; 1.000, 0.900, 0.818, 0.909, 0.857
    ("blind-2026-12-02m.jsonl", 61, {"negative-remark": 0.66, "student-conversation": 0.78, "school-business": 0.82,
                                     "student-personal-info": 0.88, "get-permission": 0.87}),
    # 62; 0.750, 0.857, 0.889, 1.000, 0.933
    ("blind-2026-12-02n.jsonl", 72, {"negative-remark": 0.80, "student-conversation": 0.94, "school-business": 0.94,
                                     "student-personal-info": 0.90, "get-permission": 0.82}),
    # 73; 0.875, 1.000, 1.000, 1.000, 0.889
    # Measured once, after batches 11-14's misses were worked on; a development set since.
    ("blind-2026-12-02o.jsonl", 65, {"negative-remark": 0.82, "student-conversation": 0.87, "school-business": 0.94,
                                     "student-personal-info": 0.90, "get-permission": 0.74, "student-name": 0.82}),
    # 66; 0.889, 0.941, 1.000, 1.000, 0.800, 0.857
    ("blind-2026-12-02p.jsonl", 63, {"negative-remark": 0.82, "student-conversation": 0.84, "school-business": 0.94,
                                     "student-personal-info": 0.66, "get-permission": 0.88, "student-name": 0.84}),
    # 64; 0.889, 0.909, 1.000, 0.727, 0.941, 0.872
    # Measured once after batches 15-16's misses were worked on; a development set since.
    ("blind-2026-12-02q.jsonl", 62, {"negative-remark": 0.66, "student-conversation": 0.94, "school-business": 0.78,
                                     "student-personal-info": 0.75, "get-permission": 0.78, "student-name": 0.84}),
    # 63; 0.750, 1.000, 0.857, 0.857, 0.842, 0.878
    ("blind-2026-12-02r.jsonl", 65, {"negative-remark": 0.78, "student-conversation": 0.94, "school-business": 0.76,
                                     "student-personal-info": 0.90, "get-permission": 0.88, "student-name": 0.91}),
    # 66; 0.857, 1.000, 0.833, 0.952, 0.941, 0.944
    # Measured once, after batch 18's two vested-interest misses were worked on (the day's last change).
    ("blind-2026-12-02s.jsonl", 66, {"negative-remark": 0.84, "student-conversation": 0.87, "school-business": 0.94,
                                     "student-personal-info": 0.90, "get-permission": 0.80, "student-name": 0.86}),
    # 67; 0.917, 0.933, 1.000, 1.000, 0.857, 0.917
    ("blind-2026-12-02t.jsonl", 64, {"negative-remark": 0.82, "student-conversation": 0.94, "school-business": 0.76,
                                     "student-personal-info": 0.75, "get-permission": 0.80, "student-name": 0.86}),
    # 65; 0.889, 1.000, 0.833, 0.857, 0.857, 0.917
    # Written at the second stop of 2026-12-02 by writers who saw no detector, after stop 11's
    # code. Batches 21-23 were measured once, after that stop's first three changes (names,
    # vested interest, the reader learning from batches 8-20), and worked on since; batches 24-26
    # once, after everything else (docs/detection.md). Comments: drafts right, then F1 of
    # negative-remark, student-conversation, school-business, student-personal-info,
    # get-permission, student-name, unprofessional-language, vested-interest.
    ("blind-2026-12-02u.jsonl", 71, {"negative-remark": 0.75, "student-conversation": 0.9, "school-business": 0.87,
                                     "student-personal-info": 0.75, "get-permission": 0.9, "student-name": 0.94,
                                     "unprofessional-language": 0.9, "vested-interest": 0.8}),
    # 72; 0.800, 0.952, 0.933, 0.857, 0.947, 0.970, 1.000, 1.000
    ("blind-2026-12-02v.jsonl", 66, {"negative-remark": 0.83, "student-conversation": 0.88, "school-business": 0.93,
                                     "student-personal-info": 0.85, "get-permission": 0.76, "student-name": 0.86,
                                     "unprofessional-language": 0.9, "vested-interest": 0.75}),
    # 67; 0.909, 0.941, 1.000, 1.000, 0.833, 0.909, 0.947, 0.800
    ("blind-2026-12-02w.jsonl", 72, {"negative-remark": 0.82, "student-conversation": 0.8, "school-business": 0.94,
                                     "student-personal-info": 0.8, "get-permission": 0.95, "student-name": 0.95,
                                     "unprofessional-language": 0.87, "vested-interest": 0.66}),
    # 73; 0.875, 0.842, 1.000, 0.889, 1.000, 1.000, 0.933, 1.000
    ("blind-2026-12-02x.jsonl", 68, {"negative-remark": 0.77, "student-conversation": 0.94, "school-business": 0.84,
                                     "student-personal-info": 0.8, "get-permission": 0.85, "student-name": 0.91,
                                     "unprofessional-language": 0.9, "vested-interest": 0.66}),
    # 69; 0.824, 1.000, 0.889, 0.889, 0.900, 0.957, 1.000, 0.800
    ("blind-2026-12-02y.jsonl", 69, {"negative-remark": 0.53, "student-conversation": 0.94, "school-business": 0.93,
                                     "student-personal-info": 0.9, "get-permission": 0.85, "student-name": 0.94,
                                     "unprofessional-language": 0.9, "vested-interest": 0.5}),
    # 70; 0.571, 1.000, 1.000, 0.947, 0.923, 0.970, 1.000, 0.667
    ("blind-2026-12-02z.jsonl", 73, {"negative-remark": 0.9, "student-conversation": 0.94, "school-business": 0.94,
                                     "student-personal-info": 0.8, "get-permission": 0.94, "student-name": 0.9,
                                     "unprofessional-language": 0.85, "vested-interest": 0.8}),
    # 74; 0.947, 1.000, 1.000, 0.857, 1.000, 0.938, 0.923, 1.000
    # Written during that stop by two more writers who saw no detector, and measured once with
    # the stop's final code (the reader retrained on batches 21-26 and the drafts more8-more10).
    ("blind-2026-12-02aa.jsonl", 66, {"negative-remark": 0.77, "student-conversation": 0.94, "school-business": 0.87,
                                      "student-personal-info": 0.72, "get-permission": 0.88, "student-name": 0.95,
                                      "unprofessional-language": 0.72, "vested-interest": 0.75}),
    # 67; 0.824, 1.000, 0.933, 0.800, 0.941, 1.000, 0.800, 0.800
    ("blind-2026-12-02ab.jsonl", 72, {"negative-remark": 0.85, "student-conversation": 0.88, "school-business": 0.95,
                                      "student-personal-info": 0.72, "get-permission": 0.95, "student-name": 0.95,
                                      "unprofessional-language": 0.85, "vested-interest": 0.8}),
    # 73; 0.900, 0.917, 1.000, 0.800, 1.000, 1.000, 0.923, 1.000
    # Written the same way while batches 27-28's misses and a second read's findings were worked
    # on, and measured once with the stop's final code.
    ("blind-2026-12-02ac.jsonl", 66, {"negative-remark": 0.84, "student-conversation": 0.88, "school-business": 0.94,
                                      "student-personal-info": 0.8, "get-permission": 0.82, "student-name": 0.9,
                                      "unprofessional-language": 0.92, "vested-interest": 0.9}),
    # 67; 0.889, 0.941, 1.000, 0.857, 0.875, 0.938, 1.000, 1.000
    ("blind-2026-12-02ad.jsonl", 69, {"negative-remark": 0.85, "student-conversation": 0.9, "school-business": 0.82,
                                      "student-personal-info": 0.66, "get-permission": 0.94, "student-name": 0.96,
                                      "unprofessional-language": 0.9, "vested-interest": 0.9}),
    # 70; 0.923, 0.947, 0.875, 0.750, 1.000, 1.000, 1.000, 1.000
    # Written at the start of the third stop of 2026-12-02 by three writers who saw no detector, and
    # measured once with the previous stop's final code (4a5fd88); the floors hold the first-sight
    # figures, which the stop's first changes raised.
    ("blind-2026-12-02ae.jsonl", 69, {"negative-remark": 0.82, "student-conversation": 0.95, "school-business": 0.88,
                                      "student-personal-info": 0.9, "get-permission": 0.9, "student-name": 0.95,
                                      "unprofessional-language": 0.95, "vested-interest": 0.95}),
    # 70; 0.842, 1.000, 0.900, 0.933, 0.947, 1.000, 1.000, 1.000
    ("blind-2026-12-02af.jsonl", 70, {"negative-remark": 0.9, "student-conversation": 0.88, "school-business": 0.95,
                                      "student-personal-info": 0.9, "get-permission": 0.9, "student-name": 0.86,
                                      "unprofessional-language": 0.95, "vested-interest": 0.95}),
    # 71; 0.947, 0.909, 1.000, 0.933, 0.947, 0.889, 1.000, 1.000
    ("blind-2026-12-02ag.jsonl", 65, {"negative-remark": 0.9, "student-conversation": 0.95, "school-business": 0.9,
                                      "student-personal-info": 0.86, "get-permission": 0.86, "student-name": 0.74,
                                      "unprofessional-language": 0.95, "vested-interest": 0.64}),
    # 66; 0.947, 1.000, 0.947, 0.889, 0.889, 0.762, 1.000, 0.667
    # Written the same way while batches 31-33's misses were worked on, and measured once with that
    # stop's code of the moment (aa38ded).
    ("blind-2026-12-02ah.jsonl", 64, {"negative-remark": 0.95, "student-conversation": 0.85, "school-business": 0.9,
                                      "student-personal-info": 0.72, "get-permission": 0.82, "student-name": 0.84,
                                      "unprofessional-language": 0.76, "vested-interest": 0.88}),
    # 65; 1.000, 0.875, 0.933, 0.750, 0.857, 0.867, 0.800, 0.909
    ("blind-2026-12-02ai.jsonl", 69, {"negative-remark": 0.9, "student-conversation": 0.95, "school-business": 0.95,
                                      "student-personal-info": 0.64, "get-permission": 0.92, "student-name": 0.88,
                                      "unprofessional-language": 0.9, "vested-interest": 0.95}),
    # 70; 0.933, 1.000, 1.000, 0.667, 0.952, 0.900, 0.923, 1.000
    ("blind-2026-12-02aj.jsonl", 70, {"negative-remark": 0.92, "student-conversation": 0.95, "school-business": 0.95,
                                      "student-personal-info": 0.82, "get-permission": 0.8, "student-name": 0.95,
                                      "unprofessional-language": 0.9, "vested-interest": 0.82}),
    # 71; 0.947, 1.000, 1.000, 0.857, 0.833, 1.000, 0.923, 0.857
    # Written at the third stop of 2026-12-02 by six more writers who saw no detector, and measured
    # once with that stop's final code (d7aa7e1): 415 of 480 right (the previous stop's code: 409).
    ("blind-2026-12-02ak.jsonl", 69, {"negative-remark": 0.83, "student-conversation": 0.92, "school-business": 0.98,
                                      "student-personal-info": 0.98, "get-permission": 0.88, "student-name": 0.89,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 70; 0.857, 0.947, 1.000, 1.000, 0.900, 0.919, 1.000, 1.000
    ("blind-2026-12-02al.jsonl", 68, {"negative-remark": 0.88, "student-conversation": 0.9, "school-business": 0.92,
                                      "student-personal-info": 0.81, "get-permission": 0.92, "student-name": 0.94,
                                      "unprofessional-language": 0.98, "vested-interest": 0.73}),
    # 69; 0.909, 0.929, 0.947, 0.833, 0.941, 0.963, 1.000, 0.750
    ("blind-2026-12-02am.jsonl", 63, {"negative-remark": 0.73, "student-conversation": 0.92, "school-business": 0.8,
                                      "student-personal-info": 0.81, "get-permission": 0.98, "student-name": 0.89,
                                      "unprofessional-language": 0.9, "vested-interest": 0.98}),
    # 64; 0.750, 0.941, 0.824, 0.833, 1.000, 0.914, 0.923, 1.000
    ("blind-2026-12-02an.jsonl", 71, {"negative-remark": 0.88, "student-conversation": 0.92, "school-business": 0.91,
                                      "student-personal-info": 0.98, "get-permission": 0.93, "student-name": 0.88,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 72; 0.909, 0.947, 0.933, 1.000, 0.952, 0.909, 1.000, 1.000
    ("blind-2026-12-02ao.jsonl", 71, {"negative-remark": 0.83, "student-conversation": 0.88, "school-business": 0.91,
                                      "student-personal-info": 0.91, "get-permission": 0.98, "student-name": 0.93,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 72; 0.857, 0.909, 0.933, 0.933, 1.000, 0.950, 1.000, 1.000
    ("blind-2026-12-02ap.jsonl", 67, {"negative-remark": 0.74, "student-conversation": 0.83, "school-business": 0.98,
                                      "student-personal-info": 0.73, "get-permission": 0.9, "student-name": 0.95,
                                      "unprofessional-language": 0.9, "vested-interest": 0.98}),
    # 68; 0.769, 0.857, 1.000, 0.750, 0.923, 0.971, 0.923, 1.000
    # Written at the end of the third stop of 2026-12-02 by three more writers, and measured once
    # with the stop's final code (ef67ab1): 217 of 240 right (the previous stop's code: 208).
    ("blind-2026-12-02aq.jsonl", 73, {"negative-remark": 0.98, "student-conversation": 0.98, "school-business": 0.98,
                                      "student-personal-info": 0.88, "get-permission": 0.78, "student-name": 0.98,
                                      "unprofessional-language": 0.88, "vested-interest": 0.98}),
    # 74; 1.000, 1.000, 1.000, 0.909, 0.800, 1.000, 0.909, 1.000
    ("blind-2026-12-02ar.jsonl", 72, {"negative-remark": 0.93, "student-conversation": 0.92, "school-business": 0.98,
                                      "student-personal-info": 0.86, "get-permission": 0.98, "student-name": 0.92,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 73; 0.957, 0.941, 1.000, 0.889, 1.000, 0.947, 1.000, 1.000
    ("blind-2026-12-02as.jsonl", 69, {"negative-remark": 0.91, "student-conversation": 0.94, "school-business": 0.93,
                                      "student-personal-info": 0.86, "get-permission": 0.98, "student-name": 0.98,
                                      "unprofessional-language": 0.57, "vested-interest": 0.98}),
    # 70; 0.933, 0.966, 0.952, 0.889, 1.000, 1.000, 0.600, 1.000    # Written at the fourth stop of 2026-12-02 by three writers who saw no detector, and measured
    # once with the previous stop's final code (7027b93): 194 of 240 right; worked on since.
    ("blind-2026-12-02at.jsonl", 67, {"negative-remark": 0.83, "student-conversation": 0.98, "school-business": 0.81,
                                      "student-personal-info": 0.98, "get-permission": 0.98, "student-name": 0.88,
                                      "unprofessional-language": 0.92, "vested-interest": 0.98}),
    # 68; 0.857, 1.000, 0.833, 1.000, 1.000, 0.909, 0.944, 1.000 (now 73)
    ("blind-2026-12-02au.jsonl", 57, {"negative-remark": 0.92, "student-conversation": 0.98, "school-business": 0.69,
                                      "student-personal-info": 0.81, "get-permission": 0.94, "student-name": 0.85,
                                      "unprofessional-language": 0.88, "vested-interest": 0.78}),
    # 58; 0.941, 1.000, 0.714, 0.839, 0.970, 0.873, 0.909, 0.800 (now 70)
    ("blind-2026-12-02av.jsonl", 67, {"negative-remark": 0.87, "student-conversation": 0.93, "school-business": 0.98,
                                      "student-personal-info": 0.78, "get-permission": 0.98, "student-name": 0.92,
                                      "unprofessional-language": 0.86, "vested-interest": 0.73}),
    # 68; 0.897, 0.952, 1.000, 0.800, 1.000, 0.944, 0.889, 0.750 (now 74)
    # Written the same way while batches 46-48's misses were worked on, and measured once with that
    # code (949d9dc): 204 of 240 (7027b93: 201); worked on since.
    ("blind-2026-12-02aw.jsonl", 72, {"negative-remark": 0.9, "student-conversation": 0.92, "school-business": 0.98,
                                      "student-personal-info": 0.9, "get-permission": 0.98, "student-name": 0.91,
                                      "unprofessional-language": 0.9, "vested-interest": 0.98}),
    # 73; 0.923, 0.941, 1.000, 0.923, 1.000, 0.936, 0.923, 1.000
    ("blind-2026-12-02ax.jsonl", 64, {"negative-remark": 0.6, "student-conversation": 0.98, "school-business": 0.92,
                                      "student-personal-info": 0.78, "get-permission": 0.94, "student-name": 0.96,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 65; 0.625, 1.000, 0.941, 0.800, 0.970, 0.986, 1.000, 1.000 (now 67)
    ("blind-2026-12-02ay.jsonl", 65, {"negative-remark": 0.8, "student-conversation": 0.8, "school-business": 0.98,
                                      "student-personal-info": 0.91, "get-permission": 0.95, "student-name": 0.91,
                                      "unprofessional-language": 0.91, "vested-interest": 0.98}),
    # 66; 0.824, 0.824, 1.000, 0.933, 0.974, 0.936, 0.933, 1.000
    # Written at the end of that stop by three more writers, and measured once with its final code:
    # 209 of 240 right (7027b93: 208). Not worked on.
    ("blind-2026-12-02az.jsonl", 71, {"negative-remark": 0.89, "student-conversation": 0.98, "school-business": 0.9,
                                      "student-personal-info": 0.78, "get-permission": 0.86, "student-name": 0.94,
                                      "unprofessional-language": 0.9, "vested-interest": 0.98}),
    # 72; 0.917, 1.000, 0.923, 0.800, 0.889, 0.970, 0.923, 1.000
    ("blind-2026-12-02ba.jsonl", 68, {"negative-remark": 0.74, "student-conversation": 0.93, "school-business": 0.85,
                                      "student-personal-info": 0.94, "get-permission": 0.98, "student-name": 0.96,
                                      "unprofessional-language": 0.9, "vested-interest": 0.98}),
    # 69; 0.769, 0.957, 0.875, 0.960, 1.000, 0.982, 0.923, 1.000
    ("blind-2026-12-02bb.jsonl", 67, {"negative-remark": 0.83, "student-conversation": 0.98, "school-business": 0.98,
                                      "student-personal-info": 0.92, "get-permission": 0.94, "student-name": 0.88,
                                      "unprofessional-language": 0.88, "vested-interest": 0.98}),
    # 68; 0.857, 1.000, 1.000, 0.941, 0.968, 0.906, 0.909, 1.000
    # Written at the fifth stop of 2026-12-02 by three more writers, and measured once with that
    # stop's code before any change (the fourth stop's final code, d4d7a00): 185 of 240 right. Then
    # worked on: these floors are the figures after that stop's fixes.
    ("blind-2026-12-02bc.jsonl", 71, {"negative-remark": 0.81, "student-conversation": 0.98, "school-business": 0.8,
                                      "student-personal-info": 0.98, "get-permission": 0.91, "student-name": 0.93,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 72; 0.833, 1.000, 0.824, 1.000, 0.938, 0.950, 1.000, 1.000
    ("blind-2026-12-02bd.jsonl", 62, {"negative-remark": 0.68, "student-conversation": 0.98, "school-business": 0.91,
                                      "student-personal-info": 0.75, "get-permission": 0.98, "student-name": 0.88,
                                      "unprofessional-language": 0.92, "vested-interest": 0.98}),
    # 63; 0.706, 1.000, 0.933, 0.778, 1.000, 0.909, 0.941, 1.000
    ("blind-2026-12-02be.jsonl", 66, {"negative-remark": 0.6, "student-conversation": 0.86, "school-business": 0.98,
                                      "student-personal-info": 0.86, "get-permission": 0.98, "student-name": 0.93,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 67; 0.625, 0.889, 1.000, 0.889, 1.000, 0.955, 1.000, 1.000
    # Written while batches 55-57's misses were worked on, and measured once with that stop's code
    # of the moment (90a2c9c): 194 of 240 right (d4d7a00: 189). Then worked on too.
    ("blind-2026-12-02bf.jsonl", 61, {"negative-remark": 0.75, "student-conversation": 0.92, "school-business": 0.83,
                                      "student-personal-info": 0.86, "get-permission": 0.9, "student-name": 0.9,
                                      "unprofessional-language": 0.85, "vested-interest": 0.98}),
    # 62; 0.778, 0.947, 0.857, 0.889, 0.923, 0.923, 0.875, 1.000
    ("blind-2026-12-02bg.jsonl", 67, {"negative-remark": 0.98, "student-conversation": 0.86, "school-business": 0.83,
                                      "student-personal-info": 0.75, "get-permission": 0.98, "student-name": 0.91,
                                      "unprofessional-language": 0.98, "vested-interest": 0.98}),
    # 68; 1.000, 0.889, 0.857, 0.778, 1.000, 0.939, 1.000, 1.000
    ("blind-2026-12-02bh.jsonl", 71, {"negative-remark": 0.86, "student-conversation": 0.92, "school-business": 0.98,
                                      "student-personal-info": 0.98, "get-permission": 0.98, "student-name": 0.91,
                                      "unprofessional-language": 0.92, "vested-interest": 0.91}),
    # 72; 0.889, 0.947, 1.000, 1.000, 1.000, 0.939, 0.941, 0.933
    # Written at the end of that stop by three more writers, and measured once with its final
    # detection code (c053954): 210 of 240 right (d4d7a00: 207). Not worked on.
    ("blind-2026-12-02bi.jsonl", 66, {"negative-remark": 0.69, "student-conversation": 0.98, "school-business": 0.9,
                                      "student-personal-info": 0.68, "get-permission": 0.94, "student-name": 0.98,
                                      "unprofessional-language": 0.81, "vested-interest": 0.98}),
    # 67; 0.714, 1.000, 0.923, 0.706, 0.966, 1.000, 0.833, 1.000
    ("blind-2026-12-02bj.jsonl", 70, {"negative-remark": 0.86, "student-conversation": 0.98, "school-business": 0.74,
                                      "student-personal-info": 0.81, "get-permission": 0.95, "student-name": 0.89,
                                      "unprofessional-language": 0.91, "vested-interest": 0.98}),
    # 71; 0.889, 1.000, 0.769, 0.833, 0.973, 0.919, 0.933, 1.000
    ("blind-2026-12-02bk.jsonl", 71, {"negative-remark": 0.93, "student-conversation": 0.98, "school-business": 0.91,
                                      "student-personal-info": 0.91, "get-permission": 0.94, "student-name": 0.93,
                                      "unprofessional-language": 0.91, "vested-interest": 0.9}),
    # 72; 0.957, 1.000, 0.933, 0.933, 0.966, 0.955, 0.933, 0.923
]
TEST_DATA = ROOT / "tests" / "data"


def ids(path: Path) -> set[str]:
    return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def test_the_held_out_batches_stay_out_of_the_training_cases():
    trained = ids(TEST_DATA / "cases.jsonl")
    for name, _, _ in HELD_OUT:
        held = ids(TEST_DATA / name)
        assert len(held) == 80 and not held & trained, name


@pytest.fixture(scope="module")
def measure(model):
    """`scripts/evaluate.py cases FILE --roster tests/data/roster.csv`'s figures, with one engine
    for every batch: the script loads the model and builds the rules for each run, which for
    sixty batches was most of this file's time (the script itself is tested in test_evaluate.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import evaluate
    from companion.roster.csvfile import read_students
    from companion.roster.model import Roster
    from companion.rules.build import build_engine
    from companion.rules.schema import parse

    rules = ROOT / "policy_rules.yaml"
    spec = parse(rules.read_text(encoding="utf-8"), str(rules))
    engine = build_engine(spec, model, Roster.from_students(read_students(TEST_DATA / "roster.csv")))
    rule_ids = [r.id for r in spec.rules]

    def figures(name: str):
        counts, right, _ = evaluate.score(engine, rule_ids, evaluate.read_cases(str(TEST_DATA / name), set(rule_ids)))
        return right, {r: c.f1 for r, c in counts.items()}

    return figures


@pytest.mark.parametrize("name, right, floors", HELD_OUT, ids=[h[0] for h in HELD_OUT])
def test_figures_on_drafts_nobody_tuned_on_hold(measure, name, right, floors):
    got, f1s = measure(name)
    assert got >= right, f"{got} of 80 right"
    for rule, floor in floors.items():
        assert f1s[rule] is not None and f1s[rule] >= floor, f"{rule}: F1 {f1s[rule]} on {name} is below {floor}"
