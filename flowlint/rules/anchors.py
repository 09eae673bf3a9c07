"""Where a finding about the whole EvolutionAPI config points: the pinned image, else the first config file."""
from flowlint.diagnostics import Span


def config_anchor(config):
    if config.pin is not None and config.pin.source is not None:
        return config.pin.source, config.pin.span
    document = next((d for d in config.documents if d.kind != "evolution-typebot-settings"), config.documents[0])
    return document.source, Span.whole_file()
