"""One small module of views per family of page kinds. A view gets the page's context and
spec (and, for the pages that list them, the backlinks) and returns its template's name
and the typed data that template presents; templates do nothing else."""
