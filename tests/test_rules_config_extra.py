"""The EvolutionAPI config rules FL210 (env-file-ignored-outside-docker), FL211
(startup-crash-missing-setting), FL212 (typebot-api-version) and FL407 (silent-forever), and the
safe fix of FL202 (unknown-setting): exact places on the fixtures, quiet on the sound variants,
the variants that decide each rule, and what the new rules say about EvolutionAPI's own example
files."""
import json
import re
import shutil

import pytest

from conftest import CORPUS, RULE_FIXTURES, codes_at, described, lint_files, rule_fixture, write

# code -> (version to lint the bad fixture with or None, (line, column) of every finding there)
POSITIVE = {
    "FL210": ("1.8.2", [(1, 1)]),  # a .env alone pins no version
    "FL211": ("1.8.2", [(1, 1)]),
    "FL212": (None, [(4, 21)]),
    "FL407": (None, [(5, 13)]),
}

KEY = "AUTHENTICATION_API_KEY=7c2e91f04b6d4a8e9f13c5d7a0b2e4f6\n"
CHECKOUT = '{"name": "evolution-api", "version": "1.8.2"}\n'
IMAGE_1X = "services:\n  evolution:\n    image: atendai/evolution-api:v1.8.2\n    env_file: .env\n"




def messages(diagnostics, code):
    return [d.message for d in diagnostics if d.code == code]


def at(diagnostics, code):
    return [(d.path.replace("\\", "/").rsplit("/", 1)[-1], d.line, d.column) for d in diagnostics if d.code == code]


@pytest.mark.parametrize("code", sorted(POSITIVE))
def test_rule_fires_at_exact_places(code, in_repo):
    version, places = POSITIVE[code]
    settings = {"evolution_version": version} if version else {}
    assert codes_at(lint_files(rule_fixture(code, "bad"), **settings), code) == places


@pytest.mark.parametrize("code", sorted(POSITIVE))
def test_sound_variant_is_clean(code, in_repo):
    diagnostics = lint_files(rule_fixture(code, "good"))
    assert diagnostics == [], described(diagnostics)


@pytest.mark.parametrize("code", sorted(POSITIVE))
def test_sound_variant_is_clean_from_the_command_line(cli, code):
    status, out, _ = cli("check", rule_fixture(code, "good"))
    assert status == 0 and out.startswith("No problems found"), out


def test_fixture_directories_and_docs():
    from flowlint.rules import find_rule

    for code in POSITIVE:
        assert (RULE_FIXTURES / code / "bad").is_dir() and (RULE_FIXTURES / code / "good").is_dir()
        docs = find_rule(code).docs
        for section in ("## What it finds", "## Why it matters", "## Example", "## How to fix"):
            assert section in docs, (code, section)
        assert re.search(r"#\d+|commit [0-9a-f]{7}", docs), code  # the issues (or the fix) behind it


def test_severities_and_names():
    from flowlint.rules import ERROR, WARNING, find_rule

    assert find_rule("env-file-ignored-outside-docker").severity == WARNING
    assert find_rule("startup-crash-missing-setting").severity == ERROR
    assert find_rule("typebot-api-version").severity == WARNING
    assert find_rule("silent-forever").code == "FL407" and find_rule("FL407").severity == WARNING
    assert find_rule("FL202").fixable


# --- FL210 env-file-ignored-outside-docker --------------------------------------------------------

def test_fl210_message_names_both_ways_out(in_repo):
    (message,) = messages(lint_files(rule_fixture("FL210", "bad"), evolution_version="1.8.2"), "FL210")
    assert "only with DOCKER_ENV=true" in message and "source checkout" in message
    assert "src/env.yml" in message and "official image" in message


def test_fl210_absent_docker_env_needs_a_source_checkout(tmp_path):
    write(tmp_path, ".env", KEY + "TYPEBOT_KEEP_OPEN=true\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL210")  # maybe the image's env_file
    write(tmp_path, "package.json", CHECKOUT)
    assert codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL210") == [(1, 1)]
    write(tmp_path, "package.json", '{"name": "my-bot"}\n')
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL210")


def test_fl210_docker_env_written_otherwise_is_ignored_everywhere(tmp_path):
    for value in ("false", "True", "1", ""):
        write(tmp_path, "docker/.env", KEY + f"DOCKER_ENV={value}\n")
        diagnostics = lint_files(tmp_path, evolution_version="1.7.4")
        assert at(diagnostics, "FL210") == [(".env", 1, 1)], value
        shown = "empty" if not value else f"'{value}'"
        assert f"DOCKER_ENV is {shown}, not exactly `true`" in messages(diagnostics, "FL210")[0]


