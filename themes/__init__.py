"""The themes that come with the builder. This folder is shipped inside the
package as `builder.themes` (see pyproject.toml): templates, static files
and interface text are read from there with importlib.resources."""
