"""ingest/: raw articles (seeds/) -> drafts in content/articles/ for people
to review. Apart from the build: it writes human-editable files once, and
never overwrites an editor's work unasked."""
