"""Every secret the catalogue marks, whatever its value holds (`#`, quotes, spaces, escapes), is
masked exactly as the .env/YAML parser reads it, in every output format, excerpt and --diff; values
that are not secret stay visible."""
import pytest

from flowlint import knowledge

from conftest import git_applies

SECRETS = [name for name, entry in sorted(knowledge.catalogue().items()) if entry.get("secret")]


def _words(index: int, *names) -> list:
    return [f"{name}{index}x" for name in names]


def _config(tmp_path) -> list:
    """Write a .env, a compose file and an env.yml that hold every secret in many spellings;
    returns the words of the secrets, none of which may be printed."""
    env, compose, yaml_tree, hidden = [], [], {}, []
    for i, name in enumerate(SECRETS):
        a, b, c, d, e, f, g, h, j = _words(i, "alpha", "bravo", "charlie", "delta", "echo", "fox", "golf", "hotel",
                                           "india")
        env += [f"{name}='{a}#{b} \\'{c}'",  # single-quoted: # and space inside, an escaped quote
                "AUTHENTICATION_TYPE=apikey",
                f'export {name} = "{d}#{e} \\"{f}\\\\"  # a comment',  # double-quoted with escapes
                f"{name}={g}#{h} {j} # unquoted: # without a space before it is part of the value"]
        k, m, n = _words(i, "kilo", "mike", "november")
        compose.append(f"      - {name}={k}#{m} {n}")
        path = knowledge.entry(name).get("yaml")
        if path:
            o, p = _words(i, "oscar", "papa")
            yaml_tree[path] = f"'{o}#'' {p}'"  # YAML single quotes: '' is a quote
        hidden += [a, b, c, d, e, f, g, h, j, k, m, n] + ([o, p] if path else [])
    env += ["TYPEBOT_KEEP_OPEN=True",  # FL200 rewrites it: its diff sits among secret lines
            "LOG_BAILEYS=error",
            "DATABASE_CONECTION_URI=quebec#romeo sierra",  # a misspelt secret is a secret still
            "WEBHOOK_GLOBAL_URL=https://hook:tango#uniform@hooks.example.com/in"]
    hidden += ["quebec", "romeo", "sierra", "tango#uniform", "tango"]
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / ".env").write_text("\n".join(env) + "\n")
    (tmp_path / "api" / "docker-compose.yml").write_text(
        "services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n    env_file: .env\n    environment:\n"
        + "\n".join(compose) + "\n"
        "  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: \"whiskey#xray \\\" yankee\"\n")
    hidden += ["whiskey", "xray", "yankee"]
    yaml_tree["TYPEBOT.KEEP_OPEN"] = "'True'"
    (tmp_path / "yml" / "src").mkdir(parents=True)
    (tmp_path / "yml" / "src" / "env.yml").write_text(_yaml(yaml_tree))
    return hidden


def _yaml(flat: dict) -> str:
    tree: dict = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value

    def lines(node, depth):
        for key, value in node.items():
            if isinstance(value, dict):
                yield f"{'  ' * depth}{key}:"
                yield from lines(value, depth + 1)
            else:
                yield f"{'  ' * depth}{key}: {value}"

    return "\n".join(lines(tree, 0)) + "\n"


@pytest.fixture
def config(tmp_path, monkeypatch, cli):
    hidden = _config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return hidden


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_catalogued_secret_in_any_format(cli, config, fmt):
    code, out, err = cli("check", "--format", fmt, "--fail-on", "info", "--evolution-version", "1.8.2", ".")
    assert code == 1
    for word in config:
        assert word not in out + err, word
    if fmt == "text":  # excerpts are shown, with what is not secret left readable
        assert "AUTHENTICATION_TYPE=apikey" in out
        assert "FL006" in out and "https://hook:********@hooks.example.com/in" in out
        assert "FL202" in out  # the misspelt secret is reported, its value masked


