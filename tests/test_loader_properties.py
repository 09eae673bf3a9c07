"""Properties of the loaders over generated text: any text yields a Document, and a file that
cannot be read gets one FL001 with a position inside the file; the order of the files on the
command line changes no finding (EvolutionAPI config files keep their order among themselves:
they make one config in which later files win, as the README says)."""
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing
from flowlint.config import Settings
from flowlint.lint import lint
from flowlint.loaders import Document, load
from flowlint.source import SourceFile

NAMES = ["env.yml", "docker-compose.yml", ".env", "flow.json", "body.json", "notes"]

# Pieces of the three syntaxes, so that generated text reaches deep into the parsers
FRAGMENTS = [
    "\n", "  ", "\t", "- ", "? ", ": ", ":", "=", "#", "&a ", "*a", "&b ", "*b", "<<: ", "[", "]", "{", "}", ", ",
    "'", '"', "|", ">-", "---\n", "...\n", "!!binary ", "!!python/object:x ", "!!merge ", "%YAML 1.2\n", "\\",
    "services:", "image: atendai/evolution-api:v1.7.4", "environment:", "env_file: ", "TYPEBOT:", "KEEP_OPEN: true",
    "SERVER_PORT", "export ", "${A:-b}", "9" * 5000, "1e99999", "null", "~", '"groups"', '"blocks"', '"id"', "\r\n", "\ufeff",
    "\x00", "\u202e", "\x1b[31m",
]
texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=40).map("".join)


def assert_readable(document, text):
    assert isinstance(document, Document)
    if document.error is not None:
        message, span = document.error
        assert message and span is not None
        lines = text.count("\n") + text.count("\r") + 1
        assert 1 <= span.line <= lines and span.column >= 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, name=st.sampled_from(NAMES))
def test_any_text_is_a_document_or_a_located_parse_error(text, name):
    assert_readable(load(SourceFile(name, text)), text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), family=st.sampled_from(["config", "flow"]))
def test_any_mutated_seed_is_a_document_or_a_located_parse_error(seed, family):
    case = next(fuzzing.cases(family, seed, 1))
    text = case.data.decode("utf-8", "replace")
    assert_readable(load(SourceFile(case.name, text)), text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), families=st.lists(st.sampled_from(["config", "flow"]), min_size=2, max_size=3))
def test_the_order_of_files_changes_no_finding(tmp_path_factory, seed, families):
    folder = tmp_path_factory.mktemp("order")
    paths, configs = [], []
    for index, family in enumerate(families):
        case = next(fuzzing.cases(family, seed + index, 1))
        path = folder / str(index) / case.name
        path.parent.mkdir()
        path.write_bytes(case.data)
        paths.append(str(path))
        if family == "config":
            configs.append(str(path))

    def findings(order):
        return sorted((d.path, d.line, d.column, d.code, d.message) for d in lint(list(order), Settings()).diagnostics)

    def shuffled(rng):
        order = rng.sample(paths, len(paths))
        kept = iter(configs)
        return [next(kept) if path in configs else path for path in order]

    rng = random.Random(seed)
    first = findings(paths)
    assert all(findings(shuffled(rng)) == first for _ in range(3))
