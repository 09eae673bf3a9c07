"""What real files showed flowlint missing: bubbles EvolutionAPI drops (FL115), a settings file it
never reads (FL213), and `${VAR}` in a compose file filled from the project .env as compose does."""
import pytest

from conftest import fixture_tests, lint_files, write

# FL115: the Spotify player and the map embed; not the text, image, video or audio bubbles.
# FL213: src/.env.yml; not src/env.yml.
test_rule_fires, test_sound_variant_is_clean = fixture_tests({"FL115": [(42, 17), (57, 17)], "FL213": [(1, 1)]})


def test_dropped_bubbles_only_when_the_flow_runs_through_evolution_api(in_repo):
    found = lint_files("fixtures/rules/FL115/bad/flow.json", discover=False)  # not its compose file either
    assert [d.code for d in found] == ["FL408"]  # no config: not said, only that there is none


@pytest.mark.parametrize("name", ["env.yaml", "dev-env.yml", ".env.yml"])
def test_a_settings_yaml_under_another_name_is_never_read(tmp_path, name):
    path = write(tmp_path, f"src/{name}", "SERVER:\n  PORT: 8080\nTYPEBOT:\n  KEEP_OPEN: true\n")
    assert "FL213" in [d.code for d in lint_files(path)]


# --- compose interpolation ---------------------------------------------------------------------

def test_interpolation_as_docker_compose_does():
    from flowlint.loaders.yamldoc import interpolate

    variables = {"USER": "evo", "EMPTY": ""}
    assert interpolate("postgresql://${USER}:$USER@db", variables) == "postgresql://evo:evo@db"
    assert interpolate("${EMPTY:-fallback}|${EMPTY-kept}|${GONE-gone}", variables) == "fallback||gone"
    assert interpolate("${USER:+set}|${EMPTY:+set}|${EMPTY+set}", variables) == "set||set"
    assert interpolate("cost $$5", variables) == "cost $5"
    assert interpolate("${GONE}", variables) is None and interpolate("${GONE:?say it}", variables) is None


COMPOSE = ("services:\n  api:\n    image: atendai/evolution-api:${EVOLUTION_TAG:-v2.3.6}\n    environment:\n"
           "      AUTHENTICATION_API_KEY: ${API_KEY}\n      DATABASE_PROVIDER: postgresql\n"
           "      DATABASE_CONNECTION_URI: postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/evolution\n"
           "  postgres:\n    image: postgres:16\n    environment:\n"
           "      - POSTGRES_USER=${POSTGRES_USER}\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n")


def test_a_password_equal_to_the_user_is_found_through_the_project_env(tmp_path):
    write(tmp_path, ".env", "POSTGRES_USER=evolution\nPOSTGRES_PASSWORD=evolution\nAPI_KEY=a-long-random-production-key\n"
                            "EVOLUTION_TAG=v2.2.3\n")
    compose = write(tmp_path, "docker-compose.yml", COMPOSE)
    found = lint_files(compose)
    assert [(d.code, d.line) for d in found] == [("FL204", 7)]  # and the tag from .env pins 2.2.3: no FL401
    assert "guessable password" in found[0].message


def test_a_variable_the_project_env_does_not_give_stays_deploy_time(tmp_path):
    write(tmp_path, ".env", "POSTGRES_USER=evolution\n")
    compose = write(tmp_path, "docker-compose.yml", COMPOSE)
    assert [d.code for d in lint_files(compose)] == ["FL401"]  # the tag default is only a guess


def test_secrets_filled_in_from_the_project_env_are_never_printed(cli, tmp_path):
    write(tmp_path, ".env", "POSTGRES_USER=evo\nPOSTGRES_PASSWORD=evo\nAPI_KEY=short#key\n")
    write(tmp_path, "docker-compose.yml", COMPOSE)
    for fmt in ("text", "json", "sarif", "github"):
        _, out, err = cli("check", "--format", fmt, "--fail-on", "info", tmp_path / "docker-compose.yml")
        assert "short#key" not in out + err
        assert "FL204" in out  # the key is too short, said without showing it
