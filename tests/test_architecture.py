"""The package's shape: no import cycles inside `conference/`, and no module importing another
area's view module (views answer requests; rules, loaders and limits live elsewhere), and every
staff page guarded once by its blueprint."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "conference"


def module_names() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every conference module `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in graph[node]:
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def area_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_no_import_cycles_inside_the_package():
    assert cycles(import_graph()) == []


def test_no_module_imports_another_areas_views():
    crossings = [
        (module, imported)
        for module, imported_modules in import_graph().items()
        for imported in imported_modules
        if imported.rsplit(".", 1)[-1] == "views" and area_of(imported) != area_of(module)
    ]
    assert crossings == []


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_staff_page_is_guarded_by_its_blueprint(app):
    """Routes under /console and /desk belong to a blueprint guarded once with
    `auth.blueprint_requires` (on it or a blueprint it is nested in); none relies on its own decorator."""
    guarded = {name for name, functions in app.before_request_funcs.items()
               if any(f.__name__ == "check_role" for f in functions)}
    unguarded = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/console", "/desk")):
            continue
        parts = rule.endpoint.split(".")[:-1]
        chain = {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
        if not chain & guarded:
            unguarded.append(rule.rule)
    assert unguarded == []
    assert "checkin.desk" in guarded and "printing.console" in guarded and "admin.staff" in guarded
