"""Imports between the app's modules point one way, down, with no cycle among them.

Read from the source with ``ast``: every ``import`` and ``from ... import`` of a module
of ``articles``, at module level (what runs on import, class bodies included) and, for
the upward arrows, inside functions too, since a lazy import is an arrow all the same.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "articles"

# Modules that others stand on: none of them may import the views or the admin.
LOW = (
    "articles.models",
    "articles.querysets",
    "articles.selectors",
    "articles.signals",
)
LOW_PACKAGES = ("articles.models.", "articles.templatetags.")
HIGH = ("articles.views", "articles.admin")
# The bottom of the app: what each of these may import from it, and nothing more.
BOTTOM = {
    "articles.signals": set(),
    "articles.rows": set(),
    "articles.querysets": {"articles.signals", "articles.rows"},
}


def _module_name(path):
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {
        _module_name(path): path
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts
    }


def _resolve(name, node, modules):
    """The project modules that ``node`` (an import in module ``name``) loads."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        package = name if _is_package(name, modules) else name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = ".".join(filter(None, [package if node.level else "", node.module]))
        # ``from package import module`` loads the module; ``from module import name``
        # loads the module only.
        targets = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
            for alias in node.names
        ]
    return {target for target in targets if target in modules}


def _is_package(name, modules):
    return modules[name].name == "__init__.py"


def _ancestors(name):
    parts = name.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts))}


def _imports(at_module_level):
    """``{module: {imported project module, ...}}``.

    Importing ``a.b.c`` runs ``a.b`` first: a module's arrows go to the parent
    packages of what it imports too, except its own, which are loaded already.
    """
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        nodes = _module_level(tree) if at_module_level else ast.walk(tree)
        found = set()
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _resolve(name, node, modules):
                    found.add(target)
                    found |= _ancestors(target) & set(modules)
        graph[name] = found - _ancestors(name) - {name, "articles"}
    return graph


def _module_level(tree):
    """The statements that run when the module is imported (not function bodies)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        pending.extend(ast.iter_child_nodes(node))


def _cycle(graph):
    """One cycle of ``graph`` as a list of modules, or None."""
    done, path = set(), []

    def visit(node):
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if found := visit(target):
                return found
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        if found := visit(node):
            return found
    return None


def _is_low(name):
    return name in LOW or name.startswith(LOW_PACKAGES)


def _is_high(name):
    return any(name == high or name.startswith(f"{high}.") for high in HIGH)


def test_the_imports_of_the_app_have_no_cycle():
    assert _cycle(_imports(at_module_level=True)) is None


def test_nothing_low_imports_the_views_or_the_admin():
    upward = {
        (name, target)
        for name, targets in _imports(at_module_level=False).items()
        if _is_low(name)
        for target in targets
        if _is_high(target)
    }

    assert upward == set()


def test_the_querysets_and_the_signals_import_nothing_above_them():
    graph = _imports(at_module_level=False)

    assert {name: graph[name] for name in BOTTOM} == BOTTOM


def test_the_graph_sees_the_imports_it_judges():
    """The checks above would pass on an empty graph: this one keeps them honest."""
    graph = _imports(at_module_level=True)

    assert "articles.querysets" in graph["articles.models.stories"]
    assert "articles.selectors" in graph["articles.feeds"]
    assert "articles.search.index" in graph["articles.search.receivers"]
    assert "articles.views" in graph["articles.urls"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
