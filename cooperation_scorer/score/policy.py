"""Which waivers a run honours: chosen at the edge (the day, the configuration), applied by
the scorer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WaiverPolicy:
    """Which waivers apply: none expired before `today` (when given), and only on the gates
    in `waivable` (when given; None lets every gate be waived)."""

    today: date | None = None
    waivable: frozenset[str] | None = None
