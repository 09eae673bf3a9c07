"""Property (issue 17, repro 05): whatever way TYPEBOT_KEEP_OPEN is written, a fix that passes
the read-back check gives a file that an independent reader (ruamel's safe loader for compose,
python-dotenv's `dotenv_values` for .env) reads with the setting `true` and every other setting
as before; a fix that would not is refused, never written."""
import io
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEAD = "services:\n  api:\n    image: atendai/evolution-api:v1.7.4\n    environment:\n"
WORD = st.sampled_from(["True", "yes", "1", "on", "no", "x y", "'True'", '"True"', '"tr\\u0075e"', "''", "'it''s'"])
YAML_VALUE = st.one_of(
    WORD,
    st.builds(lambda w, c: f"|{c}\n        {w}", WORD, st.sampled_from(["", "-", "+", "  # c"])),
    st.builds(lambda w, c: f">{c}\n        {w}\n", WORD, st.sampled_from(["", "-", "  # c"])),
    st.builds(lambda w: f"&keep {w}", WORD),
    st.builds(lambda w: f"!!str {w}", WORD),
    st.builds(lambda w: f"{w}  # a comment", WORD),
)
ENV_VALUE = st.text(alphabet="ab #'\"\\\t=\n$", max_size=8)


def _fixed(name: str, text: str):
    """The fixed text, or None when the fix is refused or there is none."""
    from flowlint.config import Settings
    from flowlint.fixcheck import checked
    from flowlint.fixes import plan
    from flowlint.lint import lint

    directory = tempfile.mkdtemp()
    path = os.path.join(directory, name)
    try:
        with open(path, "w") as out:
            out.write(text)
        result = lint([path], Settings(select=("FL200",), evolution_version="1.7.4"))
        plans, _ = checked(plan(result.diagnostics), result.documents)
    finally:
        os.remove(path)
        os.rmdir(directory)
    return plans[0].text if plans else None


def _compose_env(text: str) -> dict:
    from ruamel.yaml import YAML

    return {str(k): str(v).lower() if isinstance(v, bool) else v
            for k, v in YAML(typ="safe").load(text)["services"]["api"]["environment"].items()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=YAML_VALUE, alias=st.booleans(), flow_style=st.booleans())
def test_compose_fixes_read_back_as_intended(value, alias, flow_style):
    other = "*keep" if alias and value.startswith("&keep") else "latest"
    if flow_style and "\n" not in value and "#" not in value:
        text = HEAD.rstrip("\n") + f" {{TYPEBOT_KEEP_OPEN: {value}, TYPEBOT_API_VERSION: {other}}}\n"
    else:
        text = HEAD + f"      TYPEBOT_KEEP_OPEN: {value}\n      TYPEBOT_API_VERSION: {other}\n"
    try:
        before = _compose_env(text)
    except Exception:  # noqa: BLE001 - not YAML to begin with: nothing to check
        return
    fixed = _fixed("docker-compose.yml", text)
    if fixed is None:
        return
    after = _compose_env(fixed)
    assert after.pop("TYPEBOT_KEEP_OPEN") == "true", fixed
    before.pop("TYPEBOT_KEEP_OPEN")
    assert after == before, fixed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ENV_VALUE, export=st.booleans(), after=ENV_VALUE)
def test_env_fixes_read_back_as_intended(value, export, after):
    from dotenv import dotenv_values

    text = f"{'export ' if export else ''}TYPEBOT_KEEP_OPEN={value}\nOTHER_SETTING={after}\n"
    fixed = _fixed(".env", text)
    if fixed is None:
        return
    before, now = dotenv_values(stream=io.StringIO(text)), dotenv_values(stream=io.StringIO(fixed))
    assert now.pop("TYPEBOT_KEEP_OPEN") == "true", fixed
    before.pop("TYPEBOT_KEEP_OPEN", None)
    assert now == before, fixed
