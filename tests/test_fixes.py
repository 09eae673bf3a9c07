"""--fix and --diff: safe edits, atomic writes, idempotent, never on a file that changed."""
import json
import shutil

import pytest

from flowlint.fixes import Plan, StaleFile, write


@pytest.fixture
def bot(tmp_path, in_repo):
    target = tmp_path / "bot"
    shutil.copytree(in_repo / "fixtures/restart-loop", target)
    return target


def test_diff_shows_the_fix_and_writes_nothing(cli, bot):
    before = (bot / ".env").read_bytes()
    code, out, _ = cli("check", "--diff", bot)
    assert code == 1
    assert out.splitlines()[-1] == "+TYPEBOT_KEEP_OPEN=true"
    assert f"--- a/{bot}/.env" in out
    assert "change-me-to-a-long-random-key" not in out  # context lines are masked
    assert (bot / ".env").read_bytes() == before


def test_fix_appends_keep_open_then_reports_what_is_left(cli, bot):
    code, out, err = cli("check", "--fix", bot)
    assert (bot / ".env").read_text().endswith("TYPEBOT_API_VERSION=latest\nTYPEBOT_KEEP_OPEN=true\n")
    assert "fixed 1 problem in 1 file" in err
    assert (code, out) == (0, "No problems found in 3 files.\n")
    assert cli("check", "--diff", bot)[:2] == (0, "")  # idempotent: nothing left to fix


def test_fix_rewrites_a_wrong_value_and_keeps_the_line(cli, tmp_path, in_repo):
    shutil.copytree(in_repo / "fixtures/rules/FL200/bad", tmp_path / "bot")
    env = tmp_path / "bot" / ".env"
    env.write_bytes(b"\xef\xbb\xbfAUTHENTICATION_API_KEY=a-long-random-production-key\r\nexport TYPEBOT_KEEP_OPEN=True # keep\r\n")
    cli("check", "--fix", "--select", "FL200", tmp_path / "bot")
    assert env.read_bytes() == b"\xef\xbb\xbfAUTHENTICATION_API_KEY=a-long-random-production-key\r\nexport TYPEBOT_KEEP_OPEN=true # keep\r\n"


def test_fix_adds_the_jid_suffix_inside_an_http_body(cli, tmp_path, in_repo):
    shutil.copytree(in_repo / "fixtures/rules/FL301/bad", tmp_path / "calls")
    cli("check", "--fix", "--select", "FL301", tmp_path / "calls")
    body = json.loads(json.loads((tmp_path / "calls/flow.json").read_text())["groups"][0]["blocks"][1]["options"]["webhook"]["body"])
    assert body["remoteJid"] == "5541999999999@s.whatsapp.net"
    assert json.loads((tmp_path / "calls/change-status.json").read_text())["remoteJid"] == "5541988887777@s.whatsapp.net"
    assert cli("check", "--select", "FL301", tmp_path / "calls")[0] == 0


def test_no_fix_for_a_guess(cli, tmp_path):
    (tmp_path / "status.json").write_text('{"remoteJid": "+55 41 99999-9999", "status": "paused"}')
    code, out, _ = cli("check", "--diff", "--select", "FL301", tmp_path)
    assert (code, out) == (0, "")


def test_stale_file_is_not_overwritten(tmp_path):
    from flowlint.source import SourceFile

    path = tmp_path / ".env"
    path.write_text("A=1\n")
    source = SourceFile(str(path), "A=1\n", path)
    path.write_text("A=2\n")  # someone saved the file meanwhile
    with pytest.raises(StaleFile):
        write(Plan(source, "A=1\nB=2\n", 1))
    assert path.read_text() == "A=2\n"
    assert [p.name for p in tmp_path.iterdir()] == [".env"]  # no temporary file left behind
