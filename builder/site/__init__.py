"""site/: the pages and files of the website, rendered from the archive and
what the other stages derived from it. Pure rendering: values in, text out."""
