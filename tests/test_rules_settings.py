"""The EvolutionAPI setting rules (FL201-FL205, FL403): exact places on their fixtures, quiet on the
sound variants, the variants that matter on small configs, no secret in any output, and the exact
findings on EvolutionAPI's own example files (each reviewed by hand: a new one must be reviewed too)."""
import json
import re
import shutil

import pytest

from conftest import CORPUS, needs_shared, codes_at, fixture_tests, lint_files, rule_fixture, write

# code -> (line, column) of every finding on fixtures/rules/<code>/bad, in report order
# (the .env file sorts before docker-compose.yml).
POSITIVE = {
    "FL201": [(4, 21), (5, 26), (6, 23), (7, 20), (8, 13), (9, 14), (10, 11), (11, 13), (12, 12), (13, 25),
              (7, 25)],
    "FL202": [(4, 1), (5, 1), (6, 1), (7, 1), (8, 1)],
    "FL203": [(4, 1), (5, 1), (6, 1), (7, 1), (8, 1), (9, 1), (10, 1), (11, 1), (13, 25)],
    "FL204": [(2, 24), (3, 12), (4, 25), (5, 17), (7, 32)],
    "FL205": [(3, 17)],
    "FL403": [(3, 12)],
}

# Secret values written into the bad fixtures: none may reach any output format.
FIXTURE_SECRETS = ["7c2e91f04b6d4a8e9f13c5d7a0b2e4f6", "Sup3r-S3cret-Pw", "429683C4C977415CAAFCCE10F7D57E11",
                   "changeme", "Xq93-kLm2-Vt77", "shortkey1"]




def messages(diagnostics, code):
    return [d.message for d in diagnostics if d.code == code]


test_rule_fires_at_exact_places, test_sound_variant_is_clean = fixture_tests(POSITIVE)


# --- FL201 invalid-value ------------------------------------------------------------------------

def test_fl201_messages_say_how_evolution_reads_the_value(in_repo):
    found = messages(lint_files(rule_fixture("FL201", "bad")), "FL201")
    assert "DATABASE_SAVE_DATA_CHATS=True is read as FALSE" in found[1] and "exact string `true`" in found[1]
    assert "CHATWOOT_MESSAGE_READ=false turns the feature ON in EvolutionAPI 1.8.2" in found[2]
    assert "DEL_TEMP_INSTANCES=no is read as TRUE" in found[3]
    assert "0 silently gives the default 8080" in found[4]
    assert "silently uses the default 30" in found[5]
    assert "' WARN'" in found[6] and "without trimming" in found[6]
    assert "legacy /api/v1/sendMessage" in found[0] and "#454" in found[0]
    assert "expects mongodb:// or mongodb+srv://" in found[9]
    assert "CACHE_REDIS_TTL=0 is ignored" in found[10] and "default 604800" in found[10]


def test_fl201_list_items(tmp_path):
    write(tmp_path, ".env", "CORS_METHODS=GET, POST,PATCH\nLOG_LEVEL=ERROR,WARN,VERBOSE2\n")
    found = messages(lint_files(tmp_path, evolution_version="2.3.6"), "FL201")
    assert found == ["CORS_METHODS lists 'PATCH', not among POST, GET, PUT, DELETE in EvolutionAPI 2.3.6",
                     "LOG_LEVEL lists 'VERBOSE2', not among ERROR, WARN, DEBUG, INFO, LOG, VERBOSE, DARK, WEBHOOKS, "
                     "WEBSOCKET in EvolutionAPI 2.3.6"]
    write(tmp_path, ".env", "CORS_METHODS=GET, POST\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.3.6"), "FL201")


def test_fl201_reads_each_switch_its_own_way(tmp_path):
    write(tmp_path, ".env", "KAFKA_SSL_REJECT_UNAUTHORIZED=False\nWEBHOOK_RETRY_USE_EXPONENTIAL_BACKOFF=0\n"
                            "CHATWOOT_MESSAGE_DELETE=false\nTELEMETRY_ENABLED=TRUE\nDEL_TEMP_INSTANCES=1\n"
                            "WEBHOOK_RETRY_JITTER_FACTOR=0\nLOG_COLOR=maybe\nDATABASE_SAVE_DATA_CHATS=False\n")
    diagnostics = lint_files(tmp_path, evolution_version="2.3.6")
    assert codes_at(diagnostics, "FL201") == [(1, 31), (2, 39), (4, 19), (5, 20), (6, 29), (7, 11)]
    found = messages(diagnostics, "FL201")
    assert "read as TRUE" in found[0] and "exact string `false`" in found[0]
    assert "read as TRUE" in found[1]
    assert "read as FALSE" in found[2]
    assert "DEL_TEMP_INSTANCES=1 is read as FALSE" in found[3]
    assert "default 0.2" in found[4]
    assert "is not a boolean" in found[5]


