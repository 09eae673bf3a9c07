"""YAML files: EvolutionAPI 1.x `env.yml`/`dev-env.yml` and docker-compose files.

Read as ruamel.yaml node trees: every key and value keeps its line and column, duplicate keys
are seen instead of silently merged, and anchors/merge keys (`<<: *env`) resolve as compose does.

The tree is composed under a budget (see `_bounded_composer`): an alias names a shared node, and
every later walk (merge keys, settings, rules) expands it again, so a file whose aliases would
expand past the budget, nest too deeply or contain themselves is refused with one located error
before anything walks it; past that point every walk is bounded by the budget.
"""
from __future__ import annotations

import re
import warnings
from typing import Optional

from flowlint import redact
from flowlint.kinds import COMPOSE, YAML

from flowlint.loaders import Document, DuplicateKey, Suppressions
from flowlint.model.evolution import Setting, VersionPin, parse_version
from flowlint.source import SourceFile

# Nodes the aliases of one file may expand to in all (each alias counts its target's whole expanded
# size, so a merge-key or list "billion laughs" trips it at the alias where it blows up), and the
# nesting depth with aliases expanded. Real compose files stay far below both.
ALIAS_BUDGET = 10_000
ALIAS_RATIO = 10  # ... plus this many per node written out: aliases used often in a big file are fine
MAX_DEPTH = 100

# A run of flow openers past MAX_DEPTH, refused before ruamel's scanner sees it: each `[` on a
# line is a possible simple key, and the scanner rechecks them all at each token for up to 1,024
# characters (a second of CPU for `[[[[…`, long before the composer counts the depth).
_OPENER_RUN = re.compile(r"(?:[\[{][ \t]*){%d}" % MAX_DEPTH)
_VARIABLE_DEFAULT = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}")
_IMAGE = re.compile(r"^(?:[^/\s]+/)*(?P<name>evolution-api)(?::(?P<tag>[^@\s]+))?(?:@\S+)?$")


def _tag(node) -> str:
    return str(node.tag)


def _is_map(node) -> bool:
    return type(node).__name__ == "MappingNode"


def _is_seq(node) -> bool:
    return type(node).__name__ == "SequenceNode"


def _is_scalar(node) -> bool:
    return type(node).__name__ == "ScalarNode"


class NodeReader:
    """Offsets and spans of ruamel nodes inside one source file."""

    def __init__(self, source: SourceFile):
        self.source = source

    def start(self, node) -> int:
        mark = node.start_mark
        return self.source.offset(mark.line + 1, mark.column + 1)

    def end(self, node) -> int:
        mark = node.end_mark
        return self.source.offset(mark.line + 1, mark.column + 1)

    def span(self, node):
        return self.source.span(self.start(node), self.end(node))

    def inner(self, node) -> tuple:
        """Offsets of a scalar's text without its quotes."""
        start, end = self.start(node), self.end(node)
        if getattr(node, "style", None) in ("'", '"'):
            return start + 1, max(start + 1, end - 1)
        return start, end


def pairs(node):
    """(key node, value node) of a mapping, merge keys expanded (explicit keys win)."""
    explicit, merged = [], []
    for key, value in node.value:
        if _tag(key).endswith(":merge"):
            sources = value.value if _is_seq(value) else [value]
            for source in sources:
                if _is_map(source):
                    merged.extend(pairs(source))
        else:
            explicit.append((key, value))
    names = {k.value for k, _ in explicit}
    return [(k, v) for k, v in merged if k.value not in names] + explicit


def get(node, name: str):
    if not _is_map(node):
        return None
    found = None
    for key, value in pairs(node):
        if key.value == name:
            found = value
    return found


