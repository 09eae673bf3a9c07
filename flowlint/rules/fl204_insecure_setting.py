"""Default or empty API key, plain-http public URL, default passwords in URIs, and the like.

## What it finds
- `AUTHENTICATION_API_KEY` (1.x `env.yml`: `AUTHENTICATION.API_KEY.KEY`) that is one of the
  example keys EvolutionAPI's own example files ship, EvolutionAPI's built-in default key, empty,
  shorter than 16 characters, or not set at all (then the built-in default applies; the finding
  points at the image pin or the first config file);
- on 1.x with `AUTHENTICATION_TYPE=jwt`: `AUTHENTICATION_JWT_SECRET` left at the built-in default
  (which the 1.x example files also ship), empty, or not set;
- `SERVER_URL` with plain `http://` to a host that is not local (not `localhost`, a private or
  loopback address, or a bare container/LAN name);
- a URI whose credentials are a well-known default (`guest:guest`, `user:pass`, `root:root`,
  `…:password`, `…:admin`…) or whose password equals its user name.

The message never repeats a key, secret or password: it says which kind of value it is.

## Why it matters
The global API key opens every instance: it creates and deletes instances, reads messages and
sends as your number. The example keys and the built-in default are public, in EvolutionAPI's
repository and in every copy of its example files. In 2.x the same key is also handed to every
Typebot session (the `apiKey` prefilled variable) and to other bot integrations (issue #1347),
so anyone who can read a flow's variables gets it. A public `http://` `SERVER_URL` sends that key
and the messages in clear text (and 2.x gives the URL to Typebot as `serverUrl`). Default
database and broker passwords are the first thing a scanner tries.

## Example
```
# evolution-api 2.3.6
AUTHENTICATION_API_KEY=admin123
SERVER_URL=http://evolution.example.com
DATABASE_CONNECTION_URI=postgresql://user:pass@postgres:5432/evolution
```

## How to fix
Generate a long random key (`openssl rand -hex 32`) and keep it out of version control; serve
EvolutionAPI behind https and give that URL; give each service its own strong password.
"""
from flowlint import knowledge
from flowlint.model.session import V2
from flowlint.rules import WARNING, rule
from flowlint.knowledge.settings import (config_complete, deploy_time, display, each_setting, is_yaml, label,
                                          local_host, url_parts)

API_KEY = "AUTHENTICATION_API_KEY"
JWT_SECRET = "AUTHENTICATION_JWT_SECRET"
MIN_KEY_LENGTH = 16
# Passwords every scanner tries first, and the placeholders of EvolutionAPI's example URIs.
DEFAULT_PASSWORDS = frozenset({
    "password", "pass", "passwd", "root", "guest", "admin", "administrator", "postgres", "mysql", "mongo",
    "redis", "rabbitmq", "secret", "changeme", "change_me", "123456", "12345678", "1234", "test", "default",
    "user", "evolution", "example", "qwerty",
})


def _key_problem(document, setting, config):
    value, default = setting.value, (knowledge.entry(API_KEY) or {}).get("default")
    name, env = display(document, setting), not is_yaml(document)
    if value == "":
        return (f"{name} is empty: EvolutionAPI falls back to its built-in default key, which is public"
                if env else f"{name} is empty")
    if value == default:
        return f"{name} is EvolutionAPI's built-in default key, which is public in its source code"
    example = knowledge.example_value_source(API_KEY, value)
    if example:
        return f"{name} is the example key from EvolutionAPI's {example}: anyone who has seen that file can use your API"
    if len(value) < MIN_KEY_LENGTH:
        return f"{name} is shorter than {MIN_KEY_LENGTH} characters: easy to guess"
    return None


def _typebot_note(config) -> str:
    return "; EvolutionAPI 2.x also hands this key to every Typebot session (apiKey)" if config.version >= V2 else ""


def _api_key(ctx, config):
    found = [(d, s) for d, s in each_setting(config) if s.name == API_KEY]
    if not found:
        if config_complete(config) and knowledge.reads(API_KEY, config.version):
            source, span = config.anchor()
            yield ctx.report(f"{API_KEY} is not set: {label(config)} falls back to its built-in default key, which is "
                             f"public in its source code; set a long random key{_typebot_note(config)}",
                             source=source, span=span)
        return
    for document, setting in found:
        if deploy_time(setting):
            continue
        problem = _key_problem(document, setting, config)
        if problem:
            yield ctx.report(problem + _typebot_note(config), source=setting.source, span=setting.value_span)


def _jwt_secret(ctx, config):
    kind = config.get("AUTHENTICATION_TYPE")
    if kind is None or deploy_time(kind) or kind.value != "jwt" or not knowledge.reads(JWT_SECRET, config.version):
        return
    default = (knowledge.entry(JWT_SECRET) or {}).get("default")
    found = [(d, s) for d, s in each_setting(config) if s.name == JWT_SECRET]
    if not found and config_complete(config):
        source, span = config.anchor()
        yield ctx.report(f"{JWT_SECRET} is not set while AUTHENTICATION_TYPE is jwt: the built-in default secret, "
                         "public in EvolutionAPI's source, signs the tokens", source=source, span=span)
    for document, setting in found:
        if deploy_time(setting):
            continue
        if setting.value in ("", default):
            what = "empty" if setting.value == "" else "EvolutionAPI's built-in default (also in its example files)"
            name = display(document, setting)
            yield ctx.report(f"{name} is {what} while AUTHENTICATION_TYPE is jwt: anyone can sign valid tokens",
                             source=setting.source, span=setting.value_span)


def _server_url(ctx, config):
    for document, setting in each_setting(config):
        if setting.name != "SERVER_URL" or deploy_time(setting) or not setting.value:
            continue
        parts = url_parts(setting.value.strip())
        if isinstance(parts, str) or parts.scheme.lower() != "http" or local_host(parts.hostname):
            continue
        extra = " (and EvolutionAPI 2.x hands it to Typebot as serverUrl)" if config.version >= V2 else ""
        name = display(document, setting)
        yield ctx.report(f"{name} uses plain http:// for the public host {parts.hostname}: the API key and messages "
                         f"travel unencrypted{extra}; use https://",
                         source=setting.source, span=setting.value_span)


def _uri_credentials(ctx, config):
    for document, setting in each_setting(config):
        if deploy_time(setting) or "://" not in setting.value:
            continue
        parts = url_parts(setting.value.strip())
        if isinstance(parts, str) or parts.password is None:
            continue
        password, user = parts.password, parts.username or ""
        if not (password and password.lower() == user.lower() or password.lower() in DEFAULT_PASSWORDS):
            continue
        # Which of the two it is stays unsaid: the excerpt shows the user name.
        yield ctx.report(f"{display(document, setting)} carries a guessable password in its URI (a well-known default, "
                         "a placeholder, or the user name again), the first thing anyone who reaches that service "
                         "tries; set a strong, unique password", source=setting.source, span=setting.value_span)


# security severity (code scanning's 0-10 scale, high from 7): a default key or password is the first one tried
@rule("FL204", "insecure-setting", WARNING, target="config", security_severity=7.5)
def check(ctx):
    config = ctx.evolution
    if not config.has_env:
        return
    yield from _api_key(ctx, config)
    yield from _jwt_secret(ctx, config)
    yield from _server_url(ctx, config)
    yield from _uri_credentials(ctx, config)
