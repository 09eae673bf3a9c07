"""The kinds of file flowlint reads, and the names that hint at them. One home for these names:
the loaders decide a file's kind, the model and the rules ask for it."""
from __future__ import annotations

FLOW = "typebot-flow"
ENV = "evolution-env"
YAML = "evolution-yaml"
COMPOSE = "compose"
SETTINGS = "evolution-typebot-settings"
KINDS = (FLOW, ENV, YAML, COMPOSE, SETTINGS)
SETTING_FILE_KINDS = (ENV, YAML, COMPOSE)  # files of EvolutionAPI settings (environment variables)
CONFIG_KINDS = (*SETTING_FILE_KINDS, SETTINGS)  # every file that makes up the EvolutionAPI config


def is_env_name(name: str) -> bool:
    return name == ".env" or name.startswith(".env.") or name.endswith(".env") or name.endswith("env.example")


def is_yaml_name(name: str) -> bool:
    return name.endswith((".yml", ".yaml"))


def is_bot_settings_name(name: str) -> bool:
    """A file of EvolutionAPI bot settings by its name: `typebot-settings.json`,
    `bot_settings.prod.json`, `sales-typebot-settings.json` (its content still decides)."""
    lowered = name.lower()
    return lowered.endswith(".json") and ("bot-settings" in lowered or "bot_settings" in lowered)
