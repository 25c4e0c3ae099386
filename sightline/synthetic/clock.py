"""Timing the phases of building synthetic data, for the figures the commands print."""

from __future__ import annotations

import time


class Clock:
    def __init__(self, timings: dict):
        self.timings, self.start = timings, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self.start
        self.start = now