def _binary_text(node) -> Optional[str]:
    """A `!!binary` scalar decoded, as go-yaml (v3.0.1 decode.go:573, docker compose) and js-yaml
    (EvolutionAPI 1.x) decode it; None when it is not base64, which both refuse."""
    import base64
    import binascii

    try:
        return base64.b64decode("".join(node.value.split()), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None


def scalar_text(node) -> Optional[str]:
    """The value as EvolutionAPI's env reader would see it (booleans lower-case, null unset)."""
    tag = _tag(node)
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return node.value.lower()
    if tag.endswith(":binary"):
        return _binary_text(node)
    return node.value


def _duplicates(node, reader: NodeReader, out: list, seen_nodes: set) -> None:
    if id(node) in seen_nodes:
        return
    seen_nodes.add(id(node))
    if _is_map(node):
        first: dict = {}
        for key, value in node.value:
            if _is_scalar(key) and not _tag(key).endswith(":merge"):
                if key.value in first:
                    out.append(DuplicateKey(key.value, reader.span(key), first[key.value]))
                first[key.value] = key.start_mark.line + 1
            _duplicates(value, reader, out, seen_nodes)
    elif _is_seq(node):
        for item in node.value:
            _duplicates(item, reader, out, seen_nodes)


def _setting(reader: NodeReader, name: str, key_node, value_node, value: Optional[str]) -> Setting:
    start, end = reader.inner(value_node) if value_node is not None else (reader.end(key_node),) * 2
    return Setting(
        name=name, value=value, source=reader.source, key_span=reader.span(key_node),
        value_span=reader.source.span(start, end), value_start=start, value_end=end,
        interpolated=value is not None and "$" in value,
    )


def evolution_yaml_settings(root, reader: NodeReader) -> list:
    """Flatten a 1.x env.yml into env names: `TYPEBOT: KEEP_OPEN:` is TYPEBOT_KEEP_OPEN."""
    from flowlint.knowledge import yaml_names

    names, settings = yaml_names(), []

    def walk(node, path: list, key_node) -> None:
        if _is_map(node):
            for key, value in pairs(node):
                walk(value, path + [str(key.value)], key)
            return
        dotted = ".".join(path)
        name = names.get(dotted, "_".join(path))
        if _is_seq(node):
            text = ",".join(scalar_text(i) or "" for i in node.value if _is_scalar(i))
        else:
            text = scalar_text(node)
        settings.append(_setting(reader, name, key_node, node, text))

    for key, value in pairs(root):
        walk(value, [str(key.value)], key)
    return settings


def _environment(service, reader: NodeReader, duplicates: list) -> list:
    node = get(service, "environment")
    settings = []
    if node is not None and _is_map(node):
        for key, value in pairs(node):
            setting = _setting(reader, str(key.value), key, value, scalar_text(value) if _is_scalar(value) else None)
            setting.interpolated = setting.interpolated or setting.value is None  # `NAME:` passes the host's value
            settings.append(setting)
    elif node is not None and _is_seq(node):
        for item in node.value:
            if not _is_scalar(item):
                continue
            name, sep, value = item.value.partition("=")
            if any(s.name == name.strip() for s in settings):
                first = next(s for s in settings if s.name == name.strip()).key_span.line
                duplicates.append(DuplicateKey(name.strip(), reader.span(item), first))
            start, end = reader.inner(item)
            key_span = reader.source.span(start, start + len(name))
            value_start = start + len(name) + len(sep)
            settings.append(Setting(
                name=name.strip(), value=value if sep else None, source=reader.source, key_span=key_span,
                value_span=reader.source.span(value_start, end), value_start=value_start, value_end=end,
                interpolated="$" in value or not sep,  # `- NAME` passes the host's value
            ))
    return settings


def _env_files(service, reader: NodeReader) -> list:
    node = get(service, "env_file")
    if node is None:
        return []
    entries = node.value if _is_seq(node) else [node]
    found = []
    for entry in entries:
        path_node = get(entry, "path") if _is_map(entry) else entry
        if path_node is not None and _is_scalar(path_node) and path_node.value:
            found.append((path_node.value, reader.span(path_node)))
    return found


_FROM = re.compile(r"^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(?P<image>\S+)(?:[ \t]+AS[ \t]+(?P<stage>\S+))?", re.I | re.M)
_ARG = re.compile(r"^[ \t]*ARG[ \t]+(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?P<value>\S*))?", re.I | re.M)
_DOCKER_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?P<default>[^}]*))?\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
MAX_DOCKERFILE = 1 << 20


