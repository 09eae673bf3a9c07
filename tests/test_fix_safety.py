"""--fix and --diff never write or show a file that does not read back as intended (issue 17, repro 05).

Every planned edit is read back with the same loader before the rename: the setting must now
read `true`, the renamed key must hold its value, the JID must have its suffix, and nothing else
may change. Edits that fail are refused on stderr; the others are still made.
"""
import json

import pytest

from flowlint.diagnostics import Edit
from flowlint.fixcheck import JidReads, SettingReads, checked, mismatch
from flowlint.fixes import plan

COMPOSE_HEAD = "services:\n  api:\n    image: atendai/evolution-api:v1.7.4\n    environment:"


def _fix(cli, tmp_path, name: str, text: str, *options):
    path = tmp_path / name
    path.write_text(text)
    code, out, err = cli("check", "-q", "--fix", "--select", "FL200,FL202", *options, path)
    return path.read_text(), err


def test_block_scalar_value_becomes_plain_true_and_the_next_key_stays(cli, tmp_path):
    # ../shared/repro/05: the old fix replaced `|\n        true\n` with `true`, joining the next key on
    text, err = _fix(cli, tmp_path, "docker-compose.yml", COMPOSE_HEAD
                     + "\n      TYPEBOT_KEEP_OPEN: |\n        true\n      TYPEBOT_API_VERSION: latest\n")
    assert text == COMPOSE_HEAD + "\n      TYPEBOT_KEEP_OPEN: true\n      TYPEBOT_API_VERSION: latest\n"
    assert "fixed 1 problem" in err


def test_folded_block_scalar_keeps_its_header_comment_and_blank_line(cli, tmp_path):
    text, _ = _fix(cli, tmp_path, "docker-compose.yml", COMPOSE_HEAD
                   + "\n      TYPEBOT_KEEP_OPEN: >-  # keep it\n        True\n\n      TYPEBOT_API_VERSION: latest\n")
    assert text == COMPOSE_HEAD + "\n      TYPEBOT_KEEP_OPEN: true  # keep it\n\n      TYPEBOT_API_VERSION: latest\n"


@pytest.mark.parametrize("written, fixed", [
    (' {TYPEBOT_KEEP_OPEN: "True", TYPEBOT_API_VERSION: latest}\n', ' {TYPEBOT_KEEP_OPEN: "true", TYPEBOT_API_VERSION: latest}\n'),
    ("\n      TYPEBOT_KEEP_OPEN: &keep yes  # c\n", "\n      TYPEBOT_KEEP_OPEN: &keep true  # c\n"),  # an anchor used once
])
def test_flow_mappings_anchors_and_comments_are_edited_in_place(cli, tmp_path, written, fixed):
    text, _ = _fix(cli, tmp_path, "docker-compose.yml", COMPOSE_HEAD + written)
    assert text == COMPOSE_HEAD + fixed


@pytest.mark.parametrize("body, reason", [
    # the anchor is shared: rewriting it would change OTHER too
    ("\n      TYPEBOT_KEEP_OPEN: &keep yes\n      OTHER_SETTING: *keep\n", "another value of OTHER_SETTING"),
    # the value is an alias of a node written elsewhere
    ("\n      TYPEBOT_KEEP_OPEN: *keep\n", "more of the YAML"),
    # the binding is a block scalar list item: its offsets are not the value's
    ("\n      - |\n        TYPEBOT_KEEP_OPEN=True\n      - TYPEBOT_API_VERSION=latest\n", "where TYPEBOT_KEEP_OPEN was intended"),
    # an anchor before a quoted value
    ('\n      TYPEBOT_KEEP_OPEN: &keep "yes"\n', "another value of TYPEBOT_KEEP_OPEN"),
])
def test_edits_that_would_not_read_back_are_refused(cli, tmp_path, body, reason):
    head = "x-keep: &keep yes\n" if body.endswith("*keep\n") and "&keep" not in body else ""
    original = head + COMPOSE_HEAD + body
    text, err = _fix(cli, tmp_path, "docker-compose.yml", original)
    assert text == original
    assert "FL200 not fixed: " in err and reason in err


