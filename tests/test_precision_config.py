"""Config files as EvolutionAPI really reads them: values the code accepts, images a compose
service builds from, versions inferred from the settings present, files it never reads."""
import pytest

from conftest import lint_files, write


def _found(tmp_path, code=None, **settings):
    return [d for d in lint_files(tmp_path, **settings) if code is None or d.code == code]


# --- FL201: allowed values as the code accepts them ---------------------------------------------

@pytest.mark.parametrize("value", ["chrome", "CHROME", "Chrome", "safari"])
def test_phone_name_is_matched_as_baileys_does_without_case(tmp_path, value):
    # 1.3.2 Docker/.env.example ships CONFIG_SESSION_PHONE_NAME=chrome; Baileys upper-cases it
    write(tmp_path, ".env", f"CONFIG_SESSION_PHONE_NAME={value}\n")
    assert _found(tmp_path, "FL201") == []


def test_phone_name_unknown_to_baileys_is_still_reported(tmp_path):
    write(tmp_path, ".env", "CONFIG_SESSION_PHONE_NAME=Brave\n")
    (found,) = _found(tmp_path, "FL201")
    assert "shows a browser name it does not know as Chrome" in found.message


def test_other_enums_stay_case_sensitive(tmp_path):
    write(tmp_path, ".env", "TYPEBOT_API_VERSION=Latest\n")
    (found,) = _found(tmp_path, "FL201")
    assert "case-sensitive" in found.message


# --- FL002: a compose service built from an EvolutionAPI image -----------------------------------

def test_a_service_built_from_an_evolution_image_is_read_with_its_tag(tmp_path):
    write(tmp_path, "docker/Dockerfile", "ARG EVO_TAG=v2.1.1\nFROM atendai/evolution-api:${EVO_TAG} AS base\n"
                                         "FROM base\nCOPY .env /evolution/.env\n")
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    build:\n      context: ./docker\n      args:\n"
                                          "        EVO_TAG: v1.8.2\n    environment:\n      TYPEBOT_KEEP_OPEN: 'true'\n")
    found = _found(tmp_path)
    assert "FL002" not in [d.code for d in found]
    assert [d.code for d in found] == ["FL204"] and "EvolutionAPI 1.8.2" in found[0].message  # the build arg wins


def test_a_service_built_with_the_dockerfile_default_arg(tmp_path):
    write(tmp_path, "Dockerfile", "ARG EVO_TAG=v2.1.1\nFROM evoapicloud/evolution-api:$EVO_TAG\n")
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    build: .\n    environment:\n"
                                          "      AUTHENTICATION_API_KEY: a-long-random-production-key\n"
                                          "      TYPEBOT_KEEP_OPEN: 'true'\n")
    (found,) = _found(tmp_path)
    assert (found.code, found.line) == ("FL203", 6) and "2.1.1" in found.message


def test_a_service_built_from_another_image_is_no_evolution_service(tmp_path):
    write(tmp_path, "Dockerfile", "FROM node:20\n")
    compose = write(tmp_path, "docker-compose.yml", "services:\n  api:\n    build: .\n")
    assert [d.code for d in lint_files(compose)] == ["FL002"]


# --- versions: inferred from the settings present when nothing pins one -------------------------

PLAIN_1X = ("DATABASE_ENABLED=true\nDATABASE_CONNECTION_URI=mongodb://evo:a-long-password@mongo:27017/?authSource=admin\n"
            "STORE_MESSAGES=true\nSTORE_CONTACTS=true\nSTORE_CHATS=true\n"
            "AUTHENTICATION_API_KEY=a-long-random-production-key\nTYPEBOT_KEEP_OPEN=true\n")


def test_a_plainly_1x_env_is_not_judged_as_2x(tmp_path):
    write(tmp_path, ".env", PLAIN_1X)
    found = _found(tmp_path)
    assert [d.code for d in found] == ["FL401"]  # before: 20+ FL203 'EvolutionAPI 2.3.6 ignores STORE_…'
    assert "the settings present fit EvolutionAPI 1.6.1–1.8.2" in found[0].message


def test_what_holds_across_the_inferred_range_is_still_reported(tmp_path):
    write(tmp_path, ".env", PLAIN_1X.replace("TYPEBOT_KEEP_OPEN=true", "TYPEBOT_KEEP_OPEN=True"))
    (keep_open,) = _found(tmp_path, "FL200")  # true of every 1.6.1-1.8.x release
    assert "EvolutionAPI 1.6.1–1.8.2 (what the settings fit: no version pinned)" in keep_open.message


def test_a_2x_env_with_a_1x_leftover_is_told(tmp_path):
    write(tmp_path, ".env", "DATABASE_PROVIDER=postgresql\nDATABASE_CONNECTION_URI=postgresql://evo:a-long-password@db/evo\n"
                            "CACHE_REDIS_ENABLED=true\nTYPEBOT_ENABLED=true\nTYPEBOT_KEEP_OPEN=true\n")
    found = _found(tmp_path, "FL203")
    assert [d.line for d in found] == [5]  # ignored by every 2.x release the settings fit


def test_an_unpinned_env_yml_is_not_assumed_to_be_the_newest_1x(tmp_path):
    # REDIS.URI is read until 1.7.3 (1.7.3 moved it to CACHE.REDIS.URI): a 1.6.x-era file
    write(tmp_path, "src/env.yml", "SERVER:\n  PORT: 8080\nREDIS:\n  ENABLED: true\n  URI: 'redis://localhost:6379'\n"
                                   "AUTHENTICATION:\n  API_KEY:\n    KEY: a-long-random-production-key\n"
                                   "TYPEBOT:\n  KEEP_OPEN: true\n")
    found = _found(tmp_path)
    assert "FL203" not in [d.code for d in found]
    (unknown,) = [d for d in found if d.code == "FL401"]
    assert "fit EvolutionAPI 1.6.1–1.7.0" in unknown.message


@pytest.mark.parametrize("pin", ["--evolution-version", "image"])
def test_a_version_newer_than_the_catalogue_is_said_once(cli, tmp_path, pin):
    write(tmp_path, "docker-compose.yml", "services:\n  api:\n    image: atendai/evolution-api:"
          + ("v2.3.7" if pin == "image" else "latest")
          + "\n    environment:\n      AUTHENTICATION_API_KEY: a-long-random-production-key\n")
    args = ["--evolution-version", "9.9.9"] if pin != "image" else []
    code, out, _ = cli("check", *args, "--select", "FL401", tmp_path)
    assert out.count("FL401") == 1 and "is newer than any release flowlint knows" in out
    assert "version rules read it as 2.3.6" in out


def test_versions_of_an_unknown_release_says_what_it_describes(cli):
    code, out, _ = cli("versions", "9.9.9")
    assert code == 0
    assert out.splitlines()[0] == ("EvolutionAPI 9.9.9 is newer than any release flowlint knows: described as 2.3.6, "
                                   "the newest it knows, which is what the rules read it as")


def test_a_body_is_read_by_the_major_the_settings_fit(tmp_path):
    write(tmp_path, ".env", PLAIN_1X)
    write(tmp_path, "typebot.json", {"enabled": True, "url": "https://typebot.example.com", "typebot": "welcome",
                                     "expire": 20, "keyword_finish": "#stop", "delay_message": 1000,
                                     "unknown_message": "?", "listening_from_me": False, "keywordFinish": "#stop"})
    messages = [d.message for d in _found(tmp_path, "FL206")]
    assert any(m.startswith("keywordFinish is the 2.x spelling; 1.x reads keyword_finish")
               and "what the settings fit: 1.6.1–1.8.2" in m for m in messages), messages