def test_fl210_quiet_cases(tmp_path):
    write(tmp_path, "package.json", CHECKOUT)
    for line in ("DOCKER_ENV=true\n", "DOCKER_ENV=${DOCKER_ENV}\n"):
        write(tmp_path, ".env", KEY + line + "CORS_ORIGIN=*\nCORS_METHODS=GET\nLOG_LEVEL=ERROR\n")
        assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL210"), line
    write(tmp_path, ".env", KEY + "DOCKER_ENV=false\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.0.10"), "FL210")  # 2.x loads .env itself
    assert not codes_at(lint_files(tmp_path, evolution_version="1.5.4"), "FL210")  # before the catalogue
    assert not codes_at(lint_files(tmp_path), "FL210")  # unpinned: assumed 2.x
    write(tmp_path, "docker-compose.yml", IMAGE_1X)
    assert not codes_at(lint_files(tmp_path), "FL210")  # the image, as the brief of R20 says


def test_fl210_reports_every_env_file(tmp_path):
    write(tmp_path, "package.json", CHECKOUT)
    write(tmp_path, ".env", KEY)
    write(tmp_path, ".env.local", "TYPEBOT_KEEP_OPEN=true\n")
    assert at(lint_files(tmp_path, evolution_version="1.8.2"), "FL210") == [(".env", 1, 1), (".env.local", 1, 1)]


def test_fl210_quiet_next_to_an_env_yml(tmp_path):
    write(tmp_path, "package.json", CHECKOUT)
    write(tmp_path, ".env", KEY)
    write(tmp_path, "env.yml", "SERVER:\n  TYPE: http\nTYPEBOT:\n  KEEP_OPEN: true\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL210")


# --- FL211 startup-crash-missing-setting ----------------------------------------------------------

def test_fl211_names_what_is_missing_and_a_value_for_it(in_repo):
    (message,) = messages(lint_files(rule_fixture("FL211", "bad"), evolution_version="1.8.2"), "FL211")
    assert "CORS_ORIGIN and LOG_LEVEL are not set" in message and "CORS_METHODS" not in message.split(";")[0]
    assert "TypeError" in message
    assert "CORS_ORIGIN=*" in message and "LOG_LEVEL=ERROR,WARN,DEBUG,INFO,LOG,VERBOSE,DARK,WEBHOOKS" in message
    assert "WEBSOCKET" not in message  # a 2.1+ level: 1.x would not know it


def test_fl211_only_when_process_env_is_read(tmp_path):
    write(tmp_path, ".env", KEY)
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL211")  # src/env.yml mode
    for value in ("false", "True", "${DOCKER}"):
        write(tmp_path, ".env", KEY + f"DOCKER_ENV={value}\n")
        assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL211"), value
    write(tmp_path, ".env", KEY + "DOCKER_ENV=true\n")
    diagnostics = lint_files(tmp_path, evolution_version="1.6.1")
    assert codes_at(diagnostics, "FL211") == [(1, 1)]
    assert "CORS_METHODS, CORS_ORIGIN and LOG_LEVEL are not set" in messages(diagnostics, "FL211")[0]


def test_fl211_quiet_when_set_empty_or_on_the_image(tmp_path):
    write(tmp_path, ".env", KEY + "DOCKER_ENV=true\nCORS_ORIGIN=\nCORS_METHODS=GET\nLOG_LEVEL=${LEVEL}\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL211")  # '' splits fine
    write(tmp_path, ".env", KEY + "DOCKER_ENV=true\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.0.10"), "FL211")  # 2.x: no DOCKER_ENV switch
    write(tmp_path, "docker-compose.yml", IMAGE_1X)
    assert not codes_at(lint_files(tmp_path), "FL211")  # the Dockerfile sets all three
    (tmp_path / "docker-compose.yml").unlink()
    write(tmp_path, "evolution.docker.env", KEY + "DOCKER_ENV=true\n")
    (tmp_path / ".env").unlink()
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL211")  # a file for the image


# --- FL212 typebot-api-version --------------------------------------------------------------------

def test_fl212_old_points_at_the_value(in_repo):
    (message,) = messages(lint_files(rule_fixture("FL212", "bad")), "FL212")
    assert "legacy /api/v1/sendMessage" in message and "#454" in message and "latest" in message


