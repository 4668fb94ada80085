"""A theme (templates, static files, interface text), and the Jinja2
environment that renders its templates. StrictUndefined turns a misspelt
variable into an error naming the template and line."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

import jinja2

from ..content.files import read_utf8
from ..content.frontmatter import load_yaml_mapping
from ..errors import BuilderError, ThemeError

TEMPLATES = ("home.html", "article.html", "about.html", "entity.html", "entity_mentions.html", "entities.html",
             "entity_type.html", "archive.html", "publishers.html", "listing.html", "timeline.html", "connections.html", "map.html", "search.html", "404.html")


@dataclass(frozen=True)
class Theme:
    """A theme folder: templates/, static/ and i18n/<language>.yaml; with
    `overrides`, the archive's own templates/ and static/ folders, whose
    files replace the theme's of the same name (change the footer without
    copying the theme)."""

    root: Path
    overrides: Path | None = None

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def template_folders(self) -> list[Path]:
        """Where templates are looked for, first match wins."""
        own = [self.overrides / "templates"] if self.overrides is not None else []
        return [folder for folder in own if folder.is_dir()] + [self.templates]

    def static_files(self) -> dict[str, Path]:
        """Each static file's path under static/ -> the file (the archive's own first)."""
        found: dict[str, Path] = {}
        folders = [self.static] + ([self.overrides / "static"] if self.overrides is not None else [])
        for folder in folders:
            if folder.is_dir():
                found.update({path.relative_to(folder).as_posix(): path
                              for path in folder.rglob("*") if path.is_file()})
        return dict(sorted(found.items()))

    def labels(self, language: str) -> dict[str, str | dict[str, str]]:
        """Interface text by key: a text, or for a text with a count its
        forms {one: ..., other: ...} (contexts.plural picks one)."""
        path = self.root / "i18n" / f"{language}.yaml"
        if not path.exists():
            raise ThemeError(path, None, f"no interface text for language '{language}' in this theme; "
                             f"add {path.name} or choose another language in site.yaml")
        values, lines = load_yaml_mapping(read_utf8(path, ThemeError), path)
        labels: dict[str, str | dict[str, str]] = {}
        for key, value in values.items():
            if isinstance(value, dict):
                forms = {str(form): str(text) for form, text in value.items()}
                if set(forms) - {"one", "other"} or "other" not in forms:
                    raise ThemeError(path, lines.get(str(key)), f"{key}: the forms of a text with a count are "
                                     "'one' (a count of 1) and 'other' (any other count); 'other' is required")
                labels[str(key)] = forms
            else:
                labels[str(key)] = str(value)
        return labels


def builtin_themes() -> Path:
    """The folder of the themes that come with the builder (package data:
    the repository's themes/, shipped in the package as builder.themes)."""
    return Path(str(resources.files("builder.themes")))


def npm_file(package: str, name: str) -> Path:
    """A file the builder takes from an npm package (package-lock.json pins
    it): an installed builder carries it in the package (setup.py puts it
    there); a checkout finds it in node_modules/."""
    installed = Path(str(resources.files("builder"))) / "vendor" / name
    if installed.is_file():
        return installed
    checkout = builtin_themes().parent / "node_modules" / package / name
    if not checkout.is_file():
        raise BuilderError(f"{checkout} is missing; run `npm ci --omit=dev` in {checkout.parents[2]} (`make site` "
                           "does it), or install the builder from a wheel, which carries it")
    return checkout


def lunr_js() -> Path:
    """lunr.js for the browser, copied into site/."""
    return npm_file("lunr", "lunr.min.js")


def find_theme(name: str, search: list[Path], overrides: Path | None = None) -> Theme:
    for folder in search:
        if (folder / name / "templates").is_dir():
            return Theme(folder / name, overrides)
    places = ", ".join(str(f) for f in search)
    raise ThemeError(f"theme '{name}'", None, f"not found in {places}; check `theme:` in site.yaml")


_AS_WRITTEN = re.compile(r"<(pre|textarea)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"^[ \t]+", re.M)


def unindented(source: str) -> str:
    """A template without the indentation of its lines, but inside <pre>
    and <textarea>: it is there for whoever edits the template, and took 5
    MB of a 10,000-article site. What pages show comes from variables, and
    keeps its own."""
    parts, at = [], 0
    for kept in _AS_WRITTEN.finditer(source):
        parts += [_INDENT.sub("", source[at:kept.start()]), kept.group(0)]
        at = kept.end()
    return "".join([*parts, _INDENT.sub("", source[at:])])


class _UnindentedLoader(jinja2.FileSystemLoader):
    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        return unindented(source), filename, uptodate


class Renderer:
    """Compiles the theme's templates once and renders contexts to HTML.
    With a `compiled` folder, the compiled code is kept there for the next
    build (compiling takes 0.1 s per process, and a warm build is short)."""

    def __init__(self, theme: Theme, compiled: Path | None = None):
        self.theme = theme
        self.env = jinja2.Environment(
            loader=_UnindentedLoader([str(folder) for folder in theme.template_folders]),
            bytecode_cache=_CompiledTemplates(str(compiled)) if compiled is not None and compiled.is_dir() else None,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._templates = {name: self._load(name) for name in TEMPLATES}

    def _load(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound as err:
            missing = err.name or name
            raise ThemeError(self.theme.templates / missing, None,
                             "template missing; restore it from the builder's themes/default/templates") from None
        except jinja2.TemplateSyntaxError as err:
            raise ThemeError(err.filename or name, err.lineno, f"template error: {err.message}") from None

    def render(self, name: str, context: object) -> str:
        values = {f.name: getattr(context, f.name) for f in fields(context)}  # type: ignore[arg-type]
        try:
            return self._templates[name].render(values)
        except jinja2.TemplateError as err:
            where, line = _template_location(err, self.theme.template_folders, name)
            raise ThemeError(where, line, f"template error: {err}") from None


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja keys compiled code on the template's name and source; the
    folder must be one per builder (the code depends on the Environment's
    options too). A folder that cannot be written only makes builds slower."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_location(err: Exception, folders: list[Path], name: str) -> tuple[Path, int | None]:
    """The template file and line where rendering failed, from the traceback
    (Jinja rewrites template frames to carry the template's own lines)."""
    where, line = folders[-1] / name, None
    tb = err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") and any(Path(filename).resolve().is_relative_to(folder.resolve())
                                              for folder in folders):
            where, line = Path(filename), tb.tb_lineno
        tb = tb.tb_next
    return where, line
