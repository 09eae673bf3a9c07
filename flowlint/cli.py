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


def _fail(message: str) -> None:
    click.echo(f"flowlint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _split(values) -> tuple:
    return tuple(s for v in values for s in v.replace(",", " ").split())


def _use_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):  # no-color.org: set and not empty
        return False
    return sys.stdout is not None and sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="flowlint")
def main() -> None:
    """Lint Typebot flows and EvolutionAPI configs before they reach WhatsApp."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
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
@click.option("--config", "config_path", metavar="PATH", help="Config file (default: nearest .flowlint.toml or pyproject.toml).")
@click.option("--fix", is_flag=True, help="Apply safe fixes of fixable rules (see `flowlint rules`), then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing (exit 1 if there are any).")
@click.option("--no-color", is_flag=True, help="No colours (NO_COLOR is honoured too).")
@click.option("--stdin-filename", metavar="NAME", help="The name to report for input read from '-'.")
@click.option("-q", "--quiet", is_flag=True, help="Findings only: no source excerpts, no summary when clean.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--jobs", "-j", envvar="FLOWLINT_JOBS", metavar="N",
              help="Processes to use at most (1: one process, less memory; default: a helper for a big flow).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write flowlint's cache (also FLOWLINT_NO_CACHE=1).")
def check(paths, format_name, select, ignore, fail_on, evolution_version, evolution_config, config_path, fix,
          show_diff, no_color, stdin_filename, quiet, exit_zero, jobs, no_cache) -> None:
    """Lint PATHS: Typebot flow exports, .env / env.yml / compose files, directories ('-' = stdin)."""
    from flowlint.config import ConfigError, existing_file, jobs_count, load_settings
    from flowlint.diagnostics import Severity
    from flowlint.discover import PathError
    from flowlint.lint import lint
    from flowlint.reporters import ReportOptions, render

    try:
        settings = load_settings(config_path)
        if select:
            settings.select = _validated(_split(select), "--select")
        if ignore:
            settings.ignore = settings.ignore + _validated(_split(ignore), "--ignore")
        if fail_on:
            settings.fail_on = Severity.parse(fail_on)
        if evolution_version:
            _validated_version(evolution_version)
            settings.evolution_version = evolution_version
            settings.evolution_version_origin = "--evolution-version"
        if jobs is not None:
            settings.jobs = jobs_count(jobs, "--jobs")
        if no_cache:
            settings.cache = False
        if evolution_config:
            settings.evolution_config = tuple(existing_file(Path(p), f"--evolution-config: {p}") for p in evolution_config)
        result = lint(paths, settings, stdin_filename)
    except (ConfigError, PathError) as exc:
        _fail(str(exc))
    if show_diff or fix:
        result = _fix(result, paths, settings, stdin_filename, write=fix and not show_diff)
    if format_name is None:
        format_name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    click.echo(render(format_name, result, ReportOptions(color=_use_color(no_color), quiet=quiet)), nl=False)
    if format_name == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from flowlint.reporters.github_report import step_summary

        try:
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
                summary.write(step_summary(result))
        except OSError as exc:
            click.echo(f"flowlint: cannot write GITHUB_STEP_SUMMARY: {exc.strerror or exc}", err=True)
    for error in result.project.internal_errors:
        click.echo(f"flowlint: {error} (please report this)", err=True)
    if result.project.internal_errors:
        sys.exit(EXIT_USAGE)
    failing = any(d.severity >= settings.fail_on for d in result.diagnostics)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


MAX_FIX_PASSES = 5


def _fix(result, paths, settings, stdin_filename, write: bool):
    """--diff prints the planned edits and exits; --fix writes them and lints again, in passes
    (one fix can make another one moot or possible) until nothing is left to fix."""
    from flowlint.fixes import StaleFile, plan, unified_diff
    from flowlint.fixes import write as write_file
    from flowlint.lint import lint

    plans = plan(result.diagnostics)
    if not write:
        click.echo(unified_diff(plans), nl=False)
        sys.exit(EXIT_FINDINGS if plans else EXIT_OK)
    fixed, files = 0, set()
    for _ in range(MAX_FIX_PASSES):
        written = 0
        for item in plans:
            try:
                write_file(item)
            except (StaleFile, OSError) as exc:
                click.echo(f"flowlint: {exc}", err=True)
                continue
            fixed, written = fixed + item.fixed, written + 1
            files.add(item.source.path)
        if not written:
            break
        del result
        gc.collect()  # the pass before is garbage now (cycles: the `flowlint` process pauses the collector)
        result = lint(paths, settings, stdin_filename)
        plans = plan(result.diagnostics)
    if fixed:
        click.echo(f"flowlint: fixed {fixed} problem{'s' if fixed != 1 else ''} in {len(files)} "
                   f"file{'s' if len(files) != 1 else ''}", err=True)
    return result


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

    if parse_version(text) is None:
        raise ConfigError(f"--evolution-version: {text!r} is not a version like 1.7.4")


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
    from flowlint.versions import describe, overview

    if version is None:
        click.echo(overview(), nl=False)
        return
    parsed = parse_version(version)
    if parsed is None:
        _fail(f"{version!r} is not a version like 1.7.4")
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