def test_fl212_and_fl201_never_report_the_same_value(tmp_path):
    for value, code in (("old", "FL212"), ("v2", "FL201"), ("Latest", "FL201"), ("OLD", "FL201"), ("", "FL212")):
        write(tmp_path, ".env", KEY + f"TYPEBOT_KEEP_OPEN=true\nTYPEBOT_API_VERSION={value}\n")
        diagnostics = lint_files(tmp_path, evolution_version="1.8.2")
        found = [d.code for d in diagnostics if d.line == 3 and d.code in ("FL201", "FL212")]
        assert found == [code], (value, found)
    write(tmp_path, ".env", KEY + "TYPEBOT_KEEP_OPEN=true\nTYPEBOT_API_VERSION=latest\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="1.8.2"), "FL212")


def test_fl212_unset_only_when_typebot_is_linted(tmp_path, in_repo):
    write(tmp_path, ".env", KEY + "TYPEBOT_ENABLED=true\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.3.6"), "FL212")
    shutil.copy(rule_fixture("FL205", "good") + "/flow.json", tmp_path / "flow.json")  # beside its .env
    diagnostics = lint_files(tmp_path, evolution_version="2.3.6")
    assert at(diagnostics, "FL212") == [(".env", 1, 1)]
    assert "is not set, so EvolutionAPI 2.3.6 uses its default `old`" in messages(diagnostics, "FL212")[0]


def test_fl212_quiet_when_2x_typebot_is_off(tmp_path, in_repo):
    write(tmp_path, ".env", KEY + "TYPEBOT_ENABLED=false\nTYPEBOT_API_VERSION=old\n")
    assert not codes_at(lint_files(tmp_path, evolution_version="2.3.6"), "FL212")
    shutil.copy(rule_fixture("FL205", "good") + "/flow.json", tmp_path / "flow.json")  # beside its .env
    assert at(lint_files(tmp_path, evolution_version="2.3.6"), "FL212") == [(".env", 3, 21)]


def test_fl212_env_yml_and_effective_value(tmp_path):
    write(tmp_path, "env.yml", "SERVER:\n  TYPE: http\nTYPEBOT:\n  API_VERSION: 'old' # old | latest\n"
                               "  KEEP_OPEN: true\n")
    diagnostics = lint_files(tmp_path, evolution_version="1.8.2")
    assert codes_at(diagnostics, "FL212") == [(4, 17)]
    assert messages(diagnostics, "FL212")[0].startswith("TYPEBOT.API_VERSION=old makes EvolutionAPI 1.8.2 use")
    (tmp_path / "env.yml").unlink()
    write(tmp_path, ".env", KEY + "TYPEBOT_KEEP_OPEN=true\nTYPEBOT_API_VERSION=old\n")
    write(tmp_path, "docker-compose.yml", IMAGE_1X + "    environment:\n      - TYPEBOT_API_VERSION=latest\n")
    assert not codes_at(lint_files(tmp_path), "FL212")  # compose environment: wins over env_file


# --- FL407 silent-forever -------------------------------------------------------------------------

CLOSING_CALL = {"id": "bl-close", "type": "Webhook", "options": {"isCustomBody": True, "webhook": {
    "method": "POST", "url": "https://evolution.example.com/typebot/changeStatus/{{instanceName}}",
    "body": "{\"remoteJid\": \"{{remoteJid}}\", \"status\": \"%s\"}"}}}


def _bot(tmp_path, in_repo, status=None, **body):
    shutil.copytree(in_repo / rule_fixture("FL407", "bad"), tmp_path / "bot")
    if body:
        path = tmp_path / "bot" / "typebot-set.json"
        path.write_text(json.dumps(dict(json.loads(path.read_text()), **body), indent=2))
    if status is not None:
        path = tmp_path / "bot" / "flow.json"
        flow = json.loads(path.read_text())
        call = json.loads(json.dumps(CLOSING_CALL).replace("%s", status))
        flow["groups"][0]["blocks"].append(call)
        flow["variables"] = [{"id": "va-jid", "name": "remoteJid"}, {"id": "va-instance", "name": "instanceName"}]
        path.write_text(json.dumps(flow, indent=2))
    return tmp_path / "bot"


def test_fl407_message(tmp_path, in_repo):
    (message,) = messages(lint_files(_bot(tmp_path, in_repo, keyword_finish="#sair")), "FL407")
    assert "never answers that contact again" in message and "keyword_finish '#sair'" in message
    assert "TYPEBOT_KEEP_OPEN=true on EvolutionAPI 1.8.2" in message


