"""search/: the index lunr.js answers queries from, made at build time and
cut into small files that a query fetches only as it needs them."""
