"""Load: files found and read within limits, parsed with positions, checked into models."""
