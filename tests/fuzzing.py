"""Seeded mutation fuzzing of flowlint: hostile variants of real files, run through the real CLI.

`cases(family, seed, count)` yields reproducible `Case`s (file name + bytes) made from the
project's fixtures (and ../shared/corpus when present): `family` is "flow" (Typebot exports and
EvolutionAPI Typebot bodies, JSON) or "config" (.env, env.yml, compose). `run_case` drives the
CLI in this process (click's runner, a fresh invocation each time) on a copy in a temporary
folder and returns the `Defect`s it saw: an exit code outside {0, 1, 2}, a traceback, more than
`limit` CPU seconds for one invocation (or a hang, cut at `hang` wall seconds), output that
differs on a second run, an input file changed by `check` or `--diff`. Internal errors of a
rule and `--fix` results that no longer parse are reported too, as their own kinds.

tests/test_fuzz.py runs a small fixed-seed sample; scripts/fuzz.py is the long run for a release.
"""
from __future__ import annotations

import json
import random
import re
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
MODES = ("check", "diff", "fix")
HUGE = "9" * 5000


@dataclass(frozen=True)
class Case:
    family: str
    number: int
    name: str  # the file name to write it under (decides the kind flowlint guesses)
    data: bytes
    mutations: tuple  # what was done to the seed, for a reproducible report
    seed_path: str

    @property
    def mode(self) -> str:
        return MODES[self.number % len(MODES)]


@dataclass
class Defect:
    kind: str  # exit-code, traceback, slow, hang, unstable-output, input-changed, internal-error, fix-broke-file
    case: Case
    detail: str


# ---------------------------------------------------------------- seeds

def _seed_files() -> list:
    roots = [REPO / "fixtures"] + ([CORPUS] if CORPUS.is_dir() else [])
    return sorted(p for root in roots for p in root.rglob("*") if p.is_file() and p.stat().st_size < 200_000)


def seeds(family: str) -> list:
    """(path, text) of the seed files of a family, in a stable order."""
    found = []
    for path in _seed_files():
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (UnicodeDecodeError, OSError):
            continue
        is_json = text.lstrip()[:1] in ("{", "[")
        if (family == "flow") == is_json:
            found.append((path, text))
    return found


def _config_name(path: Path, text: str) -> str:
    name = path.name
    if name.endswith((".yml", ".yaml")):
        return "docker-compose.yml" if re.search(r"^services:", text, re.M) else "env.yml"
    return ".env"


# ---------------------------------------------------------------- text mutations (any family)

def truncate(rng, text):
    return text[: rng.randrange(len(text) + 1)]


def crlf(rng, text):
    return text.replace("\n", rng.choice(["\r\n", "\r"]))


def bom(rng, text):
    return "\ufeff" + text


def splice_chars(rng, text):
    """A few characters inserted, deleted or replaced, from the syntax's own alphabet."""
    alphabet = "{}[]\":,\n \t#=-'&*!|>?%@`\\$\x00\u00e9\u202e"
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(chars) + 1)
        action = rng.random()
        if action < 0.4:
            chars.insert(at, rng.choice(alphabet))
        elif action < 0.7 and at < len(chars):
            del chars[at]
        elif at < len(chars):
            chars[at] = rng.choice(alphabet)
    return "".join(chars)


def long_line(rng, text):
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(["x", "9", "[", "{", "a: ", "\\"]) * rng.choice([1000, 20000]) + text[at:]


TEXT_MUTATIONS = (truncate, crlf, bom, splice_chars, long_line)


def encode(rng, text: str) -> tuple:
    """(bytes, what was done): mostly UTF-8; sometimes another encoding or broken bytes."""
    roll = rng.random()
    if roll < 0.88:
        return text.encode("utf-8", "surrogatepass"), None
    if roll < 0.92:
        return text.encode("utf-16"), "utf-16"
    if roll < 0.96:
        return text.encode("latin-1", "replace"), "latin-1"
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    data.insert(rng.randrange(len(data) + 1), rng.choice([0xFF, 0xC3, 0x80, 0x00]))
    return bytes(data), "bad-byte"