@pytest.mark.parametrize("status, fires", [("closed", False), ("{{status}}", False), ("paused", True),
                                           ("opened", True)])
def test_fl407_a_closing_change_status_call_is_a_way_out(tmp_path, in_repo, status, fires):
    assert bool(codes_at(lint_files(_bot(tmp_path, in_repo, status=status)), "FL407")) == fires


def test_fl407_a_closing_call_kept_as_a_body_file_counts(tmp_path, in_repo):
    bot = _bot(tmp_path, in_repo)
    write(bot, "close.json", '{"remoteJid": "5511999999999@s.whatsapp.net", "status": "closed"}\n')
    assert not codes_at(lint_files(bot), "FL407")


@pytest.mark.parametrize("body, fires", [({"expire": -1}, True), ({"expire": 30}, False), ({"expire": "0"}, False),
                                         ({"enabled": False}, False)])
def test_fl407_body_variants(tmp_path, in_repo, body, fires):
    assert bool(codes_at(lint_files(_bot(tmp_path, in_repo, **body)), "FL407")) == fires


def test_fl407_only_1x_with_keep_open(tmp_path, in_repo):
    bot = _bot(tmp_path, in_repo)
    assert not codes_at(lint_files(bot, evolution_version="2.2.3"), "FL407")
    assert not codes_at(lint_files(bot, evolution_version="1.6.0"), "FL407")
    (bot / ".env").write_text(KEY + "TYPEBOT_KEEP_OPEN=false\nTYPEBOT_API_VERSION=latest\n")
    diagnostics = lint_files(bot)
    assert not codes_at(diagnostics, "FL407") and codes_at(diagnostics, "FL200")


def test_fl407_a_list_of_bodies_points_into_the_right_one(tmp_path, in_repo):
    bot = _bot(tmp_path, in_repo)
    body = json.loads((bot / "typebot-set.json").read_text())
    (bot / "typebot-set.json").write_text(json.dumps([dict(body, expire=60), body], indent=2))
    diagnostics = lint_files(bot)
    assert [d.pointer for d in diagnostics if d.code == "FL407"] == ["/1/expire"]


# --- FL202 unknown-setting: the safe fix ----------------------------------------------------------

def _copy(tmp_path, in_repo, code="FL202"):
    shutil.copytree(in_repo / rule_fixture(code, "bad"), tmp_path / "cfg")
    return tmp_path / "cfg"


def test_fl202_diff_renames_only_certain_keys(cli, tmp_path, in_repo):
    cfg = _copy(tmp_path, in_repo)
    before = (cfg / ".env").read_bytes()
    status, out, _ = cli("check", "--diff", "--select", "FL202", cfg)
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-RABBITMQ_RABBITMQ_MODE=global",
        "-CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE=true",
        "+RABBITMQ_MODE=global",
        "+CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE=true",
        "-typebot_api_version=latest",
        "+TYPEBOT_API_VERSION=latest",
    ]
    # TYPEBOT_KEEPOPEN stays: TYPEBOT_KEEP_OPEN is already set; DATABASE_URL has no close name
    assert (cfg / ".env").read_bytes() == before  # --diff writes nothing


def test_fl202_fix_then_idempotent(cli, tmp_path, in_repo):
    cfg = _copy(tmp_path, in_repo)
    _, _, err = cli("check", "--fix", "--select", "FL202", cfg)
    assert "fixed 3 problems in 1 file" in err
    text = (cfg / ".env").read_text()
    assert "\nRABBITMQ_MODE=global\n" in text and "\nTYPEBOT_API_VERSION=latest\n" in text
    assert "\nCHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE=true\n" in text
    after = (cfg / ".env").read_bytes()
    assert cli("check", "--diff", "--select", "FL202", cfg)[1] == ""
    cli("check", "--fix", "--select", "FL202", cfg)
    assert (cfg / ".env").read_bytes() == after
    remaining = lint_files(cfg, select=("FL202",))
    assert [d.line for d in remaining] == [6, 8]  # TYPEBOT_KEEPOPEN and DATABASE_URL: no certain name


