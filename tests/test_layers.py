"""The package layout is a contract: imports run only downwards, and no modules import each other in a circle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                           "sys.exit(lint_imports_command())"], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_layers_contract_holds():
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The contract is not vacuous: the domain importing the workbook adapter is caught."""
    copy = tmp_path / "repo"
    (copy / "sopxl").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(ROOT / "sopxl"), str(copy)], check=True)
    (copy / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    norms = copy / "sopxl" / "domain" / "norms.py"
    norms.write_text(norms.read_text() + "\nfrom ..xlsx import files  # noqa: E402,F401\n")
    done = _lint_imports(copy)
    assert done.returncode != 0
    assert "sopxl.domain.norms -> sopxl.xlsx.files" in done.stdout


def test_no_modules_import_each_other_in_a_circle():
    graph = grimp.build_graph("sopxl")
    modules = sorted(graph.modules)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in modules}
    # Tarjan's strongly connected components: any component of more than one module is a circle
    index, low, on_stack, stack, circles = {}, {}, set(), [], []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            # a package's __init__ importing its own modules is not a circle between modules
            real = [m for m in component if not any(o.startswith(m + ".") for o in component)]
            if len(real) > 1:
                circles.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in modules:
        if module not in index:
            visit(module)
    assert circles == []


@pytest.mark.parametrize("package", ["domain", "layout", "sheets", "xlsx", "importing", "validation",
                                     "flowcharting", "vba", "reporting", "nightly", "openbook"])
def test_every_floor_of_the_layout_is_a_package(package):
    assert (ROOT / "sopxl" / package / "__init__.py").is_file()
