"""The data export's kept chunks (write/fragments.py): a file joined again from the last good
build's bytes reuses a chunk only where its inputs are unchanged and the bytes are the very
ones its place was measured in (the same object in one process, the same length from the
store); the joined bytes are what joining everything anew gives."""
from __future__ import annotations

import pickle

from site_builder.render import Backlinks
from site_builder.write.fragments import Basis, Fragments

PATH = "data/x.json"
SETTINGS = ("https://example.org/", "en")


def join(fragments: Fragments, values: dict[str, str], basis: Basis | None = None,
         same=lambda key: True, settings: tuple = SETTINGS) -> bytes:
    out = fragments.joiner(PATH, settings, basis)
    out.text("[")
    out.chunks(list(values), same if out.reusing else None, lambda key: values[key])
    out.text("]\n")
    return out.done()


def basis(files: dict[str, bytes]) -> Basis:
    return Basis(None, Backlinks({}, {}), files)  # type: ignore[arg-type]  # (a joiner reads only the files)


def test_unchanged_chunks_are_sliced_from_the_basis_and_changed_ones_made_again():
    fragments = Fragments()
    values = {"a": '{"a":1}', "b": '{"b":"é"}', "c": '{"c":3}'}
    first = join(fragments, values)
    assert first == '[{"a":1},{"b":"é"},{"c":3}]\n'.encode()
    assert fragments.made == ["a", "b", "c"] and fragments.reused == 0

    fragments.begin()
    values = {"a": '{"a":1}', "b": '{"b":"è!"}', "d": '{"d":4}', "c": '{"c":3}'}
    # "b" changed (its inputs say so), "d" is new, "c" moved: a chunk is found by its key
    second = join(fragments, values, basis({PATH: first}), same=lambda key: key != "b")
    assert second == '[{"a":1},{"b":"è!"},{"d":4},{"c":3}]\n'.encode()
    assert fragments.made == ["b", "d"] and fragments.reused == 2

    fragments.begin()
    assert join(fragments, values, basis({PATH: second})) == second
    assert fragments.made == [] and fragments.reused == 4


def test_the_places_hold_only_for_the_bytes_they_were_measured_in():
    fragments = Fragments()
    values = {"a": '"one"', "b": '"two"'}
    first = join(fragments, values)

    fragments.begin()
    join(fragments, values, basis({PATH: bytes(bytearray(first))}))    # equal bytes, but not the ones joined
    assert fragments.made == ["a", "b"], "in one process, the very bytes joined"

    joined = join(fragments, values)
    for other in ({PATH: joined}, {PATH: bytes(bytearray(joined))}):  # (the store reads a copy)
        restored = pickle.loads(pickle.dumps(fragments))        # from the store: the length is checked
        restored.begin()
        assert join(restored, values, basis(other)) == joined and restored.reused == 2
    restored = pickle.loads(pickle.dumps(fragments))
    restored.begin()
    join(restored, values, basis({PATH: joined + b" "}))
    assert restored.made == ["a", "b"], "a file of another length: not the one the places are in"

    for other_basis, settings in ((None, SETTINGS), (basis({}), SETTINGS), (basis({PATH: joined}), ("", "en"))):
        fragments.begin()
        joined = join(fragments, values, other_basis, settings=settings)
        assert fragments.made == ["a", "b"], (other_basis, settings)


def test_the_store_keeps_only_plain_places():
    fragments = Fragments()
    join(fragments, {"a": '"' + "x" * 10_000 + '"'})
    state = fragments.__getstate__()
    assert state == {"_kept": {("file", PATH): (10_005, SETTINGS), (PATH, "a"): (1, 10_003)}}
