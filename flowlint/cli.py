"""The `flowlint` command. Heavy modules are imported inside the commands that need them."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from flowlint import __version__

FORMATS = ("text", "json", "sarif", "github")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _say(message: str) -> None:
    """A line on stderr. It may name a file or quote one, so it is made safe to print (sanitize)."""
    from flowlint.sanitize import visible

    click.echo(f"flowlint: {visible(message)}", err=True)


def _fail(message: str) -> None:
    _say(f"error: {message}")
    sys.exit(EXIT_USAGE)


def _split(values) -> tuple:
    return tuple(s for v in values for s in v.replace(",", " ").split())


def _use_color(no_color: bool) -> bool:
    """--no-color, then FORCE_COLOR (force-color.org: set and not empty forces colour, over
    NO_COLOR), then NO_COLOR (no-color.org: set and not empty), then CLICOLOR_FORCE (bixense.com/
    clicolors: set and not "0"; NO_COLOR wins over it), then whether stdout is a terminal."""
    if no_color:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("CLICOLOR_FORCE", "0") != "0":
        return True
    return sys.stdout is not None and sys.stdout.isatty()


def _output(text: str, output_file, color: bool) -> None:
    """The report on stdout, or written whole to --output-file (never half a report)."""
    if output_file is None:
        click.echo(text, nl=False, color=color)  # click would strip forced colour off a pipe
        return
    from flowlint.atomic import write_atomically

    try:
        write_atomically(Path(output_file), text.encode("utf-8"))
    except OSError as exc:
        _fail(f"--output-file: {output_file}: {exc.strerror or exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="flowlint")
def main() -> None:
    """Lint Typebot flows and EvolutionAPI configs before they reach WhatsApp."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "format_name", type=click.Choice(FORMATS), default=None,
              help="Output format (default: text; github when GITHUB_ACTIONS=true).")
@click.option("--select", multiple=True, help="Only these rules: codes, prefixes (FL1) or names.")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, prefixes or names.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--evolution-version", metavar="X.Y.Z", help="The EvolutionAPI version the configs run on.")
@click.option("--evolution-config", multiple=True, metavar="PATH",
              help="An EvolutionAPI config file of the deployment (.env, env.yml, compose), read with every run "
                   "but not linted itself: for pre-commit runs that pass only a changed flow. Repeatable.")
@click.option("--no-discover", is_flag=True,
              help="Do not look for each flow's EvolutionAPI config (compose, .env, bot settings) from its folder "
                   "up to the project root.")
@click.option("--config", "config_path", metavar="PATH", help="Config file (default: nearest .flowlint.toml or pyproject.toml).")
@click.option("--fix", is_flag=True, help="Apply safe fixes of fixable rules (see `flowlint rules`), then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing (exit 1 if there are any).")
@click.option("-o", "--output-file", metavar="FILE",
              help="Write the report to FILE (whole or not at all; text without colours) instead of stdout.")
@click.option("--statistics", is_flag=True, help="Count the findings of each rule instead of listing them (text or json).")
@click.option("--no-color", is_flag=True, help="No colours (also NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE force them).")
@click.option("--stdin-filename", metavar="NAME", help="The name to report for input read from '-'.")
@click.option("-q", "--quiet", is_flag=True, help="Findings only: no source excerpts, no summary when clean.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--jobs", "-j", envvar="FLOWLINT_JOBS", metavar="N",
              help="Processes to use at most (1: one process, less memory; default: a helper for a big flow).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write flowlint's cache (also FLOWLINT_NO_CACHE=1).")
