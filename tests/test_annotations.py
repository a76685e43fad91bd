"""data/annotations.jsonld: every citation as a W3C Web Annotation, checked with a JSON-LD
processor (pyld) against the Web Annotation Data Model's context.

The context is the one W3C publishes at http://www.w3.org/ns/anno.jsonld, carried in
tests/data/anno.jsonld: the loader below serves that file and refuses every other address,
so the test never touches the network.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from projects import ROOT
from pyld import jsonld

from site_builder import urls
from site_builder.pipeline import BuildOptions, build_site

CONTEXT_FILE = Path(__file__).parent / "data" / "anno.jsonld"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
OA, AS, RDF = "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/activitystreams#", \
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SITE_ROOT = "https://example.org/explainer/"


def local_loader(url: str, options=None) -> dict:
    if url.split("#")[0].replace("https://", "http://") != ANNO_CONTEXT:
        raise jsonld.JsonLdError(f"no network in tests: {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))}


def expand(document: dict, base: str) -> list:
    return jsonld.expand(document, {"documentLoader": local_loader, "base": base})


@pytest.fixture(scope="module")
def annotations(real_build) -> tuple[object, dict]:
    result, out = real_build
    return result.site, json.loads((out / "data" / "annotations.jsonld").read_text(encoding="utf-8"))


def _items(expanded: list) -> list[dict]:
    collection = expanded[0]
    assert collection["@type"] == [AS + "OrderedCollection"]       # AnnotationCollection
    page = collection[AS + "first"][0]
    assert page["@type"] == [AS + "OrderedCollectionPage"]         # AnnotationPage
    return page[AS + "items"][0]["@list"]


def _value(node: dict, key: str):
    return node[key][0].get("@value", node[key][0].get("@id"))


def test_the_file_uses_the_model_context_and_expands(annotations):
    site, document = annotations
    assert document["@context"] == ANNO_CONTEXT
    assert document["type"] == "AnnotationCollection" and document["first"]["type"] == "AnnotationPage"
    assert "code points" in document["dcterms:description"] and "cleaned text" in document["dcterms:description"]
    items = _items(expand(document, SITE_ROOT))
    assert len(items) == len(site.citations) == document["total"]
    assert all(item["@type"] == [OA + "Annotation"] for item in items)
    ids = [item["@id"] for item in items]
    assert len(set(ids)) == len(ids), "annotation ids are unique"
    assert all(re.match(r"^[a-z][a-z0-9+.-]*:", i) for i in ids), "annotation ids are absolute IRIs"


def test_every_citation_is_there_with_selectors_that_slice_the_cleaned_text(annotations):
    site, document = annotations
    items = _items(expand(document, SITE_ROOT))
    wanted = Counter((SITE_ROOT + urls.record("source", c.anchor.source), c.anchor.exact, c.anchor.start, c.anchor.end)
                     for c in site.citations)
    found: Counter = Counter()
    pages = {SITE_ROOT + urls.record("source", sid): sid for sid in site.cleaned}
    for item in items:
        target = item[OA + "hasTarget"][0]
        assert target["@type"] == [OA + "SpecificResource"]
        source = _value(target, OA + "hasSource")
        selectors = {s["@type"][0].removeprefix(OA): s for s in target[OA + "hasSelector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        exact = _value(quote, OA + "exact")
        start, end = int(_value(position, OA + "start")), int(_value(position, OA + "end"))
        cleaned = site.cleaned[pages[source]].text
        assert cleaned[start:end] == exact, f"{source} [{start}:{end}] is not the quote"
        assert cleaned[:start].endswith(_value(quote, OA + "prefix"))
        assert cleaned[end:].startswith(_value(quote, OA + "suffix"))
        assert position[OA + "start"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
        found[(source, exact, start, end)] += 1
    assert found == wanted, "one annotation per citation, each with its anchor's quote and offsets"


def test_each_body_names_the_statement_and_links_to_it_where_it_is_shown(annotations, real_build):
    site, document = annotations
    _, out = real_build
    ids_on: dict[str, set[str]] = {}
    by_owner = {}
    for raw, citation in zip(document["first"]["items"], site.citations, strict=True):
        by_owner[raw["id"]] = citation.owner
    for item in _items(expand(document, SITE_ROOT)):
        bodies = {b["@type"][0].removeprefix(OA): b for b in item[OA + "hasBody"]}
        text = bodies["TextualBody"]
        assert _value(text, OA + "hasPurpose") == OA + "describing"
        assert len(_value(text, RDF + "value")) > 3
        link = bodies["SpecificResource"]
        assert _value(link, OA + "hasPurpose") == OA + "linking"
        page = _value(link, OA + "hasSource").removeprefix(SITE_ROOT)
        kind, record_id = by_owner[item["@id"]]
        assert page == urls.record(kind, record_id).split("#")[0]
        fragment = _value(link[OA + "hasSelector"][0], RDF + "value")
        if page not in ids_on:
            ids_on[page] = set(re.findall(r'\bid="([^"]+)"', (out / page).read_text(encoding="utf-8")))
        assert fragment in ids_on[page], f"{page}#{fragment} does not exist"


def test_with_a_base_url_every_address_is_absolute(tmp_path):
    base = "https://example.org/deal/"
    result = build_site(BuildOptions(ROOT, tmp_path / "o", base_url=base, write=False, search=False))
    assert result.ok
    document = json.loads(result.files["data/annotations.jsonld"])
    assert document["id"] == base + "data/annotations.jsonld"
    first = document["first"]["items"][0]
    assert first["id"].startswith(base + "data/annotations.jsonld#")
    assert first["target"]["source"].startswith(base + "sources/")
    assert all(b["source"].startswith(base) for i in document["first"]["items"] for b in i["body"] if "source" in b)
    items = _items(expand(document, "https://elsewhere.example/"))     # absolute: the base does not matter
    assert _value(items[0][OA + "hasTarget"][0], OA + "hasSource").startswith(base)


def test_the_loader_never_reaches_the_network():
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://example.org/other-context.jsonld", "a": 1}, SITE_ROOT)
