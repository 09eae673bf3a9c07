"""Secret values never appear in any output."""
import pytest

SECRETS = ["s3cr3t-api-key-value-123", "hunter2hunter2", "tok_9f8e7d6c5b4a", "Sup3rPa55"]


@pytest.fixture
def leaky(tmp_path):
    (tmp_path / ".env").write_text(
        f"AUTHENTICATION_API_KEY={SECRETS[0]}\n"
        f"DATABASE_CONNECTION_URI=postgresql://evo:{SECRETS[1]}@db:5432/evolution\n"
        f"OPENAI_API_KEY_GLOBAL={SECRETS[2]}\n"
        "TYPEBOT_KEEP_OPEN=True\n"
        f"AUTHENTICATION_API_KEY={SECRETS[3]}\n"  # a duplicate key: its line is excerpted
        "bad line without equals\n"
    )
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n    env_file: .env\n"
        f"    environment:\n      - AUTHENTICATION_API_KEY={SECRETS[3]}\n      - CACHE_REDIS_URI=redis://u:{SECRETS[1]}@r:6379\n")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_secret_in_any_format(cli, leaky, fmt):
    code, out, err = cli("check", "--format", fmt, "--fail-on", "info", leaky)
    assert code == 1
    for secret in SECRETS:
        assert secret not in out + err


def test_pattern_masking_of_a_file_without_a_parse_masks_assignments_and_uri_credentials():
    from flowlint.redact import MASK, masked
    from flowlint.source import SourceFile

    def redact(text):  # a source no loader marked (a flow, an unparsable file): masked by pattern
        return masked(SourceFile("x.json", text), 0, len(text))

    assert redact("AUTHENTICATION_API_KEY=abc123") == f"AUTHENTICATION_API_KEY={MASK}"
    assert redact('"apikey": "abc123"') == f'"apikey": "{MASK}"'
    assert redact('"apikey": "abc#123 def"') == f'"apikey": "{MASK}"'  # a quoted value to its closing quote
    assert redact("uri: mongodb://root:pw@host:27017") == f"uri: mongodb://root:{MASK}@host:27017"
    assert redact("TYPEBOT_KEEP_OPEN=true") == "TYPEBOT_KEEP_OPEN=true"

@pytest.mark.parametrize("text, shown", [
    ('"keywordFinish": "#stop"', '"keywordFinish": "#stop"'),  # starts like "key", is no key
    ('"keyword_finish": "#sair"', '"keyword_finish": "#sair"'),
    ('"apiKey": "abc123"', '"apiKey": "********"'),
    ('"passwordHash": "x1y2"', '"passwordHash": "********"'),
    ("AUTH_TOKEN=zzz", "AUTH_TOKEN=********"),
])
def test_flow_text_masks_secret_names_only(text, shown):
    from flowlint.redact import mask_text

    assert mask_text(text) == shown