def check(paths, format_name, select, ignore, fail_on, evolution_version, evolution_config, no_discover, config_path,
          fix, show_diff, output_file, statistics, no_color, stdin_filename, quiet, exit_zero, jobs, no_cache) -> None:
    """Lint PATHS: Typebot flow exports, .env / env.yml / compose files, directories ('-' = stdin;
    none: the working directory)."""
    from flowlint.config import ConfigError, existing_file, jobs_count, load_settings
    from flowlint.diagnostics import Severity
    from flowlint.discover import PathError
    from flowlint.lint import lint
    from flowlint.reporters import ReportOptions, render

    paths = paths or (".",)
    if statistics and format_name not in (None, "text", "json"):
        _fail(f"--statistics: counts are written as text or json, not {format_name}")
    try:
        settings = load_settings(config_path)
        if select:  # override(): the command line beats the config nearest to each file too
            settings.override(select=_validated(_split(select), "--select"))
        if ignore:
            settings.override(extend_ignore=_validated(_split(ignore), "--ignore"))
        if fail_on:
            settings.fail_on = Severity.parse(fail_on)
        if evolution_version:
            _validated_version(evolution_version)
            settings.override(evolution_version=evolution_version, evolution_version_origin="--evolution-version")
        if jobs is not None:
            settings.jobs = jobs_count(jobs, "--jobs")
        if no_cache:
            settings.cache = False
        if evolution_config:
            settings.override(evolution_config=tuple(existing_file(Path(p), f"--evolution-config: {p}")
                                                     for p in evolution_config))
        if no_discover:
            settings.override(discover=False)
        result = lint(paths, settings, stdin_filename)
    except (ConfigError, PathError) as exc:
        _fail(str(exc))
    if show_diff or fix:
        result = _fix(result, paths, settings, stdin_filename, write=fix and not show_diff)
    if format_name is None:
        format_name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" and not statistics else "text"
    color = output_file is None and _use_color(no_color)
    if statistics:
        from flowlint.reporters.statistics import render as render_statistics

        _output(render_statistics(result, format_name), output_file, color)
    else:
        _output(render(format_name, result, ReportOptions(color=color, quiet=quiet)), output_file, color)
    if format_name == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from flowlint.reporters.github_report import step_summary

        try:
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
                summary.write(step_summary(result))
        except OSError as exc:
            _say(f"cannot write GITHUB_STEP_SUMMARY: {exc.strerror or exc}")
    for error in result.project.internal_errors:
        _say(f"{error} (please report this)")
    if result.project.internal_errors:
        sys.exit(EXIT_USAGE)
    failing = any(d.severity >= settings.fail_on for d in result.diagnostics)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


MAX_FIX_PASSES = 5


def _fix(result, paths, settings, stdin_filename, write: bool):
    """--diff prints the planned edits and exits; --fix writes them and lints again, in passes
    (one fix can make another one moot or possible) until nothing is left to fix. Edits whose
    result would not read back as intended are neither shown nor written: said on stderr."""
    from flowlint.fixes import StaleFile, unified_diff
    from flowlint.fixes import write as write_file
    from flowlint.lint import lint

    refused: dict = {}
    plans = _checked_plans(result, refused)
    if not write:
        _say_refused(refused)
        diff, notes = unified_diff(plans)
        click.echo(diff, nl=False)
        for note in notes:
            _say(note)
        sys.exit(EXIT_FINDINGS if plans else EXIT_OK)
    fixed, files = 0, set()
    for _ in range(MAX_FIX_PASSES):
        written = 0
        for item in plans:
            try:
                write_file(item)
            except (StaleFile, OSError) as exc:
                _say(str(exc))
                continue
            fixed, written = fixed + item.fixed, written + 1
            files.add(item.source.path)
        if not written:
            break
        del result
        gc.collect()  # the pass before is garbage now (cycles: the `flowlint` process pauses the collector)
        result = lint(paths, settings, stdin_filename)
        plans = _checked_plans(result, refused)
    _say_refused(refused)
    if fixed:
        _say(f"fixed {fixed} problem{'s' if fixed != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}")
    return result


