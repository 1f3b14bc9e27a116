"""Rich terminal output, returned as text: one module per command's table (`score`, `rank`,
`compare`, `rubric`, `sensitivity`), and what they share in `common`. Each is imported on its
own, so a command pays only for its table."""