def _build_args(build) -> dict:
    node = get(build, "args")
    if node is None:
        return {}
    if _is_map(node):
        return {str(k.value): scalar_text(v) or "" for k, v in pairs(node) if _is_scalar(v)}
    if _is_seq(node):
        return dict(i.value.partition("=")[::2] for i in node.value if _is_scalar(i) and "=" in i.value)
    return {}


def _built_image(service, source: SourceFile) -> Optional[str]:
    """The image a `build:` service's Dockerfile ends in (`FROM atendai/evolution-api:v2.2.3`,
    through `ARG`s, compose's `build.args` and named stages), as Docker resolves it; None when
    there is no readable Dockerfile."""
    build = get(service, "build")
    if build is None or source.fs_path is None:
        return None
    context_node = build if _is_scalar(build) else get(build, "context")
    context = context_node.value if context_node is not None and _is_scalar(context_node) else "."
    dockerfile_node = get(build, "dockerfile") if _is_map(build) else None
    name = dockerfile_node.value if dockerfile_node is not None and _is_scalar(dockerfile_node) else "Dockerfile"
    path = source.fs_path.parent / context / name
    try:
        if "://" in context or not path.is_file() or path.stat().st_size > MAX_DOCKERFILE:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    first = _FROM.search(text)
    args = {m["name"]: m["value"] or "" for m in _ARG.finditer(text, 0, first.start() if first else len(text))}
    args.update(_build_args(build) if _is_map(build) else {})  # (only ARGs before the first FROM reach it)

    def filled(match) -> str:
        name = match["braced"] or match["bare"]
        return args.get(name) or (match["default"] or "")

    stages, image = {}, None
    for match in _FROM.finditer(text):
        image = _DOCKER_VARIABLE.sub(filled, match["image"])
        image = stages.get(image.lower(), image)
        if match["stage"]:
            stages[match["stage"].lower()] = image
    return image


_COMPOSE_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<word>[^{}$]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")


def _project_variables(source: SourceFile) -> dict:
    """The `.env` of the compose file's project directory, which docker compose reads to fill
    `${VAR}` in the compose file (not the container's env_file)."""
    if source.fs_path is None:
        return {}
    path = source.fs_path.parent / ".env"
    try:
        if not path.is_file() or path.stat().st_size > MAX_DOCKERFILE:
            return {}
        from dotenv import dotenv_values

        return {k: v for k, v in dotenv_values(path, interpolate=False).items() if v is not None}
    except (OSError, UnicodeDecodeError, ValueError):
        return {}


def interpolate(text: str, variables: dict) -> Optional[str]:
    """`text` with `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
    `${VAR+alt}` and `$$` filled as docker compose fills them from `variables`; None when a
    variable is neither there nor defaulted (only the shell at deploy time knows it)."""
    unknown = False

    def fill(match) -> str:
        nonlocal unknown
        if match["escaped"]:
            return "$"
        name, op, word = match["braced"] or match["bare"], match["op"] or "", match["word"] or ""
        value = variables.get(name)
        if op in (":-", "-"):
            return word if value is None or (op == ":-" and value == "") else value
        if op in (":+", "+"):
            return "" if value is None or (op == ":+" and value == "") else word
        if value is None:  # also ${VAR:?error}: compose stops there
            unknown = True
            return match.group()
        return value

    filled = _COMPOSE_VARIABLE.sub(fill, text)
    return None if unknown else filled


def _fill_from_project(settings: list, variables: dict) -> None:
    """Values with `${VAR}` filled from the project .env (their spans stay on the text as written)."""
    for setting in settings:
        if setting.value is not None and "$" in setting.value:
            filled = interpolate(setting.value, variables)
            if filled is not None:
                setting.value, setting.interpolated = filled, False