def test_no_catalogued_secret_in_a_diff_and_the_diff_applies(cli, config, tmp_path):
    for folder, changed in (("api", "+TYPEBOT_KEEP_OPEN=true"), ("yml", "+  KEEP_OPEN: 'true'")):
        code, out, err = cli("check", "--diff", "--evolution-version", "1.8.2", folder)
        for word in config:
            assert word not in out + err, word
        assert changed in out
        git_applies(out, tmp_path)


def test_a_quoted_value_is_masked_to_its_closing_quote(cli, tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("AUTHENTICATION_API_KEY='abc#defghijkl'\nAUTHENTICATION_TYPE=apikey\n"
                                   "AUTHENTICATION_API_KEY='abc#defghijkl'\n")
    monkeypatch.chdir(tmp_path)
    _, out, _ = cli("check", "--select", "FL006", ".")
    assert " | AUTHENTICATION_API_KEY='********'" in out
    assert "defghijkl" not in out


def test_masking_follows_the_parser_not_a_pattern():
    from flowlint.loaders import load
    from flowlint.redact import MASK, masked
    from flowlint.source import SourceFile

    text = ('AUTHENTICATION_API_KEY="a b\\"#c" # note\nAUTHENTICATION_TYPE=apikey\n'
            "DATABASE_CONNECTION_URI=postgresql://u:p@db/x\nCONFIG_SESSION_PHONE_NAME=Chrome\n"
            "WEBHOOK_GLOBAL_URL=https://u:pw@h/x\n")
    source = SourceFile(".env", text)
    load(source)
    assert masked(source, 0, len(text)).splitlines() == [
        f'AUTHENTICATION_API_KEY="{MASK}" # note', "AUTHENTICATION_TYPE=apikey", f"DATABASE_CONNECTION_URI={MASK}",
        "CONFIG_SESSION_PHONE_NAME=Chrome", f"WEBHOOK_GLOBAL_URL=https://u:{MASK}@h/x"]


def test_the_message_safety_net_masks_values_not_words():
    from flowlint.redact import MASK, mask_message

    values = ["Zx8#vQ 2m", "evolution", "hunter2"]
    assert mask_message("KEY='Zx8#vQ 2m' is short", values) == f"KEY='{MASK}' is short"
    assert mask_message("https://u:hunter2@h", values) == f"https://u:{MASK}@h"
    assert mask_message("no --evolution-version, nor a guessable evolution password", values) == (
        "no --evolution-version, nor a guessable evolution password")  # a plain word hides nothing


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written=st.text(alphabet="ab#'\" \\=x\t", max_size=14), comment=st.sampled_from(["", " # note", "  #x"]))
def test_a_secret_value_span_is_exactly_what_dotenv_reads(written, comment):
    """Whatever the value holds, the masked span re-reads as the value python-dotenv gives, and
    masking replaces exactly it."""
    import io

    from dotenv import dotenv_values

    from flowlint.loaders import load
    from flowlint.redact import MASK, masked
    from flowlint.source import SourceFile

    text = f"AUTHENTICATION_API_KEY={written}{comment}\nLOG_LEVEL=ERROR\n"
    source = SourceFile(".env", text)
    document = load(source)
    expected = dotenv_values(stream=io.StringIO(text), interpolate=False).get("AUTHENTICATION_API_KEY")
    found = [s for s in document.settings if s.name == "AUTHENTICATION_API_KEY"]
    if not found or expected is None:
        return  # a line dotenv cannot read: masked whole (test_robustness)
    (setting,) = found
    assert setting.value == expected
    span = text[setting.value_start:setting.value_end]
    assert dotenv_values(stream=io.StringIO(f"K={span}\n"), interpolate=False)["K"] == expected
    shown = masked(source, 0, len(text))
    if expected:
        assert MASK in shown.splitlines()[0]
    assert shown.endswith("\nLOG_LEVEL=ERROR\n")  # nothing else masked