def test_fl202_fix_keeps_export_quotes_comments_and_crlf(cli, tmp_path):
    env = tmp_path / ".env"
    env.write_bytes(b"\xef\xbb\xbfexport TYPEBOT_KEEP_OPN=true # keep the session\r\n"
                    b"export 'CACHE_REDIS_ENABLE'=\"true\"\r\n"
                    b"  QRCODE_LIMT = 30\r\n")
    cli("check", "--fix", "--select", "FL202", "--evolution-version", "1.8.2", tmp_path)
    assert env.read_bytes() == (b"\xef\xbb\xbfexport TYPEBOT_KEEP_OPEN=true # keep the session\r\n"
                                b"export 'CACHE_REDIS_ENABLED'=\"true\"\r\n"
                                b"  QRCODE_LIMIT = 30\r\n")


def test_fl202_no_fix_when_it_is_a_guess(cli, tmp_path):
    from flowlint.model.evolution import parse_version
    from flowlint.rules.fl202_unknown_setting import _close

    assert _close("CHATWOOT_MESSAGE_DELET", parse_version("1.8.2")) == ["CHATWOOT_MESSAGE_DELETE",
                                                                        "CHATWOOT_MESSAGE_READ"]
    write(tmp_path, ".env", "TYPEBOT_KEEPOPEN=true\n"  # two lines mean TYPEBOT_KEEP_OPEN: which one?
                            "TYPEBOT_KEEP_OPN=false\n"
                            "CHATWOOT_MESSAGE_DELET=true\n"  # two close names
                            "RABBITMQ_RABBITMQ_MODE=global\n"  # 1.8.2 no longer reads RABBITMQ_MODE either
                            "CACHE_REDIS_ENABLE=true\nCACHE_REDIS_ENABLED=false\n")  # the name is already set
    diagnostics = lint_files(tmp_path, select=("FL202",), evolution_version="1.8.2")
    assert [d.line for d in diagnostics] == [1, 2, 3, 4, 5] and all(d.fixable for d in diagnostics)
    assert [d.edits for d in diagnostics] == [()] * 5
    assert "did you mean CHATWOOT_MESSAGE_DELETE or CHATWOOT_MESSAGE_READ?" in diagnostics[2].message
    assert cli("check", "--diff", "--select", "FL202", "--evolution-version", "1.8.2", tmp_path)[1] == ""


def test_fl202_fix_in_compose_environment(cli, tmp_path):
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n    environment:\n"
                       "      \"LOG_COLR\": \"true\"\n      CORS_ORIGN: '*'\n  worker:\n"
                       "    image: atendai/evolution-api:v1.8.2\n    environment:\n"
                       "      - DEL_INSTANSE=false\n      - \"DATABASE_ENABLD=true\"  # on\n")
    cli("check", "--fix", "--select", "FL202", tmp_path)
    assert compose.read_text() == (
        "services:\n  api:\n    image: atendai/evolution-api:v1.8.2\n    environment:\n"
        "      \"LOG_COLOR\": \"true\"\n      CORS_ORIGIN: '*'\n  worker:\n"
        "    image: atendai/evolution-api:v1.8.2\n    environment:\n"
        "      - DEL_INSTANCE=false\n      - \"DATABASE_ENABLED=true\"  # on\n")


def test_fl202_no_fix_through_yaml_anchors(tmp_path):
    write(tmp_path, "docker-compose.yml",
          "x-common: &common\n  LOG_COLR: \"true\"\nx-list: &list\n  - DEL_INSTANSE=false\nservices:\n"
          "  api:\n    image: atendai/evolution-api:v1.8.2\n    environment:\n      <<: *common\n"
          "      CORS_ORIGN: '*'\n  worker:\n    image: atendai/evolution-api:v1.8.2\n    environment: *list\n"
          "  other:\n    image: atendai/evolution-api:v1.8.2\n    environment: *list\n")
    diagnostics = lint_files(tmp_path, select=("FL202",))
    fixed = {d.line: bool(d.edits) for d in diagnostics}
    assert fixed == {2: False, 4: False, 10: True}


def test_fl202_fix_in_env_yml_renames_only_the_last_key(cli, tmp_path):
    env = tmp_path / "env.yml"
    env.write_text("SERVER:\n  TYPE: http\nTYPEBOT:\n  'KEEP_OPN': true # keep\n  API_VERSION: latest\n"
                   "RABBITMQ:\n  ENABLED: true\n  RABBITMQ_MODE: global\nTYPEBOTT:\n  SEND_MEDIA_BASE64: true\n"
                   "LOG:\n  COLR: true\n")
    cli("check", "--fix", "--select", "FL202", "--evolution-version", "1.7.4", tmp_path)
    assert env.read_text() == ("SERVER:\n  TYPE: http\nTYPEBOT:\n  'KEEP_OPEN': true # keep\n  API_VERSION: latest\n"
                               "RABBITMQ:\n  ENABLED: true\n  MODE: global\nTYPEBOTT:\n  SEND_MEDIA_BASE64: true\n"
                               "LOG:\n  COLOR: true\n")