def test_fl201_version_dependent_values(tmp_path):
    write(tmp_path, ".env", "DATABASE_PROVIDER=psql_bouncer\nLOG_LEVEL=ERROR,WEBSOCKET\n")
    found = messages(lint_files(tmp_path, evolution_version="2.3.0"), "FL201")
    assert found == ["DATABASE_PROVIDER=psql_bouncer is not known to EvolutionAPI 2.3.0 (it arrived in 2.3.1)"]
    found = messages(lint_files(tmp_path, evolution_version="2.0.10"), "FL201")
    assert len(found) == 2 and "'WEBSOCKET'" in found[1]
    assert not messages(lint_files(tmp_path, evolution_version="2.3.6"), "FL201")


def test_fl201_skips_deploy_time_host_and_empty_values(tmp_path):
    write(tmp_path, ".env", "QRCODE_LIMIT=\nSERVER_URL=\n")
    write(tmp_path, "docker-compose.yml",
          "services:\n  api:\n    image: evoapicloud/evolution-api:v2.3.6\n    env_file: .env\n    environment:\n"
          "      - SERVER_PORT=${PORT}\n      - DATABASE_SAVE_DATA_CHATS\n      - LOG_BAILEYS=${LEVEL:-info}\n")
    assert not codes_at(lint_files(tmp_path), "FL201")


def test_fl201_chatwoot_switches_are_sound_from_2_0(tmp_path):
    write(tmp_path, ".env", "CHATWOOT_MESSAGE_DELETE=false\nCHATWOOT_MESSAGE_READ=true\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.0.10"), "FL201")
    assert len(codes_at(lint_files(tmp_path, evolution_version="1.7.4"), "FL201")) == 2


def test_fl201_yaml_values_are_typed_scalars(tmp_path):
    write(tmp_path, "env.yml", "SERVER:\n  TYPE: http\n  PORT: eighty\n  URL: https://evolution.example.com\n"
                               "TYPEBOT:\n  API_VERSION: latest\n  KEEP_OPEN: True\n"
                               "DATABASE:\n  CONNECTION:\n    URI: postgresql://db:5432/evolution\n")
    diagnostics = lint_files(tmp_path, evolution_version="1.8.2")
    assert codes_at(diagnostics, "FL201") == [(3, 9), (10, 10)]
    assert messages(diagnostics, "FL201") == [
        "SERVER.PORT=eighty is not an integer",
        "DATABASE.CONNECTION.URI is a postgresql:// URL, but EvolutionAPI 1.8.2 expects mongodb:// or "
        "mongodb+srv:// here"]
    assert not codes_at(diagnostics, "FL200")


def test_fl201_urls_without_a_scheme_rule_may_take_other_forms(tmp_path):
    write(tmp_path, ".env", "NATS_URI=nats-server:4222\nSENTRY_DSN=https://abc@o1.ingest.sentry.io/2\n"
                            "RABBITMQ_URI=amqp://rabbit :5672\n")
    diagnostics = lint_files(tmp_path, evolution_version="2.3.6")
    assert codes_at(diagnostics, "FL201") == [(3, 14)]
    assert messages(diagnostics, "FL201") == [
        "RABBITMQ_URI contains whitespace (the value is not shown: it may hold credentials)"]


# --- FL202 unknown-setting ----------------------------------------------------------------------

def test_fl202_messages_suggest_the_real_name(in_repo):
    found = messages(lint_files(rule_fixture("FL202", "bad")), "FL202")
    assert "the name it reads is RABBITMQ_MODE" in found[0] and "rename it to RABBITMQ_MODE" in found[0]
    assert "CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE" in found[1]
    assert found[2].endswith("did you mean TYPEBOT_KEEP_OPEN?")
    assert "case-sensitive" in found[3] and "TYPEBOT_API_VERSION" in found[3]
    assert found[4] == "DATABASE_URL is not an EvolutionAPI setting: EvolutionAPI 1.7.4 ignores it"


