"""The yearly report built in process on a large partnership (docs/performance.md, "The yearly report"): drafted,
shown, frozen and written as HTML, Word and PDF, each step timed with its SQL queries, in a transaction rolled back
after each run. Run in the benchmark database's environment:
`python bench/yearly.py <partnership slug> <period such as 2025-26> [repeat]` prints JSON."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from sightline.governance.yearly.benchmarking import time_yearly_report
    from sightline.governance.yearly.periods import period_from_label

    slug, label = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    print(json.dumps(time_yearly_report(slug, period_from_label(label), repeat), indent=2))