@pytest.mark.parametrize("written, fixed", [
    ("TYPEBOT_KEEP_OPEN= # note\nB=1\n", "TYPEBOT_KEEP_OPEN= true # note\nB=1\n"),  # empty, then a comment
    ("TYPEBOT_KEEP_OPEN=#x\n", "TYPEBOT_KEEP_OPEN=true #x\n"),
    ("export TYPEBOT_KEEP_OPEN='True'  # keep\n", "export TYPEBOT_KEEP_OPEN='true'  # keep\n"),
    ('TYPEBOT_KEEP_OPEN="tr\nue"\nB=1\n', 'TYPEBOT_KEEP_OPEN="true"\nB=1\n'),  # a quoted value over two lines
    ("A=1\n# a last comment", "A=1\n# a last comment\nTYPEBOT_KEEP_OPEN=true\n"),
])
def test_env_values_quoted_exported_and_commented(cli, tmp_path, written, fixed):
    text, _ = _fix(cli, tmp_path, ".env", written, "--evolution-version", "1.7.4")
    assert text == fixed


def test_no_edit_in_a_file_that_does_not_parse(cli, tmp_path):
    text, err = _fix(cli, tmp_path, ".env", 'A="open\n', "--evolution-version", "1.7.4")
    assert text == 'A="open\n'
    assert "FL200 not fixed: the file does not parse as it is" in err


def test_diff_shows_no_edit_it_would_refuse(cli, tmp_path):
    path = tmp_path / "docker-compose.yml"
    path.write_text(COMPOSE_HEAD + "\n      TYPEBOT_KEEP_OPEN: &keep yes\n      OTHER_SETTING: *keep\n")
    code, out, err = cli("check", "--diff", "--select", "FL200", path)
    assert (code, out) == (0, "")
    assert "FL200 not fixed" in err


def _planned(tmp_path, name, text, edits):
    """(plans, refusals) of hand-made edits on one file, as --fix would check them."""
    from flowlint.config import Settings
    from flowlint.diagnostics import Diagnostic, Severity
    from flowlint.lint import lint

    path = tmp_path / name
    path.write_text(text)
    result = lint([str(path)], Settings(evolution_version="1.7.4"))
    source = result.documents[0].source
    diagnostics = [Diagnostic("FL200", "x", Severity.ERROR, "m", str(path), 1, 1, 1, 1, fixable=True,
                              source=source, edits=(edit,)) for edit in edits]
    return checked(plan(diagnostics), result.documents)


def test_a_bad_edit_is_refused_and_the_good_one_in_the_same_file_kept(tmp_path):
    text = "A=1\nB=2\n"
    joins = Edit(3, 4, "", expect=SettingReads(None, "C", "3"))  # deletes the line break: B vanishes into A
    appends = Edit(len(text), len(text), "C=3\n", expect=SettingReads(None, "C", "3"))
    plans, refused = _planned(tmp_path, ".env", text, [joins, appends])
    assert [p.text for p in plans] == ["A=1\nB=2\nC=3\n"]
    assert plans[0].fixed == 1
    assert len(refused) == 1 and "another value of A" in refused[0][1]
    assert "1B=2" not in refused[0][1]  # names only: a value read back may be a secret


def test_an_edit_without_an_intent_is_refused(tmp_path):
    plans, refused = _planned(tmp_path, ".env", "A=1\n", [Edit(2, 3, "2")])
    assert plans == [] and "cannot check" in refused[0][1]


def test_json_edit_must_change_only_the_value_it_means(tmp_path):
    from flowlint.config import Settings
    from flowlint.lint import lint

    body = {"remoteJid": "5541999999999", "status": "paused", "note": "x"}
    path = tmp_path / "status.json"
    path.write_text(json.dumps(body))
    document = lint([str(path)], Settings()).documents[0]
    text = document.source.text
    at = text.index("5541999999999") + len("5541999999999")
    intent = JidReads("/remoteJid", "5541999999999@s.whatsapp.net")
    good = text[:at] + "@s.whatsapp.net" + text[at:]
    assert mismatch(document, good, [(Edit(at, at, "@s.whatsapp.net", expect=intent), None)]) is None
    also_note = good.replace('"x"', '"y"')
    assert "other values" in mismatch(document, also_note, [(Edit(at, at, "", expect=intent), None)])
    broken = text[:at] + '"' + text[at:]
    assert "would not parse" in mismatch(document, broken, [(Edit(at, at, '"', expect=intent), None)])
    assert "would not read the intended JID" in mismatch(document, text, [(Edit(at, at, "", expect=intent), None)])