def _compose(document: Document, roots: list, reader: NodeReader) -> Document:
    """Every document of the file, as docker compose reads them: one after the other, a service
    in a later one overriding the same service before it (compose-go v2.13.0 loader/loader.go:535,
    override.Merge); here its image from the last document that names one, its environment in
    document order (later bindings win). `${VAR}` is filled from the project's .env."""
    variables = _project_variables(reader.source)
    services: dict = {}
    for root in roots:
        node = get(root, "services")
        for key, service in pairs(node) if node is not None and _is_map(node) else []:
            services.setdefault(str(key.value), []).append(service)
    for parts in services.values():
        image = next((i for i in (get(p, "image") for p in reversed(parts)) if i is not None), None)
        written = image.value.strip() if image is not None and _is_scalar(image) else ""
        if "$" in written and all(m["escaped"] or (m["braced"] or m["bare"]) in variables
                                  for m in _COMPOSE_VARIABLE.finditer(written)):
            written = interpolate(written, variables)  # ${EVOLUTION_TAG} given in the project .env
        builder = next((p for p in reversed(parts) if get(p, "build") is not None), None)
        if builder is not None and not _IMAGE.match(_VARIABLE_DEFAULT.sub(lambda m: m.group(1) or "", written)):
            built = _built_image(builder, reader.source)  # `build:` from an EvolutionAPI image
            if built is not None and _IMAGE.match(built):
                written, image = built, get(builder, "build")
        chosen_later = "$" in written  # ${IMAGE:-atendai/evolution-api:v1.8.2}: known at deploy time
        match = _IMAGE.match(_VARIABLE_DEFAULT.sub(lambda m: m.group(1) or "", written))
        if not match:
            for service in parts:
                others = _environment(service, reader, [])
                _fill_from_project(others, variables)
                redact.mark(reader.source, others)  # POSTGRES_PASSWORD of the database
            continue
        tag = "" if chosen_later else match.group("tag") or ""
        for service in parts:
            environment = _environment(service, reader, document.duplicates)
            _fill_from_project(environment, variables)
            document.settings.extend(environment)
            document.env_files.extend(_env_files(service, reader))
        if document.pin is None:
            document.pin = VersionPin(parse_version(tag), tag, written, reader.source, reader.span(image),
                                      likely=parse_version(match.group("tag")) if chosen_later else None)
    redact.mark(reader.source, document.settings)
    if document.pin is None:
        document.kind = None
        document.unknown_reason = "a compose file with no EvolutionAPI service (image …/evolution-api)"
    return document


