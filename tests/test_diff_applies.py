"""--diff output applies with `git apply` to the original files: context lines are the file's own
lines (never masked), a secret is left out of a hunk's context, and a change that cannot be shown
without its secret is left out and named on stderr. (Every --diff the `cli` fixture makes is also checked
with git apply, see conftest.py.)"""
import pytest

from conftest import diff_applies, git_applies


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_check_fails_on_a_diff_that_does_not_match(here):
    (here / ".env").write_text("AUTHENTICATION_TYPE=apikey\nTYPEBOT_KEEP_OPEN=True\n")
    masked = "--- a/.env\n+++ b/.env\n@@ -1,2 +1,2 @@\n AUTHENTICATION_TYPE=********\n-TYPEBOT_KEEP_OPEN=True\n+TYPEBOT_KEEP_OPEN=true\n"
    with pytest.raises(AssertionError):
        diff_applies(masked)


def test_context_is_the_file_itself_and_applies(cli, here):
    (here / ".env").write_text("AUTHENTICATION_TYPE=apikey\nLOG_LEVEL=ERROR\nTYPEBOT_KEEP_OPEN=True\nLOG_COLOR=true\n")
    _, out, _ = cli("check", "--diff", "--evolution-version", "1.8.2", ".")
    assert out == ("--- a/.env\n+++ b/.env\n@@ -1,4 +1,4 @@\n AUTHENTICATION_TYPE=apikey\n LOG_LEVEL=ERROR\n"
                   "-TYPEBOT_KEEP_OPEN=True\n+TYPEBOT_KEEP_OPEN=true\n LOG_COLOR=true\n")
    git_applies(out, here)


def test_a_secret_is_left_out_of_the_context(cli, here):
    (here / ".env").write_text("LOG_LEVEL=ERROR\nAUTHENTICATION_API_KEY='k#ey with spaces'\nTYPEBOT_KEEP_OPEN=True\n"
                               "LOG_COLOR=true\nDATABASE_CONNECTION_URI=postgresql://u:pw@db/x\n")
    _, out, _ = cli("check", "--diff", "--evolution-version", "1.8.2", "--select", "FL200", ".")
    assert out == "--- a/.env\n+++ b/.env\n@@ -3,2 +3,2 @@\n-TYPEBOT_KEEP_OPEN=True\n+TYPEBOT_KEEP_OPEN=true\n LOG_COLOR=true\n"
    git_applies(out, here)


def test_a_change_right_before_a_secret_is_withheld_and_named(cli, here):
    # git needs a context line after a hunk that does not end the file; here it would be the key
    (here / ".env").write_text("TYPEBOT_KEEP_OPEN=True\nAUTHENTICATION_API_KEY=a-long-random-production-key\n")
    code, out, err = cli("check", "--diff", "--evolution-version", "1.8.2", "--select", "FL200", ".")
    assert (code, out) == (1, "")
    assert err == "flowlint: a fix to .env:1 is not in the diff: that part of the file holds a secret or a control character (--fix makes it)\n"


def test_a_changed_line_holding_a_secret_is_withheld_the_rest_shown(cli, here):
    (here / ".env").write_text("DATABASE_CONECTION_URI=postgresql://evo:s3cr#t@db/evolution\nLOG_LEVEL=ERROR\n"
                               "LOG_COLOR=true\nLOG_BAILEYS=error\nTYPEBOT_KEEP_OPEN=True\n")
    _, out, err = cli("check", "--diff", "--evolution-version", "1.8.2", "--select", "FL200,FL202", ".")
    assert err.startswith("flowlint: a fix to .env:1 is not in the diff")
    assert "s3cr" not in out + err and "DATABASE_CONECTION_URI" not in out
    assert "+TYPEBOT_KEEP_OPEN=true\n" in out
    git_applies(out, here)


def test_a_file_with_bom_and_crlf_and_no_final_newline(cli, here):
    (here / ".env").write_bytes(b"\xef\xbb\xbfLOG_LEVEL=ERROR\r\nTYPEBOT_KEEP_OPEN=True")
    _, out, _ = cli("check", "--diff", "--evolution-version", "1.8.2", ".")
    assert "\\ No newline at end of file" in out  # the cli fixture applies it as printed, \r\n and all
