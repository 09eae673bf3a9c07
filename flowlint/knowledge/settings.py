"""Shared ground for the EvolutionAPI setting rules (FL201-FL205, FL210-FL212, FL403): which bindings to look
at, how to name them, how to show a value without leaking a secret, and version wording."""
from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import urlsplit

from flowlint import knowledge
from flowlint.kinds import COMPOSE, SETTING_FILE_KINDS, ENV, YAML
from flowlint.model.session import version_label

# Variables a container or its runtime commonly carries next to EvolutionAPI's own settings;
# they share a prefix with a setting (NODE_ENV, DOCKER_ENV, SSL_CONF_*) but are not typos.
RUNTIME_VARIABLES = frozenset({
    "NODE_OPTIONS", "NODE_VERSION", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "NODE_TLS_REJECT_UNAUTHORIZED",
    "NODE_NO_WARNINGS", "NODE_DEBUG", "DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
    "SSL_CERT_FILE", "SSL_CERT_DIR",
})
_SETTING_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
_URI_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]*:\S*@", re.I)  # user:password@, # ? / in it too


def each_setting(config):
    """(document, setting) for every binding of every config file, in file order: a rule about
    a line reports each file's own line, not only the effective (last-wins) one."""
    for document in config.documents:
        if document.kind in SETTING_FILE_KINDS:
            for setting in document.settings:
                yield document, setting


def judged_settings(config):
    """each_setting(config), or nothing for a version older than the catalogue (before 1.6.1)."""
    if knowledge.catalogued(config.version):
        yield from each_setting(config)


def deploy_time(setting) -> bool:
    """The value is only known when the container starts: `${VAR}` (compose interpolates it in
    `environment:` and in env files alike) or a bare `- NAME` passed from the host."""
    return setting.value is None or setting.interpolated or "${" in setting.value


def is_yaml(document) -> bool:
    """A 1.x env.yml: its values are typed YAML scalars used as-is, and keys are config paths."""
    return document.kind == YAML


def takes_effect(document, name: str, version: tuple) -> bool:
    return knowledge.yaml_reads(name, version) if is_yaml(document) else knowledge.reads(name, version)


def display(document, setting) -> str:
    """The name as the user wrote it: the YAML path in an env.yml, the variable elsewhere."""
    if is_yaml(document):
        path = (knowledge.entry(setting.name) or {}).get("yaml")
        if path:
            return path
    return setting.name


def looks_like_setting(name: str) -> bool:
    """An upper-case NAME whose first word is the first word of some EvolutionAPI setting."""
    if name in RUNTIME_VARIABLES or not _SETTING_NAME.match(name):
        return False
    return name.split("_", 1)[0] in _prefixes()


_PREFIXES: set = set()


def _prefixes() -> set:
    if not _PREFIXES:
        _PREFIXES.update(name.split("_", 1)[0] for name in knowledge.catalogue())
    return _PREFIXES


def secret(setting) -> bool:
    """Never print this value: a secret by name or catalogue, or a URI with credentials."""
    value = setting.value or ""
    return knowledge.is_secret_name(setting.name) or bool(_URI_USERINFO.match(value.strip()))


def shown(setting) -> str:
    """How a message may quote the value: quoted, `empty`, or a stand-in for a secret."""
    if not setting.value:
        return "empty"
    if secret(setting):
        return "(value not shown: it may hold a secret)"
    value = setting.value if len(setting.value) <= 60 else setting.value[:57] + "..."
    return f"'{value}'"


def label(config) -> str:
    return version_label(config)


def describe_spans(spans) -> str:
    parts = []
    for span in spans:
        if span.get("until"):
            parts.append(f"from {span['since']} until before {span['until']}")
        else:
            parts.append(f"from {span['since']} on")
    return " and ".join(parts)


def config_complete(config) -> bool:
    """False when a compose `env_file:` names a file that was not loaded (missing or unreadable):
    then a setting's absence proves nothing."""
    loaded = {os.path.realpath(d.source.fs_path) for d in config.documents if d.source.fs_path is not None}
    for document in config.documents:
        if document.kind != COMPOSE or document.source.fs_path is None:
            continue
        for relative, _span in document.env_files:
            if os.path.realpath(document.source.fs_path.parent / relative) not in loaded:
                return False
    return True


WHITESPACE = "contains whitespace"


def url_parts(value: str):
    """urlsplit of an absolute URL, or a reason (str) why the value is not one."""
    if re.search(r"\s", value):
        return WHITESPACE
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[::1": an IPv6 host left open
        return "is not a valid URL"
    if not parts.scheme or not parts.netloc:
        return "is not an absolute URL (scheme://host…)"
    if not parts.hostname:
        return "has no host name"
    try:
        parts.port
    except ValueError:
        return "has a port that is not a number"
    return parts


def local_host(host: str) -> bool:
    """localhost, a private/loopback address, or a bare name (a container or LAN host)."""
    host = host.strip("[]").lower()
    if host == "localhost" or "." not in host and ":" not in host:
        return True
    if host.endswith((".localhost", ".local", ".internal", ".lan", ".home.arpa")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


def _names_docker(path: str) -> bool:
    """`docker/.env`, EvolutionAPI's own `Docker/.env.example`, `evolution.docker.env`: the file
    name or its folder says the file belongs to a Docker deployment."""
    parts = path.replace("\\", "/").split("/")
    return "docker" in parts[-1].lower() or len(parts) > 1 and parts[-2].lower() == "docker"


def image_in_play(config) -> bool:
    """An official EvolutionAPI image runs this config, whose own environment sets DOCKER_ENV=true
    and (1.x Dockerfile ENV lines; the 2.x image's baked-in .env) CORS_ORIGIN, CORS_METHODS and
    LOG_LEVEL: a compose service with an EvolutionAPI image, or a `.env` that names Docker."""
    return any(d.kind == COMPOSE or d.kind == ENV and _names_docker(d.path) for d in config.documents)


def in_source_checkout(document) -> bool:
    """The file sits at the root of an EvolutionAPI source checkout (a package.json named
    evolution-api beside it): where `npm run start:prod` runs it from source, not the image."""
    import json

    if document.source.fs_path is None:
        return False
    package = document.source.fs_path.parent / "package.json"
    try:
        return json.loads(package.read_text(encoding="utf-8")).get("name") == "evolution-api"
    except (OSError, ValueError, AttributeError):
        return False


def env_only(config) -> bool:
    """Every server config file given is a `.env` (Typebot bodies may come along)."""
    kinds = {d.kind for d in config.documents if d.kind in SETTING_FILE_KINDS}
    return kinds == {ENV}
