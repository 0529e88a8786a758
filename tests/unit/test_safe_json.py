"""Untrusted JSON: every kind of hostile or broken file is refused with a message naming the
problem, quickly and without building the file's objects first. Big files are made at test time."""

import json
import time
import tracemalloc

import pytest

from desk_app.domain import safe_json
from desk_app.domain.errors import DeskError, UntrustedInputError
from desk_app.domain.safe_json import MAX_BYTES, loads_untrusted, read_untrusted_file

SANITY_SECONDS = 5.0  # a generous bound: the real figures are in the report (well under 1 s)


def _refused(data: bytes, **limits) -> str:
    with pytest.raises(UntrustedInputError) as err:
        loads_untrusted(data, **limits)
    return str(err.value)


def test_the_error_is_one_the_desk_shows():
    assert issubclass(UntrustedInputError, DeskError)


def test_good_json_decodes():
    data = '{"code": "JOB", "label": {"fi": "Työnhaku"}, "n": [1, 2.5, true, null]}'
    assert loads_untrusted(data.encode()) == json.loads(data)


def test_a_byte_order_mark_is_allowed():
    assert loads_untrusted(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


def test_too_large_file_is_refused_from_its_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    with path.open("wb") as file:
        file.truncate(MAX_BYTES + 1)  # sparse: no 20 MB written
    reads = []
    monkeypatch.setattr(safe_json.os, "fstat", _spy(safe_json.os.fstat, reads))
    with pytest.raises(UntrustedInputError) as err:
        read_untrusted_file(path)
    assert "too large" in str(err.value) and "20.0 MB" in str(err.value)
    assert reads, "the size comes from the open file's stat"


def _spy(function, calls):
    def wrapper(*args):
        calls.append(args)
        return function(*args)

    return wrapper


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.json"
    path.write_bytes(b"[" + b"0," * 60 + b"0]")

    class SmallStat:
        st_size = 10  # what stat said before the file grew

    monkeypatch.setattr(safe_json.os, "fstat", lambda fd: SmallStat())
    with pytest.raises(UntrustedInputError) as err:
        read_untrusted_file(path, max_bytes=100)
    assert "too large" in str(err.value)


def test_a_file_within_the_limit_is_read_whole(tmp_path):
    path = tmp_path / "ok.json"
    path.write_bytes(b'{"a": 1}')
    assert read_untrusted_file(path) == b'{"a": 1}'


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(UntrustedInputError) as err:
        read_untrusted_file(tmp_path / "nowhere.json")
    assert "nowhere.json" in str(err.value) and "cannot be read" in str(err.value)


def test_bytes_over_the_limit_are_refused():
    assert "too large" in _refused(b" " * 101, max_bytes=100)


def test_invalid_utf8_names_the_byte_offset():
    message = _refused(b'{"name": "Kemi \xff"}')
    assert "UTF-8" in message and "offset 15" in message


def test_latin1_text_is_not_taken_for_utf8():
    assert "UTF-8" in _refused('{"name": "Työnhaku"}'.encode("latin-1"))


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"not json at all", "line 1, column 1"),
        (b'{\n  "a": 1,\n  "b": }', "line 3, column 8"),
        (b'{"a": 1', "line 1, column 8"),
        (b"", "line 1, column 1"),
        (b"<?xml version='1.0'?><catalogue/>", "line 1, column 1"),
    ],
)
def test_not_json_names_line_and_column(data, where):
    message = _refused(data)
    assert "not valid JSON" in message and where in message


def test_nesting_deeper_than_the_limit_is_refused():
    assert loads_untrusted(b"[" * 64 + b"]" * 64) is not None
    assert "nested too deeply" in _refused(b"[" * 65 + b"]" * 65)
    assert "more than 3 levels" in _refused(b'{"a": [{"b": []}]}', max_depth=3)
    assert loads_untrusted(b'{"a": [{"b": 1}]}', max_depth=3) == {"a": [{"b": 1}]}