def _checked_plans(result, refused: dict) -> list:
    """The plans of this lint's fixes that read back as intended; refusals are added to
    `refused` (one entry per file, rule and reason, however many passes meet them)."""
    from flowlint.fixcheck import checked
    from flowlint.fixes import plan

    plans, bad = checked(plan(result.diagnostics), result.documents)
    for diagnostic, reason in bad:
        refused.setdefault((diagnostic.path, diagnostic.code, reason),
                           f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} not fixed: {reason}")
    return plans


def _say_refused(refused: dict) -> None:
    for message in refused.values():
        _say(message)


def _validated(selectors: tuple, option: str) -> tuple:
    from flowlint.config import ConfigError
    from flowlint.rules import valid_selector

    if not selectors:
        raise ConfigError(f"{option}: no rule code or name given")
    for selector in selectors:
        if not valid_selector(selector):
            raise ConfigError(f"{option}: unknown rule code or name {selector!r} (see `flowlint rules`)")
    return selectors


def _validated_version(text: str) -> None:
    from flowlint.config import ConfigError
    from flowlint.model.evolution import parse_version
    from flowlint.sanitize import quoted

    if parse_version(text) is None:
        raise ConfigError(f"--evolution-version: {quoted(text)} is not a version like 1.7.4")


@main.command()
@click.option("--format", "format_name", type=click.Choice(["text", "json"]), default="text")
def rules(format_name) -> None:
    """The rule catalogue."""
    import json

    from flowlint.rules import all_rules

    catalogue = all_rules()
    if format_name == "json":
        click.echo(json.dumps([r.to_json() for r in catalogue], indent=2))
        return
    width = max(len(r.name) for r in catalogue)
    for r in catalogue:
        fix = " (fixable)" if r.fixable else ""
        click.echo(f"{r.code}  {r.name:<{width}}  {str(r.severity):<8} {r.summary}{fix}")


@main.command()
@click.argument("rule")
def explain(rule) -> None:
    """Show one rule's documentation (by code or name)."""
    from flowlint.rules import find_rule

    found = find_rule(rule)
    if found is None:
        _fail(f"unknown rule code or name {rule!r} (see `flowlint rules`)")
    click.echo(f"{found.code} {found.name} [{found.severity}]{' (fixable)' if found.fixable else ''}\n")
    click.echo(found.docs)


@main.command()
@click.argument("version", required=False)
def versions(version) -> None:
    """What flowlint knows of an EvolutionAPI VERSION (or of every release line)."""
    from flowlint.model.evolution import parse_version
    from flowlint.sanitize import quoted
    from flowlint.versions import describe, overview

    if version is None:
        click.echo(overview(), nl=False)
        return
    parsed = parse_version(version)
    if parsed is None:
        _fail(f"{quoted(version)} is not a version like 1.7.4")
    click.echo(describe(parsed), nl=False)


@main.command()
@click.argument("flow")
@click.argument("configs", nargs=-1)
@click.option("--format", "format_name", type=click.Choice(["mermaid", "dot", "json"]), default="mermaid")
@click.option("-o", "--output", metavar="FILE", help="Write the picture here instead of stdout.")
@click.option("--config", "config_path", metavar="PATH", help="Config file for the findings marked in the picture.")
def graph(flow, configs, format_name, output, config_path) -> None:
    """Draw FLOW's groups and edges; groups with findings are marked.

    CONFIGS (EvolutionAPI .env / env.yml / compose files) are linted with it, so that findings
    that need them (the restart loop) are marked too."""
    from flowlint.config import ConfigError, load_settings
    from flowlint.discover import PathError
    from flowlint.kinds import FLOW
    from flowlint.lint import lint
    from flowlint.picture import draw

    try:
        result = lint([flow, *configs], load_settings(config_path))
    except (ConfigError, PathError) as exc:
        _fail(str(exc))
    document = next((d for d in result.documents if d.kind == FLOW), None)
    if document is None:
        _fail(f"{flow}: not a Typebot flow export")
    findings = [d for d in result.diagnostics if d.source is document.source]
    text = draw(result.project.graph_of(document), findings, format_name)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            _fail(f"{output}: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("--server", required=True, metavar="URL", help="The EvolutionAPI server, e.g. https://evo.example.com.")
@click.option("--instance", "instances", multiple=True, metavar="NAME",
              help="Pull this instance only (repeatable; default: every instance the key sees).")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="The bot-settings file to write (default: typebot-settings.json).")