def _bounded_composer():
    """A ruamel Composer that refuses, at the offending event, what no later walk could survive
    and what docker compose's go-yaml refuses too (v3.0.1 decode.go): a key that is a sequence
    or mapping (:845 "invalid map key"), an alias inside the node it names (:536 "anchor value
    contains itself"), aliases expanding past ALIAS_BUDGET + ALIAS_RATIO per written node (:489
    "excessive aliasing", a ratio there too), a `!!binary` value that is not base64 (:576); and
    nesting past MAX_DEPTH. Expanded sizes and depths are kept per composed node, so the check
    is linear in the text."""
    from ruamel.yaml.composer import Composer, ComposerError
    from ruamel.yaml.events import AliasEvent
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    class Refused(ComposerError):
        pass

    class BoundedComposer(Composer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.sizes: dict = {}  # id(node) -> (expanded size, expanded depth); absent while open
            self.expansions = 0
            self.written = 0  # nodes composed from the text (not through an alias)
            self.level = 0

        def compose_node(self, parent, index):
            event = self.parser.peek_event()
            if isinstance(event, AliasEvent):
                target = self.anchors.get(event.anchor)
                if target is not None:
                    self._follow(event, target)
                node = super().compose_node(parent, index)
            else:
                self.level += 1
                if self.level > MAX_DEPTH:
                    raise Refused(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
                node = super().compose_node(parent, index)
                self.level -= 1
                self._measure(node)
            if index is None and isinstance(parent, MappingNode) and not isinstance(node, ScalarNode):
                kind = "sequence" if isinstance(node, SequenceNode) else "mapping"
                raise Refused(None, None, f"a mapping key that is a {kind}: configuration keys are plain names", event.start_mark)
            return node

        def _follow(self, event, target) -> None:
            measured = self.sizes.get(id(target))
            name = f"*{event.anchor}"
            if measured is None:
                raise Refused(None, None, f"recursive alias: {name} is used inside the node it names", event.start_mark)
            size, depth = measured
            self.expansions += size
            budget = ALIAS_BUDGET + ALIAS_RATIO * self.written
            if self.expansions > budget:
                raise Refused(None, None, f"too many alias expansions: at {name} the aliases expand to more than {budget:,} "
                                          f"nodes ({ALIAS_BUDGET:,} and {ALIAS_RATIO} per node written)", event.start_mark)
            if self.level + depth > MAX_DEPTH:
                raise Refused(None, None, f"aliases nest more than {MAX_DEPTH} levels deep at {name}", event.start_mark)

        def _measure(self, node) -> None:
            if isinstance(node, MappingNode):
                children = [child for pair in node.value for child in pair]
            elif isinstance(node, SequenceNode):
                children = node.value
            else:
                children = ()
                if _tag(node).endswith(":binary") and _binary_text(node) is None:
                    raise Refused(None, None, "a !!binary value that is not base64 (docker compose refuses the file)", node.start_mark)
            self.written += 1
            measured = [self.sizes[id(child)] for child in children]
            self.sizes[id(node)] = (1 + sum(m[0] for m in measured), 1 + max((m[1] for m in measured), default=0))

    return BoundedComposer, Refused


def load_yaml(source: SourceFile) -> Document:
    from ruamel.yaml import YAML as Parser
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    def at(mark):
        """A zero-width span at a ruamel mark (0-based), or at the start of the file without one."""
        offset = source.offset(mark.line + 1, mark.column + 1) if mark is not None else 0
        return source.span(offset, offset)

    run = _OPENER_RUN.search(source.text)
    if run is not None:
        end = run.start() + len(run.group().rstrip(" \t"))
        return Document(source, None, error=(f"nested more than {MAX_DEPTH} levels deep", source.span(end - 1, end)))
    composer, refused = _bounded_composer()
    parser = Parser(typ="rt")
    parser.Composer = composer
    try:
        with warnings.catch_warnings():  # e.g. ReusedAnchorWarning: fine to read, not ours to print
            warnings.simplefilter("ignore")
            roots = [r for r in parser.compose_all(source.text) if r is not None]
    except refused as exc:
        return Document(source, None, error=(exc.problem, at(exc.problem_mark)))
    except MarkedYAMLError as exc:
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        return Document(source, None, error=(f"invalid YAML: {problem}", at(exc.problem_mark or exc.context_mark)))
    except (YAMLError, RecursionError, ValueError) as exc:
        return Document(source, None, error=(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", at(None)))
    reader = NodeReader(source)
    root = roots[0] if roots else None
    document = Document(source, None, data=root, suppressions=Suppressions.scan(source.text))
    if root is None or not _is_map(root):
        document.unknown_reason = "YAML that is not a mapping"
        return document
    mappings = [r for r in roots if _is_map(r)]
    for each in mappings:
        _duplicates(each, reader, document.duplicates, set())
    if any(get(r, "services") is not None for r in mappings):
        document.kind = COMPOSE
        return _compose(document, mappings, reader)
    from flowlint.knowledge import yaml_roots

    top = {str(k.value) for k, _ in pairs(root)}
    named = source.path.replace("\\", "/").rsplit("/", 1)[-1] in ("env.yml", "env.yaml", "dev-env.yml", "dev-env.yaml")
    if len(top & yaml_roots()) < (1 if named else 2):  # content first; the 1.x file name settles one key
        document.unknown_reason = "YAML that is neither an EvolutionAPI env.yml nor a compose file"
    elif len(roots) > 1:  # EvolutionAPI 1.x reads it with js-yaml's load (1.8.2 src/config/env.config.ts:264)
        document.data = None
        document.error = ("a second YAML document: EvolutionAPI reads env.yml as one document (js-yaml's load "
                          "refuses more)", reader.source.span(reader.start(roots[1]), reader.start(roots[1])))
    else:
        document.kind = YAML
        document.settings = evolution_yaml_settings(root, reader)
        redact.mark(source, document.settings)
    return document