def test_deep_nesting_with_siblings_is_found_by_peeling():
    # [[], [[], [[], … 0]]]: no run of more than two opening brackets, so only the level-by-level
    # peeling sees the depth.
    deep = b"[[], " * 70 + b"0" + b"]" * 70
    assert "nested too deeply" in _refused(deep)
    assert loads_untrusted(deep, max_depth=80) is not None
    mixed = b'[{"a": {}, "b": ' * 40 + b"0" + b"}]" * 40
    assert "nested too deeply" in _refused(mixed)


def _depth(value) -> int:
    """The nesting depth by the definition (the test's reference)."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _nested(rng, depth: int):
    """A random value of exactly ``depth`` levels with shallower siblings and bracket-laden
    strings along the way."""
    if depth == 0:
        return rng.choice([0, "x", "[{", "]}", '"[', None, True])
    inner = [_nested(rng, depth - 1)]
    inner += [_nested(rng, rng.randrange(min(depth, 3))) for _ in range(rng.randrange(3))]
    rng.shuffle(inner)
    if rng.random() < 0.5:
        return inner
    return {f"k{i}[": item for i, item in enumerate(inner)}


def test_the_depth_limit_is_exact_on_random_documents():
    import random

    rng = random.Random(5)
    for depth in [*range(60, 70), *range(60, 70)]:
        value = _nested(rng, depth)
        assert _depth(value) == depth
        data = json.dumps(value).encode()
        if depth <= 64:
            assert loads_untrusted(data) == value
        else:
            assert "nested too deeply" in _refused(data)


def test_brackets_inside_strings_do_not_count():
    text = '["' + "[" * 200 + '\\"' + "{" * 200 + '"]'
    assert loads_untrusted(text.encode()) == ["[" * 200 + '"' + "{" * 200]


def test_duplicate_keys_are_named():
    message = _refused(b'{"services": [{"code": "A", "name": {}, "code": "B"}]}')
    assert '"code" twice' in message


@pytest.mark.parametrize("token", [b"NaN", b"Infinity", b"-Infinity"])
def test_not_numbers_are_refused(token):
    assert "not a JSON number" in _refused(b"[" + token + b"]")


def test_absurd_numbers_are_refused():
    assert "digits" in _refused(b"[" + b"9" * 5000 + b"]")
    assert "too long or too large" in _refused(b"[1e999]")


def test_too_many_values_are_refused():
    assert "too many values" in _refused(b"[" + b"0," * 100 + b"0]", max_values=50)


def _hostile(kind: str) -> bytes:
    """A file of about 20 MB of one hostile kind."""
    n = MAX_BYTES
    if kind == "deep":
        return b"[" * n
    if kind == "deep-mixed":
        return b'[{"a":' * (n // 6)
    if kind == "wide":
        return b"[" + b"[]," * (n // 3 - 1) + b"0]"
    if kind == "short-strings":
        return b"[" + b'"a",' * (n // 4 - 1) + b"0]"
    if kind == "escaped-quotes":
        return b'"' + b'\\"' * (n // 2 - 1)
    if kind == "bad-utf8-at-the-end":
        return b'["' + b"a" * (n - 6) + b'\xff"]'
    if kind == "not-json":
        return b"x" * n
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("deep", "nested too deeply"),
        ("deep-mixed", "nested too deeply"),
        ("wide", "too many values"),
        ("short-strings", "too many values"),
        ("escaped-quotes", "Unterminated string"),
        ("bad-utf8-at-the-end", "UTF-8"),
        ("not-json", "not valid JSON"),
    ],
)
def test_a_20_mb_hostile_file_is_refused_quickly(tmp_path, kind, problem):
    path = tmp_path / f"{kind}.json"
    path.write_bytes(_hostile(kind))
    started = time.perf_counter()
    with pytest.raises(UntrustedInputError) as err:
        loads_untrusted(read_untrusted_file(path))
    elapsed = time.perf_counter() - started
    assert problem in str(err.value)
    assert elapsed < SANITY_SECONDS


def test_refusing_a_file_of_millions_of_values_builds_none_of_them():
    # A plain ``re.sub`` over the whole file held ~800 MB of pieces here; json.loads ~450 MB.
    data = _hostile("short-strings")
    tracemalloc.start()
    try:
        with pytest.raises(UntrustedInputError):
            loads_untrusted(data)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6 * len(data), f"peak {peak / 2**20:.0f} MB for {len(data) / 2**20:.0f} MB"
