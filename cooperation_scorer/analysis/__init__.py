"""Analysis over assessments: improvements, revisions, sensitivity, CI thresholds (pure)."""
