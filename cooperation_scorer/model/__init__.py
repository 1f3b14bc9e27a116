"""The two things every stage shares: the rubric and the proposal, as validated models."""