@click.option("--evolution-version", metavar="X.Y.Z", help="The server's version, instead of asking it.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help="How long to wait for each answer (default: 10).")
def pull(server, instances, output, evolution_version, timeout) -> None:
    """Write the Typebot bots and settings a running EvolutionAPI holds to a bot-settings file.

    On EvolutionAPI 2.x keepOpen, expire, triggerType and the like live in the server's database;
    `check` then reads the file like any other bot-settings body, without a network. The API key
    comes from EVOLUTION_API_KEY, else a prompt (never an option: it would land in shell history).
    Nothing is written unless the whole pull succeeds."""
    from flowlint.atomic import write_atomically
    from flowlint.pull import DEFAULT_FILE, DEFAULT_TIMEOUT, PullError, Server
    from flowlint.pull import pull as pull_settings

    api_key = os.environ.get("EVOLUTION_API_KEY")
    if not api_key:
        if not (sys.stdin is not None and sys.stdin.isatty()):
            _fail("set EVOLUTION_API_KEY to the server's global API key (no terminal to ask for it)")
        api_key = click.prompt("EvolutionAPI key", hide_input=True, err=True)
    if evolution_version:
        _validated_or_fail(evolution_version)
    tell = sys.stderr is not None and sys.stderr.isatty()
    target = Path(output or DEFAULT_FILE)
    try:
        pulled = pull_settings(Server(server, api_key, timeout or DEFAULT_TIMEOUT), instances, evolution_version,
                               progress=(lambda line: click.echo(f"pulled {line}", err=True)) if tell else None)
        write_atomically(target, pulled.render().encode("utf-8"))
    except PullError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{target}: {exc.strerror or exc}")
    bodies = len(pulled.bodies)
    click.echo(f"Wrote {target}: {bodies} bod{'ies' if bodies != 1 else 'y'} from {len(pulled.instances)} "
               f"instance{'s' if len(pulled.instances) != 1 else ''} (EvolutionAPI {pulled.version}).")


def _validated_or_fail(version: str) -> None:
    from flowlint.config import ConfigError

    try:
        _validated_version(version)
    except ConfigError as exc:
        _fail(str(exc))


@main.command()
def server() -> None:
    """Run the Language Server on stdio: diagnostics as you edit flows and configs, and the safe
    fixes as code actions (needs the `server` extra: pip install 'flowlint[server]')."""
    try:
        from flowlint.server import serve
    except ImportError as exc:
        _fail(f"flowlint server needs the server extra: pip install 'flowlint[server]' ({exc.name} is missing)")
    gc.enable()  # a long-lived process: unlike a one-shot lint it must collect what it drops
    serve()


def run() -> None:
    """The `flowlint` console script and `python -m flowlint`: `main` in a one-shot process.

    The collector stays paused throughout: the flow's objects all live until the report is out,
    and collecting would only rescan them (at 50,000 blocks, 0.2 s just after the lint). Once the
    output is flushed the process ends with `os._exit`, skipping the teardown that frees every
    object and module one by one (~30 ms of a small lint, more of a big one; mypy ends the same
    way).
    """
    gc.disable()
    try:
        main()
        code = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):
        if sys.stderr is not None:
            print(code, file=sys.stderr)
        code = 1  # as Python does for sys.exit("message")
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: the stream was closed before we started
                stream.flush()
        except (OSError, ValueError):
            pass  # a reader that went away (a closed pipe) has no use for the rest
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
