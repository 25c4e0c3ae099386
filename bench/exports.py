"""The composite report's three exports, built in process as the `build_export` task builds them (they run as
background tasks, not under the web server): each `repeat` times after a warm-up, with their SQL queries and
size. Run in the benchmark database's environment: `python bench/exports.py <cycle id> [repeat]` prints JSON."""

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
    from sightline.assessments.benchmarking import time_exports

    cycle_id, repeat = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(json.dumps(time_exports(cycle_id, repeat)))
