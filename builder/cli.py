"""Command line: argument parsing, and turning BuilderError into a message
and an exit code. No work is done here beyond calling the pipeline."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import BuilderError, BuildFailed

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


EXIT_CODES = """exit status:
  0    done
  1    failed: the messages above name each file (and line) and what to do;
       nothing half-written is left (a failed build keeps the previous site)
  2    the command line itself is wrong (unknown option, missing value)
  130  interrupted (Ctrl+C)"""


def _parser() -> argparse.ArgumentParser:
    called = Path(sys.argv[0]).name
    parser = argparse.ArgumentParser(
        prog=called if called.startswith("news-archive") else "python -m builder",
        description="Turn raw news articles into an annotated, searchable static website.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"news-archive {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser(
        "init", help="start a new archive in a new folder",
        description="Write a new, empty archive into DIR: site.yaml, content/ (an entity registry with an "
                    "example of each type, abbreviations, the about page), seeds/, a Makefile, .gitignore, "
                    "the GitHub Pages workflow and a README. Then, in DIR: put articles in seeds/ and run "
                    "`news-archive ingest && news-archive build`.")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new archive's folder (created if needed)")
    init.add_argument("--language", choices=("id", "en"), default="en",
                      help="the site's interface language (default: en)")
    init.add_argument("--force", action="store_true",
                      help="write into a folder that has files: add the starter files it lacks, change none")
    _add_verbosity(init)

    ingest = commands.add_parser(
        "ingest", help="import new raw articles from seeds/ into content/articles/",
        description="Import each seed not yet imported into content/articles/<slug>.md for review. "
                    "Existing articles are never overwritten unless --force is given.")
    ingest.add_argument("--seeds", type=Path, default=Path("seeds"), metavar="DIR",
                        help="raw articles: copied text (.txt), saved pages (.html), web archives (.warc, .warc.gz) "
                             "(default: seeds)")
    ingest.add_argument("--content", type=Path, default=Path("content"), metavar="DIR", help="curated archive (default: content)")
    ingest.add_argument("--force", nargs="*", type=Path, metavar="SEED",
                        help="import these seeds again over their articles, showing the changes first; your title, "
                             "date, entities corrections and footnotes are kept, and the old file is kept beside "
                             "the article when it held more (with no SEED: every seed, asked first on a terminal)")
    ingest.add_argument("--dry-run", action="store_true", help="show what would be created or changed; write nothing")
    ingest.add_argument("--keep-going", action="store_true",
                        help="(the default: every seed that can be imported is, and those that cannot are listed)")
    _add_verbosity(ingest)

    build = commands.add_parser(
        "build", help="build the website from content/ into site/",
        description="Build the static site. The previous site/ stays untouched until the new one is complete.")
    _add_build_options(build)
    _add_verbosity(build)

    serve = commands.add_parser(
        "serve", help="preview on 127.0.0.1, rebuilding and reloading on changes",
        description="Build, serve the site on 127.0.0.1 and rebuild when content, site.yaml or the theme "
                    "change; open pages reload by themselves.")
    _add_build_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    _add_verbosity(serve)

    suggest = commands.add_parser(
        "suggest", help="propose registry entries for names the content uses that no entry covers",
        description="Propose entries for content/entities.yaml: names the articles use that no entity covers "
                    "(with a type guessed from the words in and around them, and the reason), and other "
                    "spellings, short forms and demonyms of entities the registry has, as aliases of them. "
                    "--format yaml prints them in the registry's own format, ready to copy.")
    suggest.add_argument("--content", type=Path, default=Path("content"), metavar="DIR", help="curated archive (default: content)")
    suggest.add_argument("--format", choices=("text", "yaml"), default="text",
                         help="text: a line per proposal (default); yaml: entries to copy into the registry")
    suggest.add_argument("--min-count", type=int, default=1, metavar="N", help="only names used at least N times")
    suggest.add_argument("--type", choices=("person", "place", "organisation", "event", "concept"),
                         help="only new names of this (guessed) type, and aliases of entries of this type")
    suggest.add_argument("--limit", type=int, default=100, help="show at most this many (default: 100)")
    _add_verbosity(suggest)
    return parser


def _add_build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), metavar="DIR", help="curated archive (default: content)")
    command.add_argument("--output", type=Path, default=Path("site"), metavar="DIR", help="where the site goes (default: site)")
    command.add_argument("--config", type=Path, default=Path("site.yaml"), metavar="FILE", help="site settings (default: site.yaml)")
    command.add_argument("--base-url", metavar="URL", help="override base_url: a full URL or a path such as /repo/")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    command.add_argument("--keep-going", action="store_true",
                         help="build everything that can be built, list the failures at the end, exit 1")
    command.add_argument("--timings", action="store_true", help="print how long each stage took")
    command.add_argument("--cache", type=Path, default=Path(".cache/news-archive"), metavar="DIR",
                         help="where to keep what speeds up later builds (default: .cache/news-archive)")


def _add_verbosity(command: argparse.ArgumentParser) -> None:
    shown = command.add_mutually_exclusive_group()
    shown.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    shown.add_argument("-v", "--verbose", action="store_true",
                       help="print debug output too (the preview server's request log among it)")


def entry() -> None:
    """The `news-archive` command and `python -m builder`: main(), and a
    reader of our output that went away (`| head`) is no traceback, as with
    any Unix tool."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_FAILED
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s")
    if args.verbose:  # our debug output, not every library's
        for name in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "watchfiles", "asyncio"):
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        if args.command == "init":
            return _init(args)
        if args.command == "ingest":
            return _ingest(args)
        if args.command == "build":
            return _build(args)
        if args.command == "suggest":
            return _suggest(args)
        if args.command == "serve":
            from .serve import serve

            serve(_build_options(args), host=args.host, port=args.port)
            return EXIT_OK
    except BuildFailed as failed:
        for error in failed.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"build failed: {failed}", file=sys.stderr)
        return EXIT_FAILED
    except BuilderError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as err:  # the disk, not the input: full, read-only, gone
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}; nothing was changed that the next run cannot finish",
              file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return EXIT_USAGE


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(message)


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _ingest(args: argparse.Namespace) -> int:
    from .ingest.command import IngestOptions, ingest

    reimport_all = args.force == []
    if reimport_all and not args.dry_run and not _confirm_reimport_all(args):
        return EXIT_FAILED
    report = ingest(IngestOptions(seeds=args.seeds, content=args.content, reimport=tuple(args.force or ()),
                                  reimport_all=reimport_all, dry_run=args.dry_run))
    for diff in report.diffs:
        print(diff)
    for kept in report.kept:
        _say(args, ("would have " if args.dry_run else "") + kept)
    for warning in report.warnings:
        _warn(warning)
    for failure in report.failures:
        print(f"error: {failure}", file=sys.stderr)
    verb = "would create" if args.dry_run else "created"
    for path in report.created:
        _say(args, f"{verb} {path}")
    for path in report.updated:
        _say(args, f"{'would update' if args.dry_run else 'updated'} {path}")
    _say(args, f"ingest: {len(report.created)} new, {len(report.updated)} re-imported, "
               f"{len(report.unchanged)} unchanged, {len(report.skipped)} already imported"
               + (f", {len(report.failures)} failed" if report.failures else ""))
    if report.failures:
        print(f"{len(report.failures)} could not be imported (listed above); nothing was written for them. Fix or "
              "remove them and run ingest again: what was imported is not imported twice", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _confirm_reimport_all(args: argparse.Namespace) -> bool:
    """`ingest --force` with no seed named would import every seed again:
    asked on a terminal, refused otherwise."""
    from .ingest.command import changed_seeds

    changed = changed_seeds(args.seeds, args.content)
    listing = "".join(f"\n  {seed}  (changed since it was imported as {article})" for seed, article in changed)
    if not sys.stdin.isatty():
        print("error: ingest --force needs the seeds to import again, e.g. `ingest --force seeds/x.txt`; it "
              "never imports every article again unasked. "
              + (f"Seeds changed since they were imported:{listing}" if changed else
                 "No seed has changed since it was imported.")
              + "\n`ingest --force --dry-run` shows what importing all of them again would change.", file=sys.stderr)
        return False
    articles = len(list((args.content / "articles").glob("*.md"))) if (args.content / "articles").is_dir() else 0
    print(f"This imports every seed again over its article ({articles} articles). Your titles and dates marked "
          "editor, entities corrections and footnotes are kept; an article that held more is kept beside it "
          f"as .orig.{listing}")
    answer = input("Import every seed again? [y/N] ").strip().lower()
    return answer in ("y", "yes", "ya")


def _init(args: argparse.Namespace) -> int:
    from .starter import init_archive

    started = init_archive(args.folder, language=args.language, force=args.force)
    for path in started.written:
        _say(args, f"created {path}")
    for path in started.kept:
        _say(args, f"kept {path} (it exists)")
    _say(args, f"new archive in {args.folder}: put articles in {args.folder / 'seeds'}/, then run "
               f"`news-archive ingest && news-archive build` there (or `make site`)")
    return EXIT_OK


def _suggest(args: argparse.Namespace) -> int:
    from .annotate.matcher import Matcher
    from .annotate.suggest import as_yaml, propose
    from .content.archive import load_archive

    archive, _, _ = load_archive(args.content)
    matcher = Matcher(archive.entities)
    found = [p for p in propose(archive.articles, matcher, archive.abbreviations) if p.count >= args.min_count
             and (args.type is None or (matcher.entities[p.alias_of].type if p.alias_of else p.type) == args.type)]
    found = found[:args.limit]
    if args.format == "yaml":
        print(as_yaml(found, matcher.entities), end="")
        return EXIT_OK
    if not found:
        _say(args, "every name in the content is covered by the registry")
        return EXIT_OK
    width = min(max(len(p.name) for p in found), 40)
    for item in found:
        what = f"alias of {item.alias_of}: {item.why}" if item.alias_of else f"{item.type} ({item.why})"
        also = f" [also: {', '.join(item.aliases)}]" if item.aliases else ""
        print(f"{item.name:<{width}}  {item.count:>4} in {len(item.articles):>3}  {what}{also}")
        print(f"{'':<{width}}  e.g. {item.example[0]}: {' '.join(item.example[1].split())[:110]}")
    _say(args, f"{len(found)} proposal(s); `--format yaml` prints them as registry entries to copy into "
               f"{args.content}/entities.yaml")
    return EXIT_OK


def _build_options(args: argparse.Namespace):
    from .build.pipeline import BuildOptions

    return BuildOptions(content=args.content, output=args.output, config=args.config,
                        base_url=args.base_url, strict=args.strict, keep_going=args.keep_going, cache=args.cache)


def _build(args: argparse.Namespace) -> int:
    from .build.pipeline import build
    from .build.progress import Progress

    report = build(_build_options(args), Progress(bar=not args.quiet and sys.stderr.isatty()))
    for warning in report.warnings:
        _warn(warning)
    for note in report.notes:
        _say(args, f"note: {note}")
    if report.awaiting_review:
        _say(args, f"note: {len(report.awaiting_review)} article(s) still list `review:` items: "
                   + ", ".join(report.awaiting_review))
    _say(args, f"built {report.output}/: {report.articles} articles, {report.pages} pages, "
               f"{report.files} files ({report.reused} unchanged) in {report.seconds:.2f} s")
    if args.timings:
        for stage, seconds, peak_mb in report.timings:
            print(f"  {stage:<22} {seconds:8.2f} s   peak RSS {peak_mb:5} MB")
    if report.failures:
        print(f"{len(report.failures)} failure(s), left out of the site:", file=sys.stderr)
        for failure in report.failures:
            print(f"error: {failure}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