def test_fl202_misspelt_names_whose_target_is_gone_or_unused(tmp_path):
    write(tmp_path, ".env", "RABBITMQ_RABBITMQ_MODE=global\nCLEAN_STORE_CLEANING_INTERVAL=3600\n")
    found = messages(lint_files(tmp_path, evolution_version="1.8.2"), "FL202")
    assert len(found) == 1 and "does not read either (replaced by RABBITMQ_GLOBAL_ENABLED" in found[0]
    found = messages(lint_files(tmp_path, evolution_version="1.7.0"), "FL202")
    assert found[0].endswith("rename it to RABBITMQ_MODE")
    assert "CLEAN_STORE_CLEANING_TERMINAL" in found[1] and "7200 always applies" in found[1]


def test_fl202_judges_every_env_yml_key(tmp_path):
    write(tmp_path, "env.yml", "SERVER:\n  TYPE: http\nTYPEBOT:\n  API_VERSON: latest\n  KEEP_OPEN: true\n"
                               "CACHE:\n  LOCAL:\n    ENABLED: true\n    TTL: 86400\n")
    diagnostics = lint_files(tmp_path, evolution_version="1.8.2")
    assert codes_at(diagnostics, "FL202") == [(4, 3)]
    assert messages(diagnostics, "FL202")[0].endswith("did you mean TYPEBOT_API_VERSION?")
    assert not codes_at(diagnostics, "FL203")  # CACHE.LOCAL.TTL works in env.yml


# --- FL203 setting-not-in-version ---------------------------------------------------------------

def test_fl203_names_the_version_and_the_replacement(in_repo):
    found = messages(lint_files(rule_fixture("FL203", "bad")), "FL203")
    assert found[0].startswith("EvolutionAPI 2.0.10 ignores TYPEBOT_KEEP_OPEN") and "keepOpen" in found[0]
    assert "stopped reading it in 1.7.3; use CACHE_REDIS_URI" in found[4]
    assert "no EvolutionAPI version reads it" in found[5] and "CACHE_REDIS_TTL" in found[5]
    assert "never uses the value" in found[6]
    # PUSHER_* came with commit 29e2cfaf, after the 2.1.2 release (2.2.0:CHANGELOG.md:9)
    assert "reads it only from 2.2.0" in found[7]
    assert "MongoDB" in found[8] and "mongo:27017" not in found[8]


def test_fl203_2x_settings_on_1x_and_unused_ints(tmp_path):
    write(tmp_path, ".env", "DATABASE_PROVIDER=postgresql\nAUTHENTICATION_JWT_EXPIRIN_IN=60\nTYPEBOT_KEEP_OPEN=true\n")
    found = messages(lint_files(tmp_path, evolution_version="1.8.2"), "FL203")
    assert found == [
        "EvolutionAPI 1.8.2 ignores DATABASE_PROVIDER: EvolutionAPI reads it only from 2.0.0",
        "AUTHENTICATION_JWT_EXPIRIN_IN has no effect in EvolutionAPI 1.8.2: the code parses it but never uses the "
        "value (3600 always applies)",
    ]


def test_fl203_env_yml_values_are_used_as_is(tmp_path):
    write(tmp_path, "env.yml", "CLEAN_STORE:\n  CLEANING_INTERVAL: 3600\nAUTHENTICATION:\n  JWT:\n    EXPIRIN_IN: 60\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL203")


def test_settings_rules_say_nothing_about_uncatalogued_versions(tmp_path):
    write(tmp_path, ".env", "DATABASE_PROVIDER=postgresql\nTYPEBOT_KEEPOPEN=true\nQRCODE_LIMIT=0\n")
    diagnostics = lint_files(tmp_path, evolution_version="1.5.4")
    assert not [d for d in diagnostics if d.code in ("FL201", "FL202", "FL203")]


# --- FL204 insecure-setting ---------------------------------------------------------------------

def test_fl204_absent_key_points_at_the_image(tmp_path):
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    image: evoapicloud/evolution-api:v2.3.6\n"
                                          "    environment:\n      TYPEBOT_ENABLED: \"true\"\n")
    diagnostics = lint_files(tmp_path)
    assert codes_at(diagnostics, "FL204") == [(3, 12)]
    assert "not set" in messages(diagnostics, "FL204")[0] and "BQYHJGJHJ" not in messages(diagnostics, "FL204")[0]


