"""`site-builder init DIR [--title T] [--subject S]`: a new explainer project that builds at once.

It writes content/site.yaml (the title and subject given, or placeholders to edit), the
empty record folders (content/sources/ is where `site-builder new source` puts each
article's record), content/pages/index.md (the home page's lead), seeds/ with a README,
a README.md for the project's authors that walks from here to a published site, and a
.gitignore for what the builder writes (output/, the staging folders beside it, and the
cache folder .site-builder-cache/). It refuses a folder that is not empty: nothing is
ever overwritten.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..kinds import RECORD_KINDS
from ..pipeline.cache import FOLDER as CACHE_FOLDER


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def site_yaml(title: str, subject: str) -> str:
    return f"""# The site as a whole. Every key is described by `site-builder docs site`.
title: {_q(title)}
# What the explainer is about, as a phrase that reads after "on" or "about": the pages'
# descriptions say "the 3 articles on <subject>". Leave it out and they say "the 3 articles".
subject: {_q(subject)}
# One or two sentences: the home page's standfirst, and the description search engines and
# link previews show for the home page (and for any page that has none of its own).
description: >-
  An annotated explainer of {subject}, built from its news coverage: every statement links
  to the passage that supports it, and where the articles disagree, they are shown side by side.
language: en                        # the language of the pages (a BCP 47 tag: en, fr, de-CH...)
base_url: ""                        # where the site will be published, e.g. "https://example.org/deal/":
                                    # canonical links, sitemap, feed (or `site-builder build --base-url URL`)
author: ""                          # who publishes the site: the feed's author (default: the title)
# deal_summary: >-                  # the home page's lead when content/pages/index.md has no text
#   ...
# theme: default                    # a theme in themes/<name>/ (it overrides the default theme file by file)
"""


INDEX_MD = """---
title: The deal in brief
description: TODO one sentence on the deal, for search results and link previews of the home page.
---

::: editorial
TODO: the deal in brief, in two or three short paragraphs, replacing this box. Write each fact
with its citation marker right after the words it supports, such as
`[[cite:s000 "exact words from the article"]]`; `site-builder show s000 --find "a few words"` prints
one ready to paste. Text in a box like this one is the editors' own commentary, labelled as such.
:::
"""

SEEDS_README = """# Seeds: the articles, as received

Put each article here as a text file (plain text or Markdown), exactly as you received it, and
never edit it: every quote on the site is checked against it, and the site publishes it unedited
beside its cleaned copy. What to remove (page headers, comment forms, escapes) is declared as
cleaning rules in the article's record, content/sources/<id>.yaml.

Name the files with a three-digit number first, `000_reuters.txt`, `001_company-release.md`: then
`site-builder new source 000_reuters.txt` gives the article the id `s000`, and so on.

(This README is not an article: a seed is only a file that a source names.)
"""

GITIGNORE = f"""# written by site-builder: the built site, the staging folders beside it, the build cache
/output/
/.output.*
/{CACHE_FOLDER}/
__pycache__/
"""


def authors_readme(title: str) -> str:
    return f"""# {title}

An annotated deal explainer, built with `site-builder`: news articles about one deal (the *seeds*)
plus YAML annotations become a website that shows which article says what, where they agree and
where they contradict each other. Every quote is checked against the article it cites.

## Start a new explainer: from the articles to a published site

Every command runs from this folder (or add `--root FOLDER`). Each one prints what it did and,
on a problem, `file:line:col`, what is wrong and what would be valid.

1. **Start** (done): `site-builder init FOLDER --subject "..."` made this folder, and it builds as
   it is: `site-builder build` builds this (still empty) project into `output/`; open
   `output/index.html`. Edit `content/site.yaml` (title, subject, description) whenever you like.
2. **Put the articles in `seeds/`**, one file each, exactly as received: `seeds/000_reuters.txt`,
   `seeds/001_company-release.md`, ... (see `seeds/README.md`).
3. **Give each article a source record:** `site-builder new source 000_reuters.txt` writes
   `content/sources/s000.yaml`. Fill in its `label` (how the site names it), and `title`, `outlet`,
   `author`, `date`, `url` only as far as the article itself states them.
