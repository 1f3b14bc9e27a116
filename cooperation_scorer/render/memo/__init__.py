"""The memo: the data its template receives, and the sandboxed template that renders it."""
