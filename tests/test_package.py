"""Meta-tests: the package's own hygiene."""

import ast
import re
import subprocess
import sys

import hocbaso
from tests.conftest import REPO

SRC = REPO / "src" / "hocbaso"


def _library_modules() -> list[ast.Module]:
    files = [p for p in SRC.rglob("*.py") if "cli" not in p.relative_to(SRC).parts]
    return [ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for p in files]


def test_the_library_never_prints_nor_breaks() -> None:
    for module in _library_modules():
        for node in ast.walk(module):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"print", "breakpoint"}, ast.dump(node)


def test_the_library_never_configures_logging() -> None:
    for module in _library_modules():
        for node in ast.walk(module):
            if isinstance(node, ast.Attribute):
                assert node.attr not in {"basicConfig", "addHandler"}, ast.dump(node)


def test_the_version_is_defined_once() -> None:
    hits = [
        p
        for p in SRC.rglob("*.py")
        if re.search(r"^__version__ = ", p.read_text(), re.M)
    ]
    assert [p.name for p in hits] == ["_version.py"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", hocbaso.__version__)


def test_library_modules_do_not_import_the_command_line() -> None:
    for module in _library_modules():
        for node in ast.walk(module):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("hocbaso.cli"), node.module


def test_known_shortcomings_are_written_as_todo_with_a_topic() -> None:
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.search(r"#\s*(FIXME|XXX)", line), f"{path}:{number}"
            if re.search(r"#\s*TODO", line):
                assert re.search(r"#\s*TODO\([a-z0-9-]+\): \S", line), (
                    f"{path}:{number}"
                )


def _loaded_by(statement: str) -> set[str]:
    probe = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return {name.split(".")[0] for name in result.stdout.split()}


def test_verifying_loads_no_renderer() -> None:
    # A one-shot `hocbaso verify` pays for every import; reportlab is the
    # renderer's alone, and the checks that read a PDF use pypdf.
    loaded = _loaded_by("import hocbaso.cli._signature, hocbaso.signature.bundle")

    assert "pyhanko" in loaded  # the probe does import the verifier
    assert "reportlab" not in loaded