def test_fl204_absent_key_unknown_when_an_env_file_is_missing(tmp_path):
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    image: evoapicloud/evolution-api:v2.3.6\n"
                                          "    env_file: [secrets.env]\n")
    assert not codes_at(lint_files(tmp_path), "FL204")


def test_fl204_empty_default_and_deploy_time_keys(tmp_path):
    write(tmp_path, ".env", "AUTHENTICATION_API_KEY=\nAUTHENTICATION_API_KEY=BQYHJGJHJ\n")
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    image: evoapicloud/evolution-api:v2.3.6\n"
                                          "    env_file: .env\n    environment:\n"
                                          "      - AUTHENTICATION_API_KEY=${API_KEY}\n")
    diagnostics = lint_files(tmp_path)
    found = messages(diagnostics, "FL204")
    assert codes_at(diagnostics, "FL204") == [(1, 24), (2, 24)]
    assert "is empty" in found[0] and "built-in default key" in found[1]
    assert all("BQYHJGJHJ" not in m for m in found)


def test_fl204_local_http_is_fine(tmp_path):
    for url in ("http://localhost:8080", "http://192.168.1.10:8080", "http://evolution-api:8080",
                "http://host.docker.internal:8080", "https://evolution.example.com"):
        write(tmp_path, ".env", f"AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nSERVER_URL={url}\n")
        assert not codes_at(lint_files(tmp_path, evolution_version="2.3.6"), "FL204"), url


def test_fl204_jwt_secret_on_1x(tmp_path):
    write(tmp_path, ".env", "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nAUTHENTICATION_TYPE=jwt\n"
                            "AUTHENTICATION_JWT_SECRET='L=0YWt]b2w[WF>#>:&E`'\n")
    diagnostics = lint_files(tmp_path, evolution_version="1.8.2")
    assert codes_at(diagnostics, "FL204") == [(3, 27)]
    assert "anyone can sign" in messages(diagnostics, "FL204")[0]
    write(tmp_path, ".env", "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\nAUTHENTICATION_TYPE=apikey\n"
                            "AUTHENTICATION_JWT_SECRET='L=0YWt]b2w[WF>#>:&E`'\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL204")


def test_fl204_messages_never_name_the_key(in_repo):
    found = messages(lint_files(rule_fixture("FL204", "bad")), "FL204")
    assert "the example key from EvolutionAPI's 2.x .env.example" in found[0]
    assert "evolution.example.com" in found[1]
    assert all(secret not in message for secret in FIXTURE_SECRETS for message in found)


# --- FL205 typebot-disabled ---------------------------------------------------------------------

def test_fl205_absent_points_at_the_image(tmp_path, in_repo):
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    image: evoapicloud/evolution-api:v2.2.3\n"
                                          "    environment:\n      - AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7"
                                          "a0b2e4f6\n")
    shutil.copy(rule_fixture("FL205", "bad") + "/flow.json", tmp_path / "flow.json")  # beside its compose file
    diagnostics = lint_files(tmp_path)
    assert codes_at(diagnostics, "FL205") == [(3, 12)]
    assert "Typebot is disabled" in messages(diagnostics, "FL205")[0]


def test_fl205_quiet_on_1x_and_at_deploy_time(tmp_path, in_repo):
    flow = shutil.copy(rule_fixture("FL205", "bad") + "/flow.json", tmp_path / "flow.json")  # beside its .env
    write(tmp_path, ".env", "TYPEBOT_ENABLED=${TYPEBOT}\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.3.6"), "FL205")
    write(tmp_path, ".env", "TYPEBOT_KEEP_OPEN=true\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL205")
    assert codes_at(lint_files(tmp_path, evolution_version="2.0.10"), "FL205") == [(1, 1)]
    flow.unlink()
    assert not codes_at(lint_files(tmp_path, evolution_version="2.0.10"), "FL205")  # no flow linted


# --- FL403 known-regression ---------------------------------------------------------------------

def test_fl403_expire_regression_on_2_2_3(in_repo):
    diagnostics = lint_files(rule_fixture("FL403", "bad"), evolution_version="2.2.3")
    (message,) = messages(diagnostics, "FL403")
    assert "expire never fires" in message and "#1260" in message and "PR #1264" in message
    assert codes_at(diagnostics, "FL403") == [(1, 1)]  # --evolution-version pins it: the first config file


