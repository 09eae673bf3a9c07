"""Real files written by others: every one loads, and every finding on them is true.

Each expected finding below was checked by hand against the file and Typebot's engine
semantics; a new finding fails this test and must be reviewed before it is added.
"""
import json

import pytest

from conftest import CORPUS, lint_files, needs_shared

pytestmark = needs_shared
FLOWS = sorted((CORPUS / "typebot").glob("*.json"))
CONFIGS = sorted((CORPUS / "evolution").iterdir()) if CORPUS.is_dir() else []
NEVER_ON_REAL_FILES = {"FL001", "FL002", "FL003", "FL004", "FL005", "FL104"}


def test_corpus_is_there():
    assert len(FLOWS) >= 16 and len(CONFIGS) >= 13


@pytest.mark.parametrize("path", FLOWS + CONFIGS, ids=lambda p: p.name)
def test_every_real_file_loads_as_what_it_is(path):
    from flowlint.lint import lint
    from flowlint.config import Settings

    result = lint([str(path)], Settings())
    (document,) = result.documents
    assert document.kind is not None and document.error is None
    assert not {d.code for d in result.diagnostics} & NEVER_ON_REAL_FILES


FLOW_FINDINGS = {
    # typebot.io #2198 in a real WhatsApp bot: the Jump's block is gone from 'Detección Nombre'
    ("irastorzatobias_sample-data.json", "FL103", 303, 28),
    # ...so that group, and the groups only it leads to, never run
    ("irastorzatobias_sample-data.json", "FL102", 356, 20),
    ("irastorzatobias_sample-data.json", "FL102", 401, 20),
    ("irastorzatobias_sample-data.json", "FL102", 428, 20),
    ("irastorzatobias_sample-data.json", "FL102", 473, 20),
    ("irastorzatobias_sample-data.json", "FL102", 535, 20),
    ("irastorzatobias_sample-data.json", "FL102", 1140, 20),
    ("irastorzatobias_sample-data.json", "FL102", 1174, 20),
    # an outgoingEdgeId naming no edge (the test asset of Typebot's Return block)
    ("typebot.io_return.json", "FL103", 49, 29),
    # an edge whose source block does not exist; 'Bye' is only entered through it
    ("typebot.io_commandEvent.json", "FL106", 148, 13),
    ("typebot.io_commandEvent.json", "FL102", 71, 16),
    ("typebot.io_skin-typology.json", "FL106", 1388, 13),
    # every path of the support template ends in a Jump back to its menu
    ("typebot.io_customer-support.json", "FL101", 7, 13),
}
FLOW_CODES = ("FL1", "FL3", "FL4")


def test_flow_findings_are_the_reviewed_ones(in_repo):
    found = set()
    for path in FLOWS:
        for d in lint_files(path, select=FLOW_CODES):
            found.add((path.name, d.code, d.line, d.column))
    variables = {"FL107", "FL108", "FL109"}  # reviewed in test_rules_variables.py
    alone = {f for f in found if f[1] == "FL408"}  # each flow is linted alone, with no EvolutionAPI config
    assert alone == {(path.name, "FL408", 1, 1) for path in FLOWS}
    assert {f for f in found if f[1] not in variables | {"FL408"}} == FLOW_FINDINGS


def test_return_json_dangling_edge_exact(in_repo):
    (d,) = [d for d in lint_files(CORPUS / "typebot/typebot.io_return.json") if d.code == "FL103"]
    text = (CORPUS / "typebot/typebot.io_return.json").read_text().splitlines()[d.line - 1]
    assert text[d.column - 1:d.end_column - 1] == '"4tYbERpi5Po4goVgt6rWXg"'


def test_jump_to_missing_block_exact(in_repo):
    path = CORPUS / "typebot/irastorzatobias_sample-data.json"
    (d,) = [d for d in lint_files(path) if d.code == "FL103"]
    assert d.pointer.startswith("/typebot/groups/") and d.pointer.endswith("/options/blockId")
    data = json.loads(path.read_text())
    node = data
    for token in d.pointer.split("/")[1:]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    assert node == "x8ejr0rtnqfnavcmt4jig2l1"


def test_whole_corpus_in_one_run_has_no_crash(cli):
    code, out, err = cli("check", "--format", "json", CORPUS)
    assert err == "" and code in (0, 1)
    assert json.loads(out)["summary"]["files"] == len(FLOWS) + len(CONFIGS)
