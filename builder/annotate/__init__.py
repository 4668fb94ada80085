"""annotate/: what the articles say about the registry's entities: where
each is named, who is quoted, the marks in the rendered text, the links
between articles and entities, and the names the registry lacks."""