@pytest.mark.parametrize("version, fires", [("2.0.10", False), ("2.1.2", True), ("2.2.3", True), ("2.3.0", True),
                                            ("2.3.2", True), ("2.3.3", False), ("1.8.2", False)])
def test_fl403_version_spans(in_repo, version, fires):
    assert bool(codes_at(lint_files(rule_fixture("FL403", "bad"), evolution_version=version), "FL403")) == fires


def test_fl403_needs_a_pin_and_typebot_on(tmp_path):
    write(tmp_path, ".env", "TYPEBOT_ENABLED=true\n")
    assert not codes_at(lint_files(tmp_path), "FL403")  # assumed newest, not pinned
    write(tmp_path, ".env", "TYPEBOT_ENABLED=false\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.2.3"), "FL403")


def test_regressions_are_well_formed_data():
    from flowlint.knowledge import regressions
    from flowlint.model.evolution import parse_version

    spans = []
    for known in regressions():
        assert {"id", "since", "until", "issues", "pull_requests", "summary", "fix"} <= set(known)
        assert parse_version(known["since"]) < parse_version(known["until"])
        spans.append((parse_version(known["since"]), parse_version(known["until"])))
    spans.sort()
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


# --- no secret in any output --------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_fixture_secret_in_any_format(cli, fmt):
    for code in POSITIVE:
        status, out, err = cli("check", "--format", fmt, "--fail-on", "info", rule_fixture(code, "bad"))
        assert status == 1, code
        for secret in FIXTURE_SECRETS:
            assert secret not in out + err, (code, fmt, secret)


