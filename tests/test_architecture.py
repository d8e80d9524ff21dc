"""Apps depend downwards only: every import in src/watchroom (module level and inside
functions alike) goes to its own app, to a lower layer, or to a layer it is allowed to
use; no circle between apps. A failure names the import, its file and line."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "watchroom"

# Lowest first. A unit may import units of its own layer's lower ones only; within a
# layer, units do not import each other.
LAYERS = [
    # Plumbing with no app of its own: the refusal, the environment, the log format.
    {"rules", "env", "logformat", "wsgi"},
    # The settings, and the credentials key kept in the data folder.
    {"settings", "crypto"},
    {"settings_test"},
    # The audit trail, then the service decorator that audits refusals through it.
    {"audit"},
    {"service"},
    {"twofactor"},
    # Places, people, policy, and the shared page and API plumbing.
    {"core"},
    # The auditor's pages: a face over the trail, built with core's page plumbing like
    # every other app's pages (the trail itself stays below core). The schedule the
    # worker runs (it names higher apps' tasks by their dotted path only). Camera health
    {"audit.pages", "devices", "alerts", "scheduler"},
    # Messages to people; one that cannot be delivered raises an alert.
    {"notifications"},
    {"recording"},
    # Footage requests; camera health (probes, results, references, blocks and changes),
    # which the pre-shift check below reads.
    {"footage", "health"},
    {"duty"},
    # The screen the room watches: the live wall, range playback, floor plans.
    # Equipment care (faults, maintenance, replacement, the daily reconciliation) joins
    # what every app below reports about a device.
    {"live", "care"},
    # Incidents: the record, its holds (through recording's hold service), its timeline,
    # the handovers it spans (lent to duty), from a log entry, the wall's report or an alert.
    {"incidents"},
    # Entry points: the `watchroom` command, the URL maps, the demo hospital; then every
    # management command (a process's entry point, whichever app folder holds it).
    {"cli", "urls", "api_urls", "demo"},
    {"commands"},
]
PAGES = {f"watchroom.{app}.{part}": f"{app}.pages" for app, parts in (
    ("audit", ("views", "api", "urls")),)
    for part in parts}
LAYER = {unit: level for level, units in enumerate(LAYERS) for unit in units}


def unit_of(module: str) -> str | None:
    """The app (or top-level module) that `module` belongs to; None outside watchroom."""
    parts = module.split(".")
    if parts[0] != "watchroom" or len(parts) < 2:
        return None  # another package, or watchroom's empty __init__
    if "management" in parts and "commands" in parts:
        return "commands"
    for page, unit in PAGES.items():
        if module == page or module.startswith(page + "."):
            return unit
    return parts[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path):
    """(imported module, line) for every import statement in the file."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *filter(None, [base])])
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno


def edges() -> list[tuple[str, str, str, str]]:
    """(from unit, to unit, imported module, file:line) for imports across units."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = unit_of(module_name(path))
        for target, line in imports(path):
            unit = unit_of(target)
            if unit is not None and unit != source:
                found.append((source, unit, target,
                              f"{path.relative_to(PACKAGE.parents[1])}:{line}"))
    return found


def test_every_app_and_top_level_module_has_a_layer():
    units = {unit_of(module_name(p)) for p in PACKAGE.rglob("*.py")
             if "migrations" not in p.parts} - {None}
    assert units - set(LAYER) == set(), "add these to LAYERS in tests/test_architecture.py"


def test_apps_import_only_lower_layers():
    upward = [f"{where}: {source} imports {target} ({unit}, a layer at or above its own)"
              for source, unit, target, where in edges()
              if source in LAYER and unit in LAYER and LAYER[unit] >= LAYER[source]]
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_no_import_circle_between_apps():
    graph: dict[str, dict[str, str]] = {}
    for source, unit, target, where in edges():
        graph.setdefault(source, {}).setdefault(unit, f"{where} ({target})")
    circles = []
    for start in sorted(graph):
        # Depth-first walk from `start`, keeping the path back to it.
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, {})):
                if nxt == start:
                    steps = [f"{a} -> {b} at {graph[a][b]}" for a, b in
                             zip(path, [*path[1:], start], strict=True)]
                    circles.append("\n  ".join(steps))
                elif nxt not in seen and nxt > start:  # each circle once, from its least app
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert not circles, "import circles between apps:\n" + "\n".join(circles)
