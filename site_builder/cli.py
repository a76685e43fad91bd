"""`site-builder` command line: init, build, check, serve, show, figures, draft, new, docs.

Exit codes: 0 success, 1 content errors, 2 usage errors (argparse's own convention).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import BuildResult, Update

# Each command imports what it needs when it runs: `--help`, `docs`, `new` and `init` start
# without the pipeline (Jinja, Markdown, the resolver), which only `build` and `check` need.


def _print_problems(result: BuildResult, root: Path) -> None:
    for problem in sorted(result.problems, key=lambda p: (p.severity != "error", p.position)):
        print(problem.format(root), file=sys.stderr)


def _summary(update: Update, wrote: bool) -> str:
    result = update.result
    kinds = result.pages_by_kind()
    pages = sum(kinds.values())
    detail = ", ".join(f"{n} {k}" for k, n in kinds.items())
    citations = len(result.site.citations) if result.site else 0
    passages = len(result.site.anchors) if result.site else 0
    total = result.timings.get("total", sum(result.timings.values()))
    verb = "Built" if wrote else "Checked"
    return (f"{verb} {pages} pages ({detail}), {update.rendered} rendered {_start(result)}; {citations} citations "
            f"of {passages} quotes verified; {len(result.warnings)} warnings; in {total * 1000:.0f} ms")


def _start(result: BuildResult) -> str:
    """What the build started from: says whether `--no-cache` (or a fresh clone) was what ran."""
    return "on the last build's state" if result.from_state else "from nothing"


def cmd_build(args: argparse.Namespace, write: bool = True) -> int:
    root = Path(args.root).resolve()
    if not (root / "content").is_dir():
        print(f"error: {root} has no content/ folder; run from the project root or pass --root DIR", file=sys.stderr)
        return 2
    from .pipeline import BuildOptions, build

    output = Path(args.output).resolve() if getattr(args, "output", None) else None
    options = BuildOptions(root, output, getattr(args, "base_url", None), write=write)
    if getattr(args, "no_cache", False):
        update = build(options)
    else:
        from .pipeline.cache import cached_build

        update = cached_build(options)
    result = update.result
    if getattr(args, "timings_json", None):    # seconds per stage, for bench/run
        Path(args.timings_json).write_text(json.dumps(result.timings, indent=2) + "\n", encoding="utf-8")
    _print_problems(result, root)
    drafts = result.site.content.drafts() if result.site else []
    if getattr(args, "strict", False) and drafts and result.ok:
        for kind, record in drafts:     # for CI publishing: nothing unreviewed goes out
            print(f"{record.position}: error: {kind} '{record.id}' is still a draft (draft: true); "
                  "review it against the articles, then remove the mark", file=sys.stderr)
        print(f"Check failed (--strict): {len(drafts)} draft record(s) remain.", file=sys.stderr)
        return 1
    if not result.ok:
        print(f"Build failed: {len(result.errors)} error(s), {len(result.warnings)} warning(s), {_start(result)}."
              + (" output/ was left untouched." if write else ""), file=sys.stderr)
        return 1
    print(_summary(update, write) + (f"; {len(drafts)} draft record(s) to review" if drafts else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    if args.fix_quotes:
        from .tools.fixquotes import fix_quotes

        return fix_quotes(Path(args.root).resolve(), apply=args.apply)
    return cmd_build(args, write=False)


def cmd_serve(args: argparse.Namespace) -> int:
    from .dev import serve

    return serve(Path(args.root).resolve(), host=args.host, port=args.port)


def cmd_figures(args: argparse.Namespace) -> int:
    from .tools.figures import print_figures

    return print_figures(Path(args.root).resolve())


def cmd_draft(args: argparse.Namespace) -> int:
    from .tools.draft import run_draft

    return run_draft(Path(args.root).resolve(), as_json=args.json, write=args.write, only=args.only)


def cmd_show(args: argparse.Namespace) -> int:
    from .tools.show import show_source

    return show_source(Path(args.root).resolve(), args.source, words=args.find, text_only=args.text)


def cmd_init(args: argparse.Namespace) -> int:
    from .tools.init import init_project

    return init_project(Path(args.folder), title=args.title, subject=args.subject)


def cmd_new(args: argparse.Namespace) -> int:
    from .tools.scaffold import scaffold

    return scaffold(Path(args.root).resolve(), args.kind, args.name, args.after or "")


def cmd_docs(args: argparse.Namespace) -> int:
    from .tools.manual import print_docs

    return print_docs(args.topic)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description="Build an annotated deal explainer from seed articles and YAML.")
    parser.add_argument("--root", default=".", help="project folder holding content/, seeds/ and themes/ (default: .)")
    # --root is accepted after the subcommand too (`site-builder build --root DIR`)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, help="project folder (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="start a new explainer project in a new (or empty) folder")
    init.add_argument("folder", help="the folder to create")
    init.add_argument("--title", help="the site's title (default: a placeholder to edit in content/site.yaml)")
    init.add_argument("--subject", help='what the deal is, as a phrase: "Acme\'s purchase of Widgets Inc"')
    init.set_defaults(func=cmd_init)

    build = sub.add_parser("build", parents=[common], help="build the site into output/")
    build.add_argument("--output", help="where to write the site (default: ROOT/output)")
    build.add_argument("--base-url", help="absolute URL the site is published at (canonical links, sitemap)")
    build.add_argument("--no-cache", action="store_true",
                       help="build from nothing, ignoring (and not writing) the build state in .site-builder-cache/")
    build.add_argument("--timings-json", metavar="PATH", help="write the seconds each build stage took as JSON to PATH")
    build.set_defaults(func=cmd_build)

    check = sub.add_parser("check", parents=[common], help="validate everything, write nothing")
    check.add_argument("--fix-quotes", action="store_true", help="print the closest passage for every quote that no longer matches")
    check.add_argument("--apply", action="store_true", help="with --fix-quotes: rewrite the quotes in the content files")
    check.add_argument("--no-cache", action="store_true", help="check from nothing, ignoring the build state")
    check.add_argument("--strict", action="store_true", help="fail while any record is marked draft: true (for CI publishing)")
    check.set_defaults(func=cmd_check)

    serve = sub.add_parser("serve", parents=[common], help="build, serve on loopback, rebuild and reload on change")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=cmd_serve)

    show = sub.add_parser("show", parents=[common], help="print a source's cleaned text (what quotes must match)")
    show.add_argument("source", help="a source id, such as s000")
    show.add_argument("--find", metavar="WORDS", help="print a citation marker for each place these words occur")
    show.add_argument("--text", action="store_true", help="print only the cleaned text, exactly as exported")
    show.set_defaults(func=cmd_show)

    figures = sub.add_parser("figures", parents=[common], help="list every amount, percentage, count and date in the sources")
    figures.set_defaults(func=cmd_figures)

    draft = sub.add_parser("draft", parents=[common], help="propose people, organizations, events and claims from the articles")
    draft.add_argument("--json", action="store_true", help="print the proposals as one JSON object")
    draft.add_argument("--write", action="store_true", help="write the proposals as files marked draft: true (never over a file)")
    draft.add_argument("--only", metavar="WHAT", help="with --write: kinds (people,organizations,events,claims) or ids, comma-separated")
    draft.set_defaults(func=cmd_draft)

    new = sub.add_parser("new", parents=[common], help="write a commented YAML skeleton")
    new.add_argument("kind", choices=["person", "organization", "event", "claim", "source"])
    new.add_argument("name", help='the name; an event\'s starts with its date ("2024-03-05 Acme buys Widgets"); '
                                   'a source\'s is its seed file in seeds/')
    new.add_argument("--after", metavar="EVENT", help="for an event the articles date only as after another: "
                     "its id (the NAME then needs no date)")
    new.set_defaults(func=cmd_new)

    docs = sub.add_parser("docs", help="print the authoring reference (offline); without TOPIC, the list of topics")
    docs.add_argument("topic", nargs="?", help="a topic: people, claims, citations, values, errors, ...")
    docs.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # the reader of the output went away (`site-builder show s000 | head`): stop quietly,
        # as Unix tools do; stdout goes to /dev/null so the interpreter's final flush cannot fail
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
