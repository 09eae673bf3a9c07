"""Checks of the EvolutionAPI settings catalogue and the Typebot body schemas.

The catalogue (schemas/evolution-settings.json) is compared against the shared
env matrix (one letter per setting name and release snapshot) and against the
1.x dev-env.yml example files in the shared corpus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from conftest import REPO, SHARED, needs_shared, shared_files

SCHEMAS = REPO / "schemas"
MATRIX_FILE = SHARED / "reference" / "evolution-env-matrix.txt"
CORPUS = SHARED / "corpus" / "evolution"

CATALOGUE_FILE = SCHEMAS / "evolution-settings.json"
CATALOGUE_SCHEMA_FILE = SCHEMAS / "evolution-settings.schema.json"
V1_FILE = SCHEMAS / "evolution-v1-typebot.schema.json"
V2_FILE = SCHEMAS / "evolution-v2-typebot.schema.json"

# Cells where the matrix is wrong about what the code reads. The matrix was
# built from src/config/env.config.ts only, so it misses names that other
# source files (or the Prisma schema) read directly. Each entry is
# (name, release) -> (letter in the matrix, letter the catalogue encodes).
MATRIX_ERRATA: dict[tuple[str, str], tuple[str, str]] = {}


def _erratum(names, releases, matrix_letter, true_letter):
    for name in names:
        for release in releases:
            MATRIX_ERRATA[(name, release)] = (matrix_letter, true_letter)


# src/main.ts (2.0.10-2.1.x) and src/utils/instrumentSentry.ts (2.2.x) read
# process.env.SENTRY_DSN, and the example files list it: B, not e.
_erratum(["SENTRY_DSN"], ["2.0.10", "2.1.2", "2.2.3"], "e", "B")
# src/utils/sendTelemetry.ts reads both since 2.0.8 (no example line): c, not '.'.
_erratum(["TELEMETRY_ENABLED", "TELEMETRY_URL"], ["2.0.10", "2.1.2", "2.2.3"], ".", "c")
# src/config/event.config.ts reads it since 2.1.2: B, not e.
_erratum(["EVENT_EMITTER_MAX_LISTENERS"], ["2.1.2", "2.2.3"], "e", "B")
# ChannelStartupService.loadProxy() reads the global proxy since 2.1.0: B, not e.
_erratum(
    ["PROXY_HOST", "PROXY_PORT", "PROXY_PROTOCOL", "PROXY_USERNAME", "PROXY_PASSWORD"],
    ["2.1.2", "2.2.3"],
    "e",
    "B",
)
# src/api/routes/index.router.ts passes them to the manager since 2.1.0: c, not '.'.
_erratum(["FACEBOOK_APP_ID", "FACEBOOK_CONFIG_ID", "FACEBOOK_USER_TOKEN"], ["2.1.2", "2.2.3"], ".", "c")
# The baileys/evolution channel services read both since 2.2.0: B, not e.
_erratum(["API_AUDIO_CONVERTER", "API_AUDIO_CONVERTER_KEY"], ["2.2.3"], "e", "B")
# The matrix's "2.1.2" column was read at commit 29e2cfaf ("feat: pusher event integration",
# 2024-10-11), after the 2.1.2 release commit 182c5fc2 (2024-10-03): the released 2.1.2 has no
# Pusher; 2.2.0 src/config/env.config.ts:402 is the first release that reads PUSHER_ENABLED.
_PUSHER_IN_2_1_2_COLUMN = [
    name for name in json.loads((REPO / "schemas" / "evolution-settings.json").read_text(encoding="utf-8"))["settings"]
    if name.startswith("PUSHER_") and name != "PUSHER_EVENTS_SEND_MESSAGE_UPDATE"  # that one is 2.3.0
]
_erratum([n for n in _PUSHER_IN_2_1_2_COLUMN if n not in ("PUSHER_EVENTS_INSTANCE_CREATE", "PUSHER_EVENTS_INSTANCE_DELETE")],
         ["2.1.2"], "B", ".")
_erratum(["PUSHER_EVENTS_INSTANCE_CREATE", "PUSHER_EVENTS_INSTANCE_DELETE"], ["2.1.2"], "c", ".")  # code-only
# prisma/psql_bouncer-schema.prisma reads env("DATABASE_BOUNCER_CONNECTION_URI")
# since 2.3.1 (when DATABASE_PROVIDER=psql_bouncer): B, not e.
_erratum(["DATABASE_BOUNCER_CONNECTION_URI"], ["2.3.6"], "e", "B")

# Settings 1.x reads straight from process.env even in YAML mode; they have no
# env.yml path.
NO_YAML_PATH = {
    "DOCKER_ENV",  # decides between process.env and src/env.yml
    "NODE_ENV",  # read before and outside the config object
}

# Leaf paths of the 1.x dev-env.yml files that are no catalogue entry's yaml
# path (keys joined with "_") are allowed only where the entry of that joined
# name says the YAML key takes effect (`yaml_read`): CACHE.LOCAL.TTL is ignored
# as an env name (the local TTL comes from CACHE_REDIS_TTL), but a YAML file is
# loaded verbatim and its CACHE.LOCAL.TTL is used.


def vkey(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def covers(spans, version: str) -> bool:
    v = vkey(version)
    for span in spans or []:
        until = span.get("until")
        if vkey(span["since"]) <= v and (until is None or v < vkey(until)):
            return True
    return False


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalogue():
    return load_json(CATALOGUE_FILE)


@pytest.fixture(scope="module")
def settings(catalogue):
    return catalogue["settings"]


@pytest.fixture(scope="module")
def matrix():
    if not MATRIX_FILE.is_file():
        pytest.skip(f"needs {MATRIX_FILE.relative_to(SHARED.parent)} beside the checkout (CI has it)")
    lines = MATRIX_FILE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split()
    assert header[0] == "name"
    releases = header[1:]
    rows = {}
    for line in lines[1:]:
        if not line.strip():
            continue
        parts = line.split()
        assert len(parts) == len(releases) + 1, line
        rows[parts[0]] = dict(zip(releases, parts[1:]))
    return releases, rows


@pytest.fixture(scope="module")
def v1():
    return load_json(V1_FILE)


@pytest.fixture(scope="module")
def v2():
    return load_json(V2_FILE)


# ---------------------------------------------------------------- catalogue


def test_catalogue_validates_against_its_schema(catalogue):
    schema = load_json(CATALOGUE_SCHEMA_FILE)
    Draft202012Validator.check_schema(schema)
    errors = sorted(
        Draft202012Validator(schema).iter_errors(catalogue), key=lambda e: list(e.absolute_path)
    )
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors[:20])


def test_schema_rejects_a_bad_entry():
    schema = load_json(CATALOGUE_SCHEMA_FILE)
    validator = Draft202012Validator(schema)
    good = {"type": "bool", "default": "false", "read": [{"since": "1.6.1"}], "bool_true_when": "exactly-true"}
    doc = {"releases": ["1.6.1"], "settings": {"X_Y": good}}
    assert validator.is_valid(doc)
    for bad in (
        dict(good, colour="red"),  # unknown field
        dict(good, type="boolean"),  # not in the type enum
        dict(good, bool_true_when="sometimes"),
        dict(good, read=[{"since": "1.6"}]),  # not x.y.z
        dict(good, type="int"),  # bool_true_when on a non-bool
        {"type": "secret", "default": None, "read": []},  # secret type without secret flag
    ):
        assert not validator.is_valid({"releases": ["1.6.1"], "settings": {"X_Y": bad}}), bad


def test_schema_rejects_misplaced_fact_fields():
    schema = load_json(CATALOGUE_SCHEMA_FILE)
    validator = Draft202012Validator(schema)

    def valid(entry):
        return validator.is_valid({"releases": ["1.6.1"], "settings": {"X_Y": entry}})

    port = {"type": "int", "default": "8080", "read": [{"since": "1.6.1"}], "int_fallback": True}
    url = {"type": "url", "default": None, "read": [{"since": "1.6.1"}],
           "url_schemes": [{"since": "1.6.1", "schemes": ["https"], "obsolete": ["http"]}]}
    level = {"type": "list", "default": None, "allowed": ["A", "B"], "read": [{"since": "1.6.1"}],
             "allowed_since": {"B": "2.1.0"}, "crashes_when_unset": [{"since": "1.6.1", "until": "2.1.2"}]}
    key = {"type": "secret", "default": None, "read": [{"since": "1.6.1"}], "secret": True,
           "example_values": [{"value": "K", "source": "an example file"}]}
    ttl = {"type": "int", "default": None, "read": [], "yaml_read": [{"since": "1.7.0", "until": "2.0.0"}]}
    for good in (port, url, level, key, ttl):
        assert valid(good), good
    for bad in (
        dict(port, int_fallback=False),  # const true
        dict(port, type="string"),  # int_fallback on a string
        dict(url, type="string"),  # url_schemes on a non-url
        dict(url, url_schemes=[{"since": "1.6.1", "schemes": []}]),
        dict(url, url_schemes=[{"since": "1.6.1", "schemes": ["HTTP"]}]),
        dict(url, url_schemes=[{"since": "1.6.1"}]),
        dict(url, url_schemes=[{"since": "1.6.1", "schemes": ["https"], "port": 1}]),
        {k: v for k, v in level.items() if k != "allowed"} | {"type": "string"},  # allowed_since without allowed
        dict(level, allowed_since={"B": "2.1"}),
        dict(level, crashes_when_unset=[]),
        dict(key, example_values=[{"value": "K"}]),
        dict(key, example_values=[{"value": "", "source": "x"}]),
        dict(ttl, yaml_read=[]),
        dict(ttl, type="bool", bool_true_when="always"),
    ):
        assert not valid(bad), bad
    with_strings = {"releases": ["1.6.1"], "boolean_strings": ["true", "true"], "settings": {}}
    assert not validator.is_valid(with_strings)


def test_releases_are_the_matrix_columns(catalogue, matrix):
    releases, _ = matrix
    assert catalogue["releases"] == releases


def test_every_matrix_name_is_catalogued(settings, matrix):
    _, rows = matrix
    missing = sorted(set(rows) - set(settings))
    assert not missing


def test_spans_are_ordered_and_disjoint(settings):
    for name, entry in settings.items():
        for field in ("read", "example_only", "unused", "bool_true_when", "misspelling_of", "url_schemes",
                      "yaml_read", "crashes_when_unset"):
            spans = entry.get(field)
            if not isinstance(spans, list):
                continue
            previous_until = None
            for span in spans:
                since, until = span["since"], span.get("until")
                if until is not None:
                    assert vkey(since) < vkey(until), (name, field, span)
                if previous_until is not None:
                    assert vkey(previous_until) <= vkey(since), (name, field, spans)
                previous_until = until if until is not None else "999.0.0"


def test_matrix_letters_agree_with_catalogue(settings, matrix):
    releases, rows = matrix
    problems = []
    for name, row in sorted(rows.items()):
        entry = settings[name]
        for release in releases:
            letter = row[release]
            if (name, release) in MATRIX_ERRATA:
                letter = MATRIX_ERRATA[(name, release)][1]
            read = covers(entry["read"], release)
            example_only = covers(entry.get("example_only"), release)
            if letter in "Bc":
                ok = read and not example_only
            elif letter == "e":
                ok = example_only and not read
            elif letter == ".":
                ok = not read and not example_only
            else:
                raise AssertionError(f"unknown matrix letter {letter!r} for {name} {release}")
            if not ok:
                problems.append(f"{name} @ {release}: matrix {letter}, read={read}, example_only={example_only}")
    assert not problems, "\n".join(problems)


def test_matrix_errata_are_still_errata(matrix):
    """If the matrix gets regenerated and fixed, drop the matching errata."""
    _, rows = matrix
    for (name, release), (matrix_letter, true_letter) in MATRIX_ERRATA.items():
        assert rows[name][release] == matrix_letter, (name, release)
        assert matrix_letter != true_letter


def _read_in_1x(entry) -> bool:
    return any(vkey(span["since"]) < (2, 0, 0) for span in entry["read"])


def test_every_setting_1x_reads_has_a_yaml_path(settings):
    missing = [
        name
        for name, entry in settings.items()
        if _read_in_1x(entry) and name not in NO_YAML_PATH and "yaml" not in entry
    ]
    assert not missing
    for name in NO_YAML_PATH:
        assert _read_in_1x(settings[name]) and "yaml" not in settings[name]


def test_yaml_paths_belong_to_1x_settings(settings):
    stray = [name for name, entry in settings.items() if "yaml" in entry and not _read_in_1x(entry)]
    assert not stray


def test_yaml_path_exceptions(settings):
    # evolution.md 1.1: env names that are not simply the YAML path joined by "_"
    assert settings["AUTHENTICATION_API_KEY"]["yaml"] == "AUTHENTICATION.API_KEY.KEY"
    assert settings["AUTHENTICATION_JWT_EXPIRIN_IN"]["yaml"] == "AUTHENTICATION.JWT.EXPIRIN_IN"
    assert settings["DATABASE_SAVE_MESSAGE_UPDATE"]["yaml"] == "DATABASE.SAVE_DATA.MESSAGE_UPDATE"
    assert settings["WEBHOOK_EVENTS_GROUPS_UPDATE"]["yaml"] == "WEBHOOK.EVENTS.GROUP_UPDATE"
    assert settings["CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE"]["yaml"] == "CHATWOOT.IMPORT.PLACEHOLDER_MEDIA_MESSAGE"
    # found in the 1.8 code: the RabbitMQ event has the same singular YAML key
    assert settings["RABBITMQ_EVENTS_GROUPS_UPDATE"]["yaml"] == "RABBITMQ.EVENTS.GROUP_UPDATE"
    # the code's misspelt env name feeds the correctly spelt YAML key
    assert settings["CLEAN_STORE_CLEANING_TERMINAL"]["yaml"] == "CLEAN_STORE.CLEANING_INTERVAL"
    assert settings["SSL_CONF_PRIVKEY"]["yaml"] == "SSL_CONF.PRIVKEY"
    assert settings["PROVIDER_ENABLED"]["yaml"] == "PROVIDER.ENABLED"


def _misspelling_targets(entry):
    value = entry.get("misspelling_of")
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [span["value"] for span in value]


def test_misspellings_name_catalogue_entries(settings):
    for name, entry in settings.items():
        for target in _misspelling_targets(entry):
            assert target in settings, (name, target)
            assert target != name
            assert settings[target]["read"], (name, target)


def test_known_misspellings(settings):
    assert settings["RABBITMQ_RABBITMQ_MODE"]["misspelling_of"] == "RABBITMQ_MODE"
    assert settings["RABBITMQ_EVENTS_GROUP_UPDATE"]["misspelling_of"] == "RABBITMQ_EVENTS_GROUPS_UPDATE"
    assert (
        settings["CHATWOOT_IMPORT_DATABASE_PLACEHOLDER_MEDIA_MESSAGE"]["misspelling_of"]
        == "CHATWOOT_IMPORT_PLACEHOLDER_MEDIA_MESSAGE"
    )
    interval = settings["CLEAN_STORE_CLEANING_INTERVAL"]["misspelling_of"]
    assert interval == [{"since": "1.6.1", "until": "1.7.5", "value": "CLEAN_STORE_CLEANING_TERMINAL"}]
    assert settings["CLEAN_STORE_CLEANING_TERMINAL"]["misspelling_of"] == "CLEAN_STORE_CLEANING_INTERVAL"


def test_misspellings_and_example_only_names_are_not_read_where_flagged(settings):
    for name, entry in settings.items():
        value = entry.get("misspelling_of")
        if isinstance(value, list):
            for span in value:
                probe = span["since"]
                assert not covers(entry["read"], probe), (name, span)
        for span in entry.get("example_only", []):
            assert not covers(entry["read"], span["since"]), (name, span)


def test_bools_that_are_read_say_how_they_parse(settings):
    for name, entry in settings.items():
        if entry["type"] == "bool" and entry["read"]:
            assert "bool_true_when" in entry, name
        if entry["type"] == "secret":
            assert entry.get("secret") is True, name


def test_inverted_booleans(settings):
    assert settings["TELEMETRY_ENABLED"]["bool_true_when"] == "unset-or-true"
    assert settings["CHATWOOT_BOT_CONTACT"]["bool_true_when"] == "unset-or-true"
    assert settings["KAFKA_SSL_REJECT_UNAUTHORIZED"]["bool_true_when"] == "not-false"
    assert settings["WEBHOOK_RETRY_USE_EXPONENTIAL_BACKOFF"]["bool_true_when"] == "not-false"
    delete = settings["CHATWOOT_MESSAGE_DELETE"]["bool_true_when"]
    assert delete == settings["CHATWOOT_MESSAGE_READ"]["bool_true_when"]
    by_version = {span["value"]: span for span in delete}
    assert covers([by_version["equals-false"]], "1.7.0") and covers([by_version["equals-false"]], "1.8.2")
    assert covers([by_version["exactly-true"]], "2.0.10")


def test_spot_checks(settings):
    keep_open = settings["TYPEBOT_KEEP_OPEN"]
    assert covers(keep_open["read"], "1.6.1")
    assert covers(keep_open["read"], "1.7.0")
    assert not covers(keep_open["read"], "2.0.10")
    assert keep_open["yaml"] == "TYPEBOT.KEEP_OPEN"
    assert keep_open["default"] == "false"
    assert "keepOpen" in keep_open["replaced_by"]

    api_key = settings["AUTHENTICATION_API_KEY"]
    assert api_key["secret"] is True
    assert api_key["yaml"] == "AUTHENTICATION.API_KEY.KEY"
    assert api_key["default"] == "BQYHJGJHJ"

    enabled = settings["TYPEBOT_ENABLED"]
    assert enabled["read"] == [{"since": "2.0.0"}]
    assert enabled["default"] == "false"

    phone_version = settings["CONFIG_SESSION_PHONE_VERSION"]
    assert phone_version["read"] == [{"since": "1.7.5", "until": "2.3.1"}]  # 2.3.0 still reads it

    assert settings["TYPEBOT_SEND_MEDIA_BASE64"]["unused"] is True
    assert settings["AUTHENTICATION_JWT_EXPIRIN_IN"]["unused"] is True
    assert settings["TYPEBOT_API_VERSION"]["allowed"] == ["old", "latest"]
    assert settings["TYPEBOT_API_VERSION"]["default"] == "old"

    for name in ("REDIS_ENABLED", "REDIS_URI", "REDIS_PREFIX_KEY"):
        assert covers(settings[name]["read"], "1.7.0") and not covers(settings[name]["read"], "1.7.5")
    for name in ("CACHE_REDIS_ENABLED", "CACHE_REDIS_URI", "CACHE_REDIS_PREFIX_KEY", "CACHE_REDIS_TTL"):
        assert settings[name]["read"][0]["since"] == "1.7.0"

    for name in ("DATABASE_CONNECTION_URI", "CACHE_REDIS_URI", "RABBITMQ_URI", "S3_SECRET_KEY", "SQS_SECRET_ACCESS_KEY"):
        assert settings[name].get("secret") is True, name


def test_event_families_are_complete(settings, matrix):
    _, rows = matrix
    for prefix in ("WEBHOOK_EVENTS_", "RABBITMQ_EVENTS_", "KAFKA_EVENTS_", "PUSHER_EVENTS_", "NATS_EVENTS_", "SQS_GLOBAL_"):
        in_matrix = {name for name in rows if name.startswith(prefix)}
        assert in_matrix, prefix
        in_catalogue = {name for name in settings if name.startswith(prefix)}
        assert in_matrix <= in_catalogue, prefix


# --------------------------------------------------------- 1.x dev-env.yml


def _yaml_leaf_paths(node, prefix=()):
    for key, value in node.items():
        path = prefix + (str(key),)
        if isinstance(value, dict):
            yield from _yaml_leaf_paths(value, path)
        else:  # scalars and lists are values
            yield path


@pytest.mark.parametrize("path", shared_files("corpus/evolution", "*dev-env.yml"), ids=lambda p: getattr(p, "name", "no-shared"))
def test_dev_env_yaml_paths_are_catalogued(path, settings):
    yaml = YAML(typ="safe")
    document = yaml.load(path.read_text(encoding="utf-8"))
    release = re.search(r"_(\d+\.\d+\.\d+)-", path.name).group(1)
    by_joined = {}
    for name, entry in settings.items():
        if "yaml" in entry:
            by_joined.setdefault(entry["yaml"].replace(".", "_"), []).append(name)
    unknown = []
    not_read_here = []
    for leaf in _yaml_leaf_paths(document):
        joined = "_".join(leaf)
        if covers(settings.get(joined, {}).get("yaml_read"), release):
            continue
        names = by_joined.get(joined)
        if not names:
            unknown.append(".".join(leaf))
        elif not any(covers(settings[n]["read"], release) for n in names):
            not_read_here.append(f"{'.'.join(leaf)} -> {names}")
    assert not unknown, f"YAML paths with no catalogue entry: {unknown}"
    assert not not_read_here, f"YAML paths whose settings {release} does not read: {not_read_here}"


# ---------------------------------------------------------- body schemas


@pytest.mark.parametrize("path", [V1_FILE, V2_FILE], ids=lambda p: p.name)
def test_body_schemas_are_valid_2020_12(path):
    schema = load_json(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_body_schema_defs(v1, v2):
    assert set(v1["$defs"]) == {"set", "changeStatus", "start"}
    assert set(v2["$defs"]) == {"create", "update", "settings", "ignoreJid", "changeStatus", "start"}
    for schema in (v1, v2):
        for name, definition in schema["$defs"].items():
            assert "x-foreign-keys" in definition, name
            assert definition.get("additionalProperties", True) is not False, name


def _validator(schema, definition):
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def test_change_status_delete_is_v2_only(v1, v2):
    body = {"remoteJid": "5511999999999@s.whatsapp.net", "status": "delete"}
    assert not _validator(v1, "changeStatus").is_valid(body)
    assert _validator(v2, "changeStatus").is_valid(body)
    for status in ("opened", "paused", "closed"):
        assert _validator(v1, "changeStatus").is_valid(dict(body, status=status))
    assert not _validator(v2, "changeStatus").is_valid(dict(body, status="open"))


def test_required_fields_follow_the_server(v1, v2):
    v1_set = {
        "enabled": True,
        "url": "https://typebot.example.com",
        "typebot": "my-bot",
        "expire": 20,
        "delay_message": 1000,
        "unknown_message": "?",
        "listening_from_me": False,
    }
    assert _validator(v1, "set").is_valid(v1_set)
    assert _validator(v1, "set").is_valid(dict(v1_set, keyword_finish="#sair"))
    assert not _validator(v1, "set").is_valid({k: v for k, v in v1_set.items() if k != "expire"})
    assert not _validator(v1, "set").is_valid(dict(v1_set, expire="20"))
    assert not _validator(v1, "set").is_valid(dict(v1_set, url=""))

    v2_create = {"enabled": True, "url": "https://typebot.example.com", "typebot": "my-bot", "triggerType": "all"}
    assert _validator(v2, "create").is_valid(v2_create)
    assert _validator(v2, "update").is_valid(v2_create)
    assert not _validator(v2, "create").is_valid(dict(v2_create, triggerType="keyword"))
    assert _validator(v2, "create").is_valid(
        dict(v2_create, triggerType="keyword", triggerOperator="equals", triggerValue="oi")
    )
    assert not _validator(v2, "create").is_valid(
        dict(v2_create, triggerType="keyword", triggerOperator="none", triggerValue="oi")
    )
    assert not _validator(v2, "create").is_valid({k: v for k, v in v2_create.items() if k != "triggerType"})
    assert not _validator(v2, "create").is_valid(dict(v2_create, delayMessage=1.5))
    # unknown keys pass, like on the server
    assert _validator(v2, "create").is_valid(dict(v2_create, keyword_finish="#sair"))

    settings_body = {
        "expire": 0,
        "keywordFinish": "#sair",
        "delayMessage": 1000,
        "unknownMessage": "?",
        "listeningFromMe": False,
        "stopBotFromMe": False,
    }
    assert _validator(v2, "settings").is_valid(settings_body)
    assert _validator(v2, "settings").is_valid(dict(settings_body, keepOpen=True, debounceTime=10))
    assert not _validator(v2, "settings").is_valid({k: v for k, v in settings_body.items() if k != "stopBotFromMe"})

    assert _validator(v2, "ignoreJid").is_valid({"remoteJid": "@g.us", "action": "add"})
    assert not _validator(v2, "ignoreJid").is_valid({"remoteJid": "@g.us", "action": "delete"})

    start = {"remoteJid": "5511999999999@s.whatsapp.net", "url": "https://typebot.example.com", "typebot": "my-bot"}
    for schema in (v1, v2):
        assert _validator(schema, "start").is_valid(
            dict(start, startSession=False, variables=[{"name": "pushName", "value": "Ana"}])
        )
        assert not _validator(schema, "start").is_valid({k: v for k, v in start.items() if k != "remoteJid"})


def test_foreign_keys_are_mirror_images(v1, v2):
    v1_map = v1["$defs"]["set"]["x-foreign-keys"]
    v2_map = v2["$defs"]["create"]["x-foreign-keys"]
    assert v1_map == {camel: snake for snake, camel in v2_map.items()}
    assert v2["$defs"]["update"]["x-foreign-keys"] == v2_map
    assert v2["$defs"]["settings"]["x-foreign-keys"] == v2_map
    for camel, snake in v1_map.items():
        assert snake in v1["$defs"]["set"]["properties"]
        assert camel in v2["$defs"]["create"]["properties"]
        assert camel in v2["$defs"]["settings"]["properties"]
    for field in v1["$defs"]["set"].get("x-no-counterpart", {}):
        assert field not in v1["$defs"]["set"]["properties"]


# ------------------------------------------------- facts the rules read as data


def test_int_fallback_settings(settings):
    # `Number.parseInt(process.env.X) || DEFAULT` (parseFloat for the jitter) in env.config.ts
    flagged = {name for name, entry in settings.items() if entry.get("int_fallback")}
    assert flagged == {
        "SERVER_PORT", "QRCODE_LIMIT", "CACHE_REDIS_TTL", "RABBITMQ_FRAME_MAX", "EVENT_EMITTER_MAX_LISTENERS",
        "WEBHOOK_REQUEST_TIMEOUT_MS", "WEBHOOK_RETRY_MAX_ATTEMPTS", "WEBHOOK_RETRY_INITIAL_DELAY_SECONDS",
        "WEBHOOK_RETRY_MAX_DELAY_SECONDS", "WEBHOOK_RETRY_JITTER_FACTOR",
    }
    for name in flagged:
        assert settings[name]["type"] in ("int", "float") and settings[name]["read"], name
        assert settings[name]["default"] not in (None, "", "0"), name  # a fallback worth naming


def test_boolean_string_reading(catalogue, settings):
    assert catalogue["boolean_strings"] == ["true", "false", "1", "0"]
    readers = [name for name, entry in settings.items() if entry.get("bool_true_when") == "boolean-string"]
    assert readers == ["DEL_TEMP_INSTANCES"]


def test_url_schemes(settings):
    for name, entry in settings.items():
        for span in entry.get("url_schemes", []):
            assert covers(entry["read"], span["since"]), (name, span)  # a rule only where the code reads it
            assert not set(span["schemes"]) & set(span.get("obsolete", [])), name
    database = settings["DATABASE_CONNECTION_URI"]["url_schemes"]
    assert [s["schemes"] for s in database if covers([s], "1.8.2")] == [["mongodb", "mongodb+srv"]]
    (v2,) = [s for s in database if covers([s], "2.3.6")]
    assert "postgresql" in v2["schemes"] and "mongodb" in v2["obsolete"]
    assert settings["RABBITMQ_URI"]["url_schemes"][0]["schemes"] == ["amqp", "amqps"]
    # no scheme rule where clients take other forms too
    for name in ("NATS_URI", "SENTRY_DSN"):
        assert "url_schemes" not in settings.get(name, {}), name


def test_allowed_since(settings):
    for name, entry in settings.items():
        for value, since in entry.get("allowed_since", {}).items():
            assert value in entry["allowed"], (name, value)
            assert any(vkey(span["since"]) < vkey(since) for span in entry["read"]), (name, value)
    assert settings["DATABASE_PROVIDER"]["allowed_since"] == {"psql_bouncer": "2.3.1"}
    assert settings["LOG_LEVEL"]["allowed_since"] == {"WEBSOCKET": "2.1.0"}


@needs_shared
def test_example_values_come_from_the_example_files(settings):
    files = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.iterdir()}
    for name, entry in settings.items():
        for example in entry.get("example_values", []):
            assert entry.get("secret") is True, name  # only secrets need warning about
            shipping = [f for f, text in files.items() if example["value"] in text]
            assert shipping, (name, example["source"])
            major = example["source"][0]  # "1.x ..." or "2.x ..."
            assert all(re.search(r"_(\d+)\.", f).group(1) == major for f in shipping), (name, shipping)


def test_yaml_read_is_for_names_no_code_reads(settings):
    for name, entry in settings.items():
        for span in entry.get("yaml_read", []):
            assert not covers(entry["read"], span["since"]), name
            assert vkey(span.get("until") or "999.0.0") <= (2, 0, 0), name  # only 1.x reads env.yml
    assert settings["CACHE_LOCAL_TTL"]["yaml_read"] == [{"since": "1.7.0", "until": "2.0.0"}]


def test_settings_whose_absence_crashes_startup(settings):
    crashing = {name: entry["crashes_when_unset"] for name, entry in settings.items() if "crashes_when_unset" in entry}
    assert crashing == {name: [{"since": "1.6.1", "until": "2.1.2"}] for name in ("CORS_ORIGIN", "CORS_METHODS",
                                                                                  "LOG_LEVEL")}


def test_knowledge_reads_the_fact_fields():
    from flowlint import knowledge
    from flowlint.model.evolution import parse_version

    assert knowledge.int_fallback("SERVER_PORT") and not knowledge.int_fallback("S3_PORT")
    assert knowledge.bool_reading("DEL_TEMP_INSTANCES", (2, 3, 6)) == "boolean-string"
    assert knowledge.read_as_true("boolean-string", "1") is False
    assert knowledge.read_as_true("boolean-string", "no") is True
    assert knowledge.url_schemes("DATABASE_CONNECTION_URI", (1, 8, 2))["schemes"] == ["mongodb", "mongodb+srv"]
    assert knowledge.url_schemes("NATS_URI", (2, 3, 6)) is None
    assert knowledge.allowed_since("DATABASE_PROVIDER", "psql_bouncer") == "2.3.1"
    assert not knowledge.allowed_at("LOG_LEVEL", "WEBSOCKET", parse_version("2.0.10"))
    assert knowledge.allowed_at("LOG_LEVEL", "WEBSOCKET", parse_version("2.1.2"))
    assert knowledge.example_value_source("AUTHENTICATION_API_KEY", "429683C4C977415CAAFCCE10F7D57E11") == (
        "2.x .env.example")
    assert knowledge.example_value_source("AUTHENTICATION_API_KEY", "something-else") is None
    assert knowledge.yaml_reads("CACHE_LOCAL_TTL", (1, 8, 2)) and not knowledge.reads("CACHE_LOCAL_TTL", (1, 8, 2))
    assert set(knowledge.crashes_when_unset((1, 8, 2))) == {"CORS_ORIGIN", "CORS_METHODS", "LOG_LEVEL"}
    assert knowledge.crashes_when_unset((2, 1, 2)) == ()
    for table in ("INT_OR_DEFAULT", "BOOL_READ_OVERRIDES", "BOOLEAN_STRINGS", "YAML_READS", "EXAMPLE_API_KEYS",
                  "URL_SCHEMES", "ALLOWED_SINCE"):
        assert not hasattr(knowledge, table), table  # the facts live in the catalogue, not in code


def test_pusher_and_is_on_whatsapp_arrive_when_their_commits_shipped(settings):
    # evolution-api 2.2.0:src/config/env.config.ts:402 reads PUSHER_ENABLED; it came with commit
    # 29e2cfaf, after 2.1.2 was released (2.2.0:CHANGELOG.md:9 lists "Pusher event integration"
    # under 2.2.0). DATABASE_SAVE_IS_ON_WHATSAPP came with commit ce6438b9 (2024-08-28,
    # ce6438b9:src/config/env.config.ts:299), after 2.1.0 was released on 2024-08-26
    # (2.2.0:CHANGELOG.md:88): the changelog lists it under 2.1.1 (2.2.0:CHANGELOG.md:64).
    pusher = [name for name in settings if name.startswith("PUSHER_") and name != "PUSHER_EVENTS_SEND_MESSAGE_UPDATE"]
    assert pusher and all(settings[name]["read"][0]["since"] == "2.2.0" for name in pusher)
    assert not covers(settings["PUSHER_ENABLED"]["read"], "2.1.2")
    for name in ("DATABASE_SAVE_IS_ON_WHATSAPP", "DATABASE_SAVE_IS_ON_WHATSAPP_DAYS"):
        assert settings[name]["read"] == [{"since": "2.1.1"}]
        assert not covers(settings[name]["read"], "2.1.0")