# ---------------------------------------------------------------- JSON (flow) mutations

def _containers(data) -> list:
    """Every list and dict in the tree, iteratively (the seeds are trees)."""
    found, stack = [], [data]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            found.append(node)
            stack.extend(node.values() if isinstance(node, dict) else node)
    return found


def _odd_value(rng, ids):
    return rng.choice([
        None, True, 0, -1, 1.5, float("1e308") * 10, int(HUGE[:50]), "", "x" * 3000, "{{var}}",
        "\u202e\x1b[31m", [], {}, [None], {"id": None}, rng.choice(ids) if ids else "id",
        [[["deep"]]], {"type": {}}, ["a", 1, None],
    ])


def json_structural(rng, data):
    """One change to the parsed tree: a value retyped, a key dropped, a subtree copied."""
    nodes = _containers(data)
    ids = [n["id"] for n in nodes if isinstance(n, dict) and isinstance(n.get("id"), str)]
    node = rng.choice(nodes)
    if not node:
        return data
    slot = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
    action = rng.random()
    if action < 0.45:
        node[slot] = _odd_value(rng, ids)
    elif action < 0.7:
        del node[slot]
    elif action < 0.85:  # a copy of another subtree (not the root: sizes stay bounded): duplicate ids
        node[slot] = json.loads(json.dumps(rng.choice(nodes[1:] or nodes)))
    elif isinstance(node, dict):
        node[rng.choice(["id", "type", "groupId", "blockId", "outgoingEdgeId", "variableId", "version"])] = _odd_value(rng, ids)
    else:
        node.append(json.loads(json.dumps(node[slot])))
    return data


def _json_text(rng, data) -> str:
    return json.dumps(data, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.5)