4. **See what quotes must match:** `site-builder show s000` prints the article's cleaned text,
   block by block with ids and offsets, and what each cleaning rule did. Add cleaning rules to
   `content/sources/s000.yaml` (`drop_title_lines`, `drop_lines`, `headings`, ...: `site-builder docs cleaning`)
   until the text reads cleanly; a rule that matches nothing is reported.
5. **Draft from the articles:** `site-builder draft` proposes the people, organizations, dated
   events and disagreeing figures the articles hold, each with verified citations, and writes
   nothing; `site-builder draft --write` (or `--only people,claims`) writes them as files marked
   `draft: true`. A draft builds and its page says it is a draft; review it, then delete the mark
   (`site-builder check --strict` fails while any draft remains: use it before publishing).
   Write what the draft missed, one file each, starting from a skeleton:
   `site-builder new person "Jane Roe"`, `new organization "Acme Corp"`,
   `new event "2024-03-05 Acme agrees to buy Widgets"` (the date first, at the precision the
   articles give), `new claim "How much did Acme pay"`. Cite with markers that
   `site-builder show s000 --find "agreed to pay"` prints ready to paste; `site-builder figures`
   lists every amount, percentage, count and date in the articles and which ones differ.
   Narrative pages go in `content/pages/*.md` (`content/pages/index.md` is the home page's lead).
6. **Check everything:** `site-builder check` validates every file, id, quote and link and writes
   nothing; fix what it reports (all problems come together). `site-builder check --fix-quotes`
   proposes the closest passage for a quote that no longer matches.
7. **Preview:** `site-builder serve` builds and serves the site at http://127.0.0.1:8000/, rebuilds
   on every save and reloads the page; errors show over the page. On a source page, select words
   to get a citation marker for them (in the preview only).
8. **Build:** `site-builder build --base-url https://example.org/deal/` writes the site into
   `output/` (the previous `output/` stays as it was if anything fails).
9. **Publish** the `output/` folder on any static host (GitHub Pages, Netlify, an S3 bucket, any
   web server), at the address given as `--base-url`; it also works opened from disk.

## Where things are

```
content/site.yaml       the site's title, subject, description, language, base URL
content/sources/        one record per article: its seed file, label, metadata, cleaning rules
content/people/  organizations/  events/  claims/    one YAML file per record
content/pages/          narrative pages (Markdown with front matter); index.md is the home page's lead
seeds/                  the articles, exactly as received (never edited)
themes/                 optional: templates or static files that override the default theme
output/                 the built site (not committed)
```

The full reference comes with site-builder and needs no connection: `site-builder docs` lists
its topics, and `site-builder docs TOPIC` prints one: every key of each kind of file (`docs people`,
`docs claims`, `docs site`, ...), the citation syntax (`docs citations`), how values and hedges
are read and compared (`docs values`), cleaning rules (`docs cleaning`) and every error message
(`docs errors`).
"""


def init_project(folder: Path, title: str | None = None, subject: str | None = None, out=None) -> int:
    """The `init` command: exit 0 when the project was written, 2 when the folder is not empty."""
    out = out or sys.stdout
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "a file" if not folder.is_dir() else "not empty"
        print(f"error: {folder} is {what}: `site-builder init` writes a new project into a new or empty folder "
              f"and never overwrites anything", file=sys.stderr)
        return 2
    subject = " ".join((subject or "").split()) or "the deal"
    if not title:
        title = (subject[:1].upper() + subject[1:] + ", source by source") if subject != "the deal" \
            else "The deal, source by source"
    files = {
        "content/site.yaml": site_yaml(" ".join(title.split()), subject),
        "content/pages/index.md": INDEX_MD,
        "seeds/README.md": SEEDS_README,
        "README.md": authors_readme(" ".join(title.split())),
        ".gitignore": GITIGNORE,
    }
    for kind in RECORD_KINDS.values():
        (folder / "content" / kind.folder).mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    print(f"Created a new explainer in {folder}:", file=out)
    for rel in sorted([*files, *(f"content/{k.folder}/" for k in RECORD_KINDS.values())]):
        print(f"  {rel}", file=out)
    print(f"Next: put the articles in {folder / 'seeds'}, then `site-builder new source FILE` for each "
          f"(README.md walks through every step to a published site).", file=out)
    return 0
