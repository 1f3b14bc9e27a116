"""Score: a proposal's facts against the rubric, gated, explained and ranked (pure)."""
