"""content/: the curated archive as people write it. Reading and checking
its files (every problem as `path:line: what to do`), and writing the drafts
ingest makes. Nothing here knows about pages or the build."""