def test_fl202_env_yml_parent_typo_is_not_fixed(tmp_path):
    write(tmp_path, "env.yml", "SERVER:\n  TYPE: http\nTYPEBOTT:\n  KEEP_OPEN: true\nLOG:\n  COLOR: true\n")
    diagnostics = lint_files(tmp_path, select=("FL202",), evolution_version="1.8.2")
    assert [(d.line, d.edits) for d in diagnostics] == [(4, ())]
    assert diagnostics[0].message.endswith("did you mean TYPEBOT_KEEP_OPEN?")


def test_fl202_is_fixable_in_the_catalogue(cli):
    rules = json.loads(cli("rules", "--format", "json")[1])
    assert {r["code"]: r["fixable"] for r in rules}["FL202"] is True


# --- EvolutionAPI's own example files -------------------------------------------------------------
# Reviewed by hand against the EvolutionAPI source of each release:
# - FL212: the 1.x src/dev-env.yml files ship TYPEBOT.API_VERSION 'old'; issue #454 was this line.
#   The 2.3.6 env.example also says old, but with TYPEBOT_ENABLED=false (nothing Typebot linted).
# - FL210/FL211/FL407: no example file is a source-checkout .env, exports DOCKER_ENV, or holds a
#   Typebot body, so nothing. (The 1.x Docker/.env.example has no DOCKER_ENV: the image sets it.)
# - FL202 --fix renames exactly the misspellings the catalogue knows where the right name takes
#   effect: RABBITMQ_RABBITMQ_MODE (1.7.0, 1.7.5), CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE
#   (1.7-1.8) and RABBITMQ_EVENTS_GROUP_UPDATE (2.x); not CLEAN_STORE_CLEANING_INTERVAL (1.6.1, 1.7.0:
#   the name the code reads ignores the value anyway).
NEW_CODES = ("FL210", "FL211", "FL212", "FL407")
CORPUS_NEW_FINDINGS = {
    "evolution-api_1.6.1-src_dev-env.yml": [("FL212", 153, 17)],
    "evolution-api_1.7.0-src_dev-env.yml": [("FL212", 163, 17)],
    "evolution-api_1.7.5-src_dev-env.yml": [("FL212", 159, 17)],
    "evolution-api_1.8.2-src_dev-env.yml": [("FL212", 193, 17)],
}
CORPUS_RENAMES = {
    "evolution-api_1.7.0-Docker_.env.example": [
        ("RABBITMQ_RABBITMQ_MODE", "RABBITMQ_MODE"),
        ("CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE", "CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE")],
    "evolution-api_1.7.5-Docker_.env.example": [
        ("RABBITMQ_RABBITMQ_MODE", "RABBITMQ_MODE"),
        ("CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE", "CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE")],
    "evolution-api_1.8.2-Docker_.env.example": [
        ("CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE", "CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE")],
    **{f"evolution-api_{v}-.env.example": [("RABBITMQ_EVENTS_GROUP_UPDATE", "RABBITMQ_EVENTS_GROUPS_UPDATE")]
       for v in ("2.0.10", "2.1.2", "2.2.3", "2.3.6")},
}
CORPUS_FILES = sorted(p.name for p in (CORPUS / "evolution").iterdir()) if (CORPUS / "evolution").is_dir() else []


def _version(name):
    return re.match(r"evolution-api_(\d+\.\d+\.\d+)-", name).group(1)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_findings_of_the_new_rules(name):
    diagnostics = lint_files(CORPUS / "evolution" / name, evolution_version=_version(name))
    found = [(d.code, d.line, d.column) for d in diagnostics if d.code in NEW_CODES]
    assert found == CORPUS_NEW_FINDINGS.get(name, []), [d.message for d in diagnostics if d.code in NEW_CODES]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_fl202_fixes(name):
    diagnostics = lint_files(CORPUS / "evolution" / name, evolution_version=_version(name), select=("FL202",))
    text = (CORPUS / "evolution" / name).read_text(encoding="utf-8")
    renames = [(text[e.start:e.end], e.text) for d in diagnostics for e in d.edits]
    assert renames == CORPUS_RENAMES.get(name, [])
