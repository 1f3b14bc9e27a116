"""Writing proposals: the JSON Schema, the scaffold of a new file, and its prompts."""