# --- EvolutionAPI's own example files -----------------------------------------------------------
# Every finding below was checked against the EvolutionAPI source of that release:
# - FL200: TYPEBOT_KEEP_OPEN=false on 1.6.1-1.8.x deletes the session at the end of a flow.
# - FL201: CHATWOOT_MESSAGE_DELETE/READ=false turn the feature ON on 1.7.0-1.8.x (`=== 'false'`);
#   `postgres://user:password@hostname:port/dbname` has the word "port" for a port; the 1.7.5
#   DATABASE_CONNECTION_URI is broken over four lines (" &" left in the value); the dev-env.yml
#   SERVER.URL is `localhost` with no scheme (the Chatwoot webhook_url is built from it) and the
#   webhook URLs are the placeholder `<url>`.
# - FL202: RABBITMQ_RABBITMQ_MODE (1.7), CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE (1.7-1.8),
#   RABBITMQ_EVENTS_GROUP_UPDATE (2.x), CLEAN_STORE_CLEANING_INTERVAL on 1.6.1/1.7.0 (the code reads
#   CLEAN_STORE_CLEANING_TERMINAL).
# - FL203: AUTHENTICATION_JWT_EXPIRIN_IN and CLEAN_STORE_CLEANING_INTERVAL env values are ignored
#   (Number.isInteger on a string); CACHE_LOCAL_TTL, WEBHOOK_/RABBITMQ_EVENTS_LOGOUT/REMOVE_INSTANCE
#   are read by no code; TYPEBOT_SEND_MEDIA_BASE64 is parsed and never used.
# - FL204: the example API keys (B6D7…, 4296…) and the built-in default (2.3.6 env.example); URIs
#   with guessable credentials (root:root, guest:guest, user:pass, username:password).
# - FL212: the 1.x src/dev-env.yml files ship TYPEBOT.API_VERSION 'old' (the legacy /api/v1/sendMessage;
#   issue #454 was this very line, fixed by switching to latest).
# - FL213: src/dev-env.yml is the example 1.x never loads (it reads only src/env.yml, 1.6.1-1.8.2
#   src/config/env.config.ts readFileSync(join(process.cwd(), 'src', 'env.yml'))): copy it first.
CORPUS_FINDINGS = {
    "evolution-api_1.6.1-Docker_.env.example": [
        ("FL202", 27), ("FL204", 35), ("FL204", 50), ("FL200", 110), ("FL204", 119), ("FL203", 123)],
    "evolution-api_1.6.1-src_dev-env.yml": [
        ("FL213", 1), ("FL201", 11), ("FL204", 70), ("FL204", 87), ("FL201", 104), ("FL201", 140), ("FL212", 153), ("FL200", 154), ("FL204", 164)],
    "evolution-api_1.7.0-Docker_.env.example": [
        ("FL202", 28), ("FL204", 36), ("FL202", 51), ("FL204", 53), ("FL200", 120), ("FL201", 124), ("FL201", 126),
        ("FL201", 128), ("FL202", 129), ("FL204", 138), ("FL203", 142)],
    "evolution-api_1.7.0-src_dev-env.yml": [
        ("FL213", 1), ("FL201", 11), ("FL204", 70), ("FL204", 89), ("FL201", 112), ("FL201", 150), ("FL212", 163), ("FL200", 164), ("FL201", 175),
        ("FL204", 197)],
    "evolution-api_1.7.5-Docker_.env.example": [
        ("FL203", 28), ("FL201", 36), ("FL202", 50), ("FL204", 52), ("FL200", 120), ("FL201", 124), ("FL201", 126),
        ("FL201", 128), ("FL202", 129), ("FL203", 137), ("FL204", 146), ("FL203", 150)],
    "evolution-api_1.7.5-src_dev-env.yml": [
        ("FL213", 1), ("FL201", 11), ("FL204", 70), ("FL204", 84), ("FL201", 108), ("FL201", 146), ("FL212", 159), ("FL200", 160), ("FL201", 171),
        ("FL204", 194)],
    "evolution-api_1.8.2-Docker_.env.example": [
        ("FL203", 28), ("FL204", 36), ("FL204", 47), ("FL200", 141), ("FL201", 145), ("FL201", 147), ("FL201", 149),
        ("FL202", 150), ("FL203", 158), ("FL204", 167), ("FL203", 171)],
    "evolution-api_1.8.2-src_dev-env.yml": [
        ("FL213", 1), ("FL201", 11), ("FL204", 78), ("FL204", 90), ("FL201", 142), ("FL201", 180), ("FL212", 193), ("FL200", 194), ("FL201", 205),
        ("FL204", 228)],
    "evolution-api_2.0.10-.env.example": [("FL204", 26), ("FL202", 66), ("FL204", 200)],
    # This file is the .env.example of commit 29e2cfaf ("feat: pusher event integration"), made after
    # the 2.1.2 release: the released 2.1.2 reads none of its PUSHER_* lines (92-124), which first
    # ship in 2.2.0 (2.2.0:CHANGELOG.md:9; 2.2.0:src/config/env.config.ts:402), so FL203 says so.
    "evolution-api_2.1.2-.env.example": [
        ("FL204", 29), ("FL202", 71), ("FL203", 74), ("FL203", 75),
        *(("FL203", line) for line in [*range(92, 99), *range(100, 125)]),
        ("FL203", 161), ("FL203", 162), ("FL204", 252)],
    "evolution-api_2.2.3-.env.example": [
        ("FL204", 29), ("FL202", 74), ("FL203", 77), ("FL203", 78), ("FL203", 164), ("FL203", 165), ("FL204", 259)],
    "evolution-api_2.3.6-.env.example": [
        ("FL204", 55), ("FL202", 106), ("FL203", 109), ("FL203", 110), ("FL203", 283), ("FL203", 284), ("FL204", 393)],
    "evolution-api_2.3.6-env.example": [("FL204", 32), ("FL203", 58), ("FL204", 63), ("FL203", 209)],
}

CORPUS_FILES = sorted(p.name for p in (CORPUS / "evolution").iterdir()) if (CORPUS / "evolution").is_dir() else []


@needs_shared
def test_every_corpus_file_was_reviewed():
    assert CORPUS_FILES and sorted(CORPUS_FINDINGS) == CORPUS_FILES


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_findings_are_the_reviewed_ones(name):
    version = re.match(r"evolution-api_(\d+\.\d+\.\d+)-", name).group(1)
    diagnostics = lint_files(CORPUS / "evolution" / name, evolution_version=version)
    assert [(d.code, d.line) for d in diagnostics] == CORPUS_FINDINGS[name], [
        f"{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_messages_keep_secrets(name):
    version = re.match(r"evolution-api_(\d+\.\d+\.\d+)-", name).group(1)
    text = json.dumps([d.message for d in lint_files(CORPUS / "evolution" / name, evolution_version=version)])
    for secret in ("B6D711FCDE4D4FD5936544120E713976", "429683C4C977415CAAFCCE10F7D57E11", "BQYHJGJHJ",
                   "root:root", "guest:guest", "user:pass"):
        assert secret not in text
