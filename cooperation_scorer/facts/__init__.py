"""Facts: what a proposal establishes, declared in its fields or read from its text (pure)."""
