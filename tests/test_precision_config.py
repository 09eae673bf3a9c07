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