def json_deep(rng, text):
    """A member nested hundreds of levels deep, added at the start of an object."""
    depth = rng.choice([50, 500, 900, 975, 1100, 3000])
    value = rng.choice(["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth])
    objects = [m.end() for m in re.finditer(r"\{", text)]
    if not objects:
        return value
    at = rng.choice(objects)
    comma = "" if text[at:].lstrip()[:1] == "}" else ", "
    return text[:at] + f'"deep": {value}{comma}' + text[at:]


def json_huge_number(rng, text):
    spots = list(re.finditer(r"(?<=[:\[,])[ ]?-?\d+(?:\.\d+)?", text))
    if not spots:
        return text.replace('"version": "', f'"version": {HUGE}, "v": "', 1)
    spot = rng.choice(spots)
    return text[: spot.start()] + rng.choice([HUGE, "-" + HUGE, HUGE + ".5", "1e99999", "-0.0e-99999"]) + text[spot.end():]


def json_duplicate_key(rng, text):
    spots = [m for m in re.finditer(r'\{\s*"([^"\\]{1,40})"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+|true|false|null)', text)]
    if not spots:
        return text
    spot = rng.choice(spots)
    return text[: spot.start() + 1] + f'"{spot.group(1)}": {rng.choice(["null", "[]", "1", json.dumps(HUGE[:30])])}, ' + text[spot.start() + 1:]


JSON_TEXT_MUTATIONS = (json_deep, json_huge_number, json_duplicate_key)


def mutate_flow(rng, path: Path, text: str) -> tuple:
    done = []
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if data is not None:
        for _ in range(rng.choice([1, 1, 2, 3, 5])):
            data = json_structural(rng, data)
        done.append("structure")
        text = _json_text(rng, data)
    for mutation in rng.sample(JSON_TEXT_MUTATIONS + TEXT_MUTATIONS, rng.choice([0, 1, 1, 2])):
        text = mutation(rng, text)
        done.append(mutation.__name__)
    return path.name if path.name.endswith(".json") else "flow.json", text, done


# ---------------------------------------------------------------- config mutations

_YAML_VALUE = re.compile(r"^(?P<indent>[ \t]*)(?P<dash>- )?(?P<key>[^\s#:=][^:=\n]*?):(?P<value>[ \t]+[^\n]*)?$", re.M)
_ENV_VALUE = re.compile(r"^(?P<indent>[ \t]*)(?P<key>(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*)=(?P<value>[^\n]*)$", re.M)


def _lines(text):
    return text.split("\n")


def duplicate_line(rng, text):
    lines = _lines(text)
    at = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[at])
    return "\n".join(lines)


def drop_or_swap_lines(rng, text):
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    if rng.random() < 0.5:
        del lines[a]
    else:
        lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


_RETYPED = ("[a, b]", "{A: 1}", "", "~", HUGE, "-" + HUGE, "0x1F", "1e99999", "yes", "NO", "'unterminated",
            '"unterminated', "|\n  block\n  text", ">-\n  folded", "${HOST_VALUE}", "${X:-atendai/evolution-api:v1.8.2}",
            "!!binary aGVsbG8=", "!!python/object:os.system x", "!!int notanint", "*undefined", "&anchor value",
            "\"\\x1b[31m\\u202e\"", "v" + HUGE + ".0.0", "atendai/evolution-api:v" + HUGE[:40] + ".0.0", "true # comment")


def retype_value(rng, text):
    pattern = rng.choice([_YAML_VALUE, _ENV_VALUE])
    spots = list(pattern.finditer(text))
    if not spots:
        return text
    spot = rng.choice(spots)
    separator = ": " if pattern is _YAML_VALUE else "="
    value = rng.choice(_RETYPED)
    if "\n" in value:
        value = value.replace("\n", "\n" + spot.group("indent"))
    dash = (spot.group("dash") or "") if pattern is _YAML_VALUE else ""
    return text[: spot.start()] + spot.group("indent") + dash + spot.group("key") + separator + value + text[spot.end():]


def retype_key(rng, text):
    spots = list(_YAML_VALUE.finditer(text)) or list(_ENV_VALUE.finditer(text))
    if not spots:
        return text
    spot = rng.choice(spots)
    key = rng.choice([spot.group("key").lower(), spot.group("key") + "_", "'" + spot.group("key") + "'", "<<",
                      "? [a, b]\n" + spot.group("indent"), "? {A: 1}\n" + spot.group("indent"), "1", "null", "~", "x" * 2000])
    start = spot.start("key")
    return text[:start] + key + text[spot.end("key"):]


def tabs(rng, text):
    lines = _lines(text)
    indented = [i for i, line in enumerate(lines) if line.startswith("  ")]
    if indented:
        i = rng.choice(indented)
        lines[i] = "\t" + lines[i][2:]
    return "\n".join(lines)


def multi_document(rng, text):
    return rng.choice(["---\n" + text + "\n---\n" + text, text + "\n---\n...\n", "%YAML 1.2\n---\n" + text, text + "\n---\n[1, 2]\n"])


def _yaml_insert(rng, text, block: str):
    lines = _lines(text)
    at = rng.randrange(len(lines) + 1)
    indent = re.match(r"[ \t]*", lines[at - 1]).group() if at else ""
    if at and lines[at - 1].rstrip().endswith(":"):
        indent += "  "
    lines[at:at] = [indent + line for line in block.split("\n")]
    return "\n".join(lines)


def complex_key(rng, text):
    return _yaml_insert(rng, text, rng.choice(["? [a, b]\n: 1", "? {A: 1}\n: x", "[a, b]: 1", "{A: 1}: 1", "? - a\n  - b\n: c"]))


def recursive_alias(rng, text):
    anchored = list(re.finditer(r"^(?P<indent>[ \t]*)(?P<key>[^\s#:][^:\n]*):[ \t]*$", text, re.M))
    if anchored and rng.random() < 0.7:
        spot = rng.choice(anchored)
        inner = spot.group("indent") + "  "
        alias = rng.choice([f"{inner}SELF: *r", f"{inner}<<: *r", f"{inner}- *r", f"{inner}<<: [*r, *r]"])
        return text[: spot.end()] + " &r\n" + alias + text[spot.end():]
    return _yaml_insert(rng, text, rng.choice(["x: &x [*x]", "y: &y {a: *y}", "&z z: *z"]))


def alias_bomb(rng, text):
    levels, width = rng.choice([(9, 9), (12, 9), (30, 2), (6, 50)])
    if rng.random() < 0.5:
        lines = ['b0: &b0 ["lol"]'] + [f"b{k}: &b{k} [{', '.join([f'*b{k - 1}'] * width)}]" for k in range(1, levels)]
    else:
        lines = ["m0: &m0", "  A: 1"]
        for k in range(1, levels):
            lines += [f"m{k}: &m{k}", f"  <<: [{', '.join([f'*m{k - 1}'] * width)}]", f"  K{k}: v"]
    return "\n".join(lines) + "\n" + text if rng.random() < 0.5 else text + "\n" + "\n".join(lines) + "\n"


def deep_nesting(rng, text):
    depth = rng.choice([90, 99, 101, 400, 3000])
    if rng.random() < 0.5:
        return _yaml_insert(rng, text, "deep: " + "[" * depth + "]" * depth)
    return _yaml_insert(rng, text, "\n".join("  " * i + f"k{i}:" for i in range(depth // 4)) + " x")


def odd_tag(rng, text):
    spots = list(_YAML_VALUE.finditer(text))
    if not spots:
        return text
    spot = rng.choice(spots)
    tag = rng.choice(["!!python/object:os.system ", "!!python/object/apply:os.system ", "!!binary ", "!!str ", "!!int ",
                      "!!map ", "!!seq ", "!!merge ", "!custom ", "!!set ", "!!timestamp ", "!<tag:x,2000:y> "])
    start = spot.start("value") + 1 if spot.group("value") else spot.end()
    return text[:start] + (" " if not spot.group("value") else "") + tag + text[start:]


def env_oddities(rng, text):
    return _yaml_insert(rng, text, rng.choice([
        "export A=1", "A", "=1", "A = 1", "'A'=1", '"A"=1', "A='multi\nline'", 'A="\\"', "A=${B:-${C}}",
        f"SERVER_PORT={HUGE}", "A=\x1b]8;;x\x07", "A=1 # c", "#A=1", "A.B=1", "\x00A=1",
    ]))


CONFIG_MUTATIONS = (duplicate_line, drop_or_swap_lines, retype_value, retype_key, tabs, multi_document,
                    complex_key, recursive_alias, alias_bomb, deep_nesting, odd_tag, env_oddities)


def mutate_config(rng, path: Path, text: str) -> tuple:
    name = _config_name(path, text)
    done = []
    for mutation in rng.sample(CONFIG_MUTATIONS + TEXT_MUTATIONS, rng.choice([1, 1, 2, 3])):
        text = mutation(rng, text)
        done.append(mutation.__name__)
    if rng.random() < 0.1:  # a YAML-looking text under an env name and the other way round
        name = rng.choice([".env", "env.yml", "docker-compose.yml", "compose.yaml", "x.env"])
        done.append(f"named {name}")
    return name, text, done


def cases(family: str, seed: int, count: int, start: int = 0):
    """`count` cases of a family from case number `start` on; the same seed gives the same cases."""
    pool = seeds(family)
    mutate = mutate_flow if family == "flow" else mutate_config
    for number in range(start, start + count):
        rng = random.Random(f"{seed}:{family}:{number}")
        path, text = rng.choice(pool)
        name, text, done = mutate(rng, path, text)
        data, encoding = encode(rng, text)
        if encoding:
            done.append(encoding)
        yield Case(family, number, name, data, tuple(done), str(path.relative_to(path.parents[2] if CORPUS in path.parents else REPO)))


# ---------------------------------------------------------------- running

class Hang(BaseException):
    """Raised by the alarm in the middle of a run that takes too long (not an Exception: no
    handler of flowlint's may swallow it)."""


def _alarm(signum, frame):
    raise Hang()


def invoke(args, hang: float) -> tuple:
    """(exit code, stdout, stderr, CPU seconds, traceback text or None) of one CLI run in-process."""
    from click.testing import CliRunner

    from flowlint.cli import main

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, hang)
    started = time.process_time()
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True, env={"NO_COLOR": "1", "GITHUB_ACTIONS": None})
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    spent = time.process_time() - started
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        frames = traceback.extract_tb(result.exception.__traceback__)
        where = f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno} {frames[-1].name}" if frames else "?"
        crash = f"{type(result.exception).__name__}: {str(result.exception)[:200]} (at {where})"
    return result.exit_code, result.stdout, result.stderr, spent, crash


def _check_run(case, defects, args, hang, limit, timings) -> tuple:
    try:
        code, out, err, spent, crash = invoke(args, hang)
        timings.append((spent, code))
    except Hang:
        defects.append(Defect("hang", case, f"{' '.join(args)}: still running after {hang} s"))
        return None, "", ""
    if crash is not None or "Traceback" in err:
        defects.append(Defect("traceback", case, crash or err.strip().splitlines()[-1]))
    elif code not in (0, 1, 2):
        defects.append(Defect("exit-code", case, f"exit {code}"))
    if spent > limit:
        defects.append(Defect("slow", case, f"{' '.join(args[:-1])}: {spent:.2f} s CPU"))
    if "internal error" in err:
        defects.append(Defect("internal-error", case, err.strip().splitlines()[0]))
    return code, out, err


def run_case(case: Case, limit: float = 5.0, hang: float = 60.0, timings=None) -> list:
    """The defects this case shows in its mode (check twice, --diff, or --fix then check);
    `timings` (a list) gets (CPU seconds, exit code) of each CLI run."""
    defects: list = []
    timings = [] if timings is None else timings
    with tempfile.TemporaryDirectory(prefix="flowlint-fuzz-") as folder:
        path = Path(folder) / case.name
        path.write_bytes(case.data)
        target = str(path)
        if case.mode == "fix":
            _, before, _ = _check_run(case, defects, ["check", "--format", "json", target], hang, limit, timings)
            _check_run(case, defects, ["check", "--fix", "--format", "json", target], hang, limit, timings)
            _, after, _ = _check_run(case, defects, ["check", "--format", "json", target], hang, limit, timings)
            if path.read_bytes() != case.data and _parse_errors(after) > _parse_errors(before):
                defects.append(Defect("fix-broke-file", case, "the file --fix wrote no longer parses"))
            return defects
        args = ["check", "--format", "json", target] if case.mode == "check" else ["check", "--diff", target]
        _, first, _ = _check_run(case, defects, args, hang, limit, timings)
        if case.mode == "check" and not any(d.kind == "hang" for d in defects):
            _, second, _ = _check_run(case, defects, args, hang, limit, timings)
            if second != first:
                defects.append(Defect("unstable-output", case, "a second run printed something else"))
        if path.read_bytes() != case.data:
            defects.append(Defect("input-changed", case, f"{case.mode} changed the input file"))
    return defects


def _parse_errors(output: str) -> int:
    try:
        return sum(d["code"] == "FL001" for d in json.loads(output)["diagnostics"])
    except (ValueError, KeyError, TypeError):
        return 0


def replay(case: Case, folder: Path) -> Path:
    """Write a case's file under `folder` to look at it by hand."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{case.family}-{case.number}-{case.name.lstrip('.')}"
    path.write_bytes(case.data)
    return path
