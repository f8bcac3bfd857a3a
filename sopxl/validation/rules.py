"""The validation rules: an SOP (and the problems its reader met) in, findings out.

Pure: no files. Each rule looks at the model and names the cell a person must change, using the
row each value was read from (``Step.row``, ``SOP.identity_rows``) and the columns of the layout.
An SOP that did not come from a workbook is located where sopxl would write it. Rules never raise
on bad data; every problem becomes a ``Finding`` with a code from ``findings.CATALOGUE``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from typing import Iterable

from .. import layout as L
from ..sheets.sop import ReadProblem, inferences_text
from ..domain.dates import WEEKDAYS, format_date, read_date
from ..errors import NormError, SheetMissing, SopxlError
from .findings import CATALOGUE, Finding
from .profiles import DEFAULT_PROFILE, PROFILES, Profile, find_profile, profile_names
from ..domain.model import IDENTITY_FIELDS, SECTIONS, SETTING_FIELDS, SOP, Symbol
from ..domain.memo import kept
from ..domain.norms import clean_text, format_norm, is_bare_unit, parse_norm
from ..domain.review import DEFAULT_CYCLE_MONTHS, PAST, cycle_months, review_of
from ..domain.roles import RolesAtStart, words

REQUIRED_FIELDS = PROFILES[DEFAULT_PROFILE].required
DATE_FIELDS = ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif")
# fields whose value may still hold a template's dots ("1/.../OT.04.00/./...")
PLACEHOLDER_FIELDS = ("instansi", "nomor", "disahkan_oleh", "nama")
_PLACEHOLDER_RE = re.compile(r"\.\.\.|…")
_BLANK_CHARS = " -–—./_"

# words that do not make an Output "mentioned" in the next step's Kelengkapan
STOPWORDS = frozenset("""
    dan atau yang untuk dengan telah sudah kepada dari ke di pada serta beserta oleh dalam atas bagi
    tentang sebagai akan ini itu tersebut terkait para dsb dll
    the of and or for to with an in on by
""".split())
_WORD_RE = re.compile(r"[a-z0-9]+")


@kept(4096)
def significant_words(text: str) -> frozenset[str]:
    """Lower-case words of `text` that carry meaning: no numbers, no one-letter words, no stop words (kept for the
    last texts: an office's Outputs and Kelengkapan name the same documents from SOP to SOP)."""
    return frozenset(w for w in _WORD_RE.findall(clean_text(text).lower())
                     if len(w) > 1 and not w.isdigit() and w not in STOPWORDS)


def mentions(kelengkapan: str, output: str) -> bool:
    """True when `kelengkapan` mentions `output`: they share a significant word (or `output` has none)."""
    wanted = significant_words(output)
    return not wanted or bool(wanted & significant_words(kelengkapan))


def _label(key: str) -> tuple[str, str]:
    return (L.text(key, "id"), L.text(key, "en"))


def _blank(text: str) -> bool:
    return not clean_text(text).strip(_BLANK_CHARS)


def _punctuation_only(text: str) -> bool:
    """A value that is no value: only punctuation (":" from a label column, brackets, a template's
    dotted line after a colon), but not the empty or "-" an author writes on purpose."""
    return not _blank(text) and not any(map(str.isalnum, clean_text(text)))


@functools.lru_cache(maxsize=64)
def _matrix_letters(roles: int) -> dict[str, str]:
    """The column letters of each key of the matrix of an SOP with `roles` Pelaksana (shared: read only)."""
    return {key: L.column_letter(index) for index, key in enumerate(L.aktivitas_columns(roles), start=1)}


_short = L.shortened


class _Checker:
    def __init__(self, sop: SOP, problems: Iterable[ReadProblem], file: str | None, *, profile: Profile | None = None,
                 today: dt.date | None = None, review_months: int = DEFAULT_CYCLE_MONTHS):
        self.profile = profile or find_profile(sop.identity.profil or DEFAULT_PROFILE) or PROFILES[DEFAULT_PROFILE]
        self.today = today
        self.review_months = review_months
        self.sop = sop
        self.problems = list(problems)
        self.file = file
        self.findings: list[Finding] = []
        self.roles = sop.roles
        self.steps = sop.steps
        self.identity_rows = sop.identity_rows or _written_identity_rows(sop)
        self.problem_cells = {(p.sheet, p.cell) for p in self.problems}
        self.duplicated_roles: set[str] = set()
        self.index_of: dict[int, int] | None = None
        self.letters = _matrix_letters(len(self.roles))

    # ---- places -------------------------------------------------------------------------------
    def add(self, code: str, sheet: str | None, cell: str | None, value: str = "", **params) -> None:
        self.findings.append(Finding(code, sheet, cell, value, params, self.file, self.profile.key))

    def identity_cell(self, key: str) -> str:
        row = self.identity_rows.get(key)
        return L.cell_ref(row, 2) if row else "A1"

    def row(self, index: int) -> int:
        return self.steps[index].row or L.AKTIVITAS_FIRST_ROW + index

    def cell(self, index: int, key: str) -> str:
        return f"{self.letters[key]}{self.row(index)}"

    def header_cell(self, role_index: int) -> str:
        return f"{self.letters[f'role:{role_index}']}{L.AKTIVITAS_HEADER_ROWS}"

    def step_add(self, code: str, index: int, key: str, value: str = "", **params) -> None:
        params.setdefault("step", self.steps[index].number)
        self.add(code, L.AKTIVITAS, self.cell(index, key), value, **params)

    # ---- rules --------------------------------------------------------------------------------
    def label(self, key: str) -> tuple[str, str]:
        """How the SOP's format profile names an identity field (Tanggal Pengesahan for Tanggal Efektif)."""
        return self.profile.label(key)

    def run(self) -> list[Finding]:
        self.read_problems()
        self.settings()
        self.identity()
        if self.today is not None:
            self.review()
        self.matrix()
        return self.findings

    def matrix(self) -> None:
        """The rules of the Aktivitas matrix: they see the profile, the roles, the steps and the reader's problems."""
        self.header()
        if self.steps:
            self.numbers()
            self.role_at_start = RolesAtStart(self.roles)
            for index in range(len(self.steps)):
                self.step(index)
            self.unused_roles()
            self.outputs()
            self.flow()
        else:
            self.add("steps-missing", L.AKTIVITAS, L.cell_ref(L.AKTIVITAS_FIRST_ROW, 1))

    def read_problems(self) -> None:
        if not self.problems:
            return
        ya_column = L.column_letter(L.aktivitas_column("ya", len(self.roles)))
        labels = ", ".join(L.text(k) for k in (*IDENTITY_FIELDS, *SECTIONS))
        for problem in self.problems:
            params: dict = {}
            if problem.code == "target-invalid":
                params["branch"] = _label("ya" if problem.cell.rstrip("0123456789") == ya_column else "tidak")
            elif problem.code == "identity-label-unknown":
                params["labels"] = labels
            self.add(problem.code, problem.sheet, problem.cell, problem.value, **params)

    def settings(self) -> None:
        identity = self.sop.identity
        if identity.profil.strip() and find_profile(identity.profil) is None:
            self.add("profile-unknown", L.IDENTITAS, self.identity_cell("profil"), identity.profil,
                     profiles=profile_names())
        if cycle_months(identity, self.review_months) is None:
            self.add("review-cycle-invalid", L.IDENTITAS, self.identity_cell("siklus_tinjauan"),
                     identity.siklus_tinjauan, default=self.review_months)

    def review(self) -> None:
        review = review_of(self.sop.identity, self.review_months)
        state = review.state(self.today) if review else None
        if state is None:
            return
        field_label = self.label(review.basis)
        basis = field_label if review.months is None else tuple(
            f"{name} + {review.months} {unit}" for name, unit in zip(field_label, ("bulan", "months")))
        days = abs(review.days_from(self.today))
        self.add("review-past" if state == PAST else "review-due", L.IDENTITAS, self.identity_cell(review.basis),
                 getattr(self.sop.identity, review.basis), due=review.date.isoformat(), basis=basis, days=days)

    def identity(self) -> None:
        identity = self.sop.identity
        for key in IDENTITY_FIELDS:
            if key in SETTING_FIELDS:
                continue
            value = getattr(identity, key)
            # Instansi is printed as the page's heading: a template's dotted line there is no agency either
            dotted = key == "instansi" and _PLACEHOLDER_RE.search(value) and not any(ch.isalnum() for ch in value)
            if _punctuation_only(value) or dotted:
                self.add("identity-punctuation-only", L.IDENTITAS, self.identity_cell(key), getattr(identity, key),
                         field=self.label(key))
        for key in self.profile.required:
            if _blank(getattr(identity, key)):
                self.add("identity-field-missing", L.IDENTITAS, self.identity_cell(key), getattr(identity, key),
                         field=self.label(key), row=_label(key))
        for key in PLACEHOLDER_FIELDS:
            value = getattr(identity, key)
            if not _blank(value) and not _punctuation_only(value) and _PLACEHOLDER_RE.search(value):
                self.add("identity-placeholder", L.IDENTITAS, self.identity_cell(key), value, field=self.label(key))
        nip = identity.nip_pengesah.strip()
        if nip and not _punctuation_only(nip) and not re.fullmatch(r"\d{18}", nip.replace(" ", "")):
            self.add("nip-invalid", L.IDENTITAS, self.identity_cell("nip_pengesah"), nip,
                     field=self.label("nip_pengesah"))
        dates = {}
        for key in DATE_FIELDS:
            value = getattr(identity, key)
            if _blank(value) or _punctuation_only(value):
                continue
            written = read_date(value)
            if written is None and key not in self.profile.required and not any(c.isdigit() for c in value):
                # an optional date holding words only ("Revisi ke") is template text, not a wrong date
                self.add("identity-placeholder", L.IDENTITAS, self.identity_cell(key), value, field=self.label(key))
                continue
            if written is None:
                self.add("date-invalid", L.IDENTITAS, self.identity_cell(key), value, field=self.label(key))
                continue
            dates[key] = written.date
            if not written.weekday_agrees:
                self.add("date-weekday-mismatch", L.IDENTITAS, self.identity_cell(key), value, field=self.label(key),
                         date=written.date.isoformat(),
                         actual=tuple(WEEKDAYS[written.date.weekday()][i].capitalize() for i in (0, 1)),
                         written=tuple(WEEKDAYS[written.weekday][i].capitalize() for i in (0, 1)),
                         suggestion=format_date(written.date))
        made, effective = dates.get("tanggal_pembuatan"), dates.get("tanggal_efektif")
        if made and effective and effective < made:
            self.add("dates-out-of-order", L.IDENTITAS, self.identity_cell("tanggal_efektif"),
                     identity.tanggal_efektif, other=identity.tanggal_pembuatan)
        for key in SECTIONS:
            if not any(clean_text(item) for item in getattr(identity, key)):
                self.add("section-empty", L.IDENTITAS, self.identity_cell(key), "", field=self.label(key))

    def header(self) -> None:
        if not self.roles:
            self.add("pelaksana-columns-missing", L.AKTIVITAS, L.cell_ref(L.AKTIVITAS_HEADER_ROWS, 3))
            return
        first_at: dict[tuple, int] = {}
        for index, role in enumerate(self.roles):
            key = tuple(words(role)) or (role.strip().lower(),)
            if key in first_at:
                self.duplicated_roles.update({role, self.roles[first_at[key]]})
                self.add("pelaksana-duplicate", L.AKTIVITAS, self.header_cell(index), role,
                         first=self.roles[first_at[key]], other=f"{L.AKTIVITAS}!{self.header_cell(first_at[key])}")
            else:
                first_at[key] = index

    def numbers(self) -> None:
        invalid = {p.cell for p in self.problems if p.code == "step-number-invalid"}
        count = len(self.steps)
        seen: dict[int, str] = {}
        previous: int | None = None
        for index, step in enumerate(self.steps):
            cell = self.cell(index, "no")
            if cell in invalid:
                continue
            if step.number in seen:
                self.add("step-number-duplicate", L.AKTIVITAS, cell, str(step.number),
                         other=f"{L.AKTIVITAS}!{seen[step.number]}", count=count)
            else:
                seen[step.number] = cell
                follows = step.number == (previous + 1 if previous is not None else 1)
                if not follows and step.number != index + 1:
                    self.add("step-number-sequence", L.AKTIVITAS, cell, str(step.number), expected=index + 1,
                             count=count)
            previous = step.number

    def step(self, index: int) -> None:
        step = self.steps[index]
        if self.roles:
            if not step.marks:
                self.step_add("pelaksana-missing", index, "role:0")
            elif len(step.marks) > 1:
                columns = [i for i, role in enumerate(self.roles) if role in step.marks]
                at = columns[1] if len(columns) > 1 else columns[0]
                self.step_add("pelaksana-multiple", index, f"role:{at}", ", ".join(step.marks), count=len(step.marks))
            co = [role for role in step.co_pelaksana if role not in step.marks]
            if co and step.pelaksana is not None:
                at = self.roles.index(co[0]) if co[0] in self.roles else 0
                self.step_add("pelaksana-joint", index, f"role:{at}", ", ".join(co), main=step.pelaksana)
        if not clean_text(step.kegiatan):
            self.step_add("kegiatan-empty", index, "kegiatan", step.kegiatan)
        else:
            actor = self.role_at_start(step.kegiatan)
            if actor:
                rest = re.search(r"\s(?=[a-z])", step.kegiatan)
                suggestion = _short(step.kegiatan[rest.end():] if rest else step.kegiatan)
                self.step_add("kegiatan-starts-with-actor", index, "kegiatan", step.kegiatan, role=actor,
                              suggestion=suggestion)
        self.waktu(index)
        if step.needs_review:
            first = step.inferences[0]
            self.step_add("inference-unreviewed", index, "inferensi", inferences_text(step.inferences),
                          count=len(step.inferences), first=_short(f"{first.field} → {first.value}: {first.reason}", 90))

    def waktu(self, index: int) -> None:
        text = self.steps[index].waktu
        found = _waktu_finding(text)
        if found is not None:
            code, params = found
            self.step_add(code, index, "waktu", text, **params)

    def unused_roles(self) -> None:
        used = {role for step in self.steps for role in (*step.marks, *step.co_pelaksana)}
        for index, role in enumerate(self.roles):
            if role not in used and role not in self.duplicated_roles:
                self.add("pelaksana-unused", L.AKTIVITAS, self.header_cell(index), role)

    def _index_of(self) -> dict[int, int]:
        """The index of the first step with each number (worked out once; read only)."""
        if self.index_of is None:
            self.index_of = {}
            for index, step in enumerate(self.steps):
                self.index_of.setdefault(step.number, index)
        return self.index_of

    def outputs(self) -> None:
        index_of = self._index_of()
        for index, step in enumerate(self.steps):
            if not clean_text(step.output):
                continue
            following = index_of.get(step.ya) if step.ya is not None else index + 1
            if following is None or following >= len(self.steps) or following == index:
                continue
            after = self.steps[following]
            if not mentions(after.kelengkapan, step.output):
                self.step_add("output-not-used", index, "output", step.output, next=after.number)

    def flow(self) -> None:
        steps, count = self.steps, len(self.steps)
        index_of = self._index_of()
        if steps[0].symbol is not Symbol.TERMINATOR:
            self.step_add("flow-start-not-terminator", 0, "simbol", L.text(steps[0].symbol.value), symbol=_label(steps[0].symbol.value))
        if steps[-1].symbol is not Symbol.TERMINATOR:
            self.step_add("flow-end-not-terminator", count - 1, "simbol", L.text(steps[-1].symbol.value),
                          symbol=_label(steps[-1].symbol.value))
        for index in range(1, count - 1):
            if steps[index].symbol is Symbol.TERMINATOR:
                self.step_add("flow-terminator-inside", index, "simbol", L.text(Symbol.TERMINATOR.value))
        successors: list[list[int]] = []
        for index, step in enumerate(steps):
            decision = step.symbol is Symbol.DECISION
            for key in ("ya", "tidak"):
                target = getattr(step, key)
                if target is None:
                    if decision and (L.AKTIVITAS, self.cell(index, key)) not in self.problem_cells:
                        self.step_add("decision-branch-missing", index, key, "", branch=_label(key))
                    continue
                if target not in index_of:
                    numbers = [s.number for s in steps if s.number > 0]     # 0: a No cell the reader could not read
                    self.step_add("target-missing", index, key, str(target), branch=_label(key),
                                  first=min(numbers, default=1), last=max(numbers, default=1))
            if step.tidak is not None:
                if not decision:
                    self.step_add("tidak-without-decision", index, "tidak", str(step.tidak), symbol=_label(step.symbol.value))
                elif step.tidak in index_of and index_of[step.tidak] >= index:
                    self.step_add("tidak-forward", index, "tidak", str(step.tidak))
            nexts = []
            if step.ya is not None:
                if step.ya in index_of:
                    nexts.append(index_of[step.ya])
            elif index + 1 < count:
                nexts.append(index + 1)
            if decision and step.tidak in index_of:
                nexts.append(index_of[step.tidak])
            successors.append(nexts)
        reached = _reach([0], successors)
        for index in range(count):
            if index not in reached:
                self.step_add("step-unreachable", index, "no", str(steps[index].number))
        predecessors: list[list[int]] = [[] for _ in steps]
        for index, nexts in enumerate(successors):
            for following in nexts:
                predecessors[following].append(index)
        # a step whose Ya target is missing is reported as such; where it leads is unknown, not a trap
        ends = [i for i, (step, nexts) in enumerate(zip(steps, successors))
                if not nexts or (step.ya is not None and step.ya not in index_of)]
        can_finish = _reach(ends, predecessors)
        trapped = reached - can_finish
        for loop in _loops(trapped, successors):
            members = set(loop)
            if any(following not in members for index in loop for following in successors[index]):
                continue    # it leads on, into another loop that is reported itself
            first = min(loop)
            self.step_add("flow-loop-no-exit", first, "no", ", ".join(str(steps[i].number) for i in sorted(loop)))


@kept(1024)
def _waktu_finding(text) -> tuple[str, dict] | None:
    """(code, params) of what is wrong with a Waktu text, None when nothing is; kept for the last texts (an office
    writes its norms with few words: 30 menit, 1 jam, 1 hari). The caller gets params of its own (``**``)."""
    if not clean_text(text):
        return "waktu-empty", {}
    if is_bare_unit(text):
        return "waktu-bare-unit", {}
    try:
        norm = parse_norm(text)
    except NormError:
        return "waktu-invalid", {}
    if norm is not None and norm.low is not None:
        return "waktu-range", {"norm": format_norm(replace(norm, low=None))}
    return None


def _reach(starts: list[int], edges: list[list[int]]) -> set[int]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for following in edges[stack.pop()]:
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return seen


def _loops(nodes: set[int], edges: list[list[int]]) -> list[list[int]]:
    """Strongly connected components of the graph restricted to `nodes` that contain a cycle (Tarjan)."""
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index_of:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = [t for t in edges[node] if t in nodes]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index_of:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index_of[target])
                continue
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found, key=min)


def _written_identity_rows(sop: SOP) -> dict[str, int]:
    """The rows sopxl writes each identity field and section item to (for an SOP not read from a sheet)."""
    rows: dict[str, int] = {}
    row = 2
    for key in IDENTITY_FIELDS:
        rows[key] = row
        row += 1
    for key in SECTIONS:
        rows[key] = row
        items = getattr(sop.identity, key)
        for number in range(len(items)):
            rows[f"{key}.{number}"] = row + number
        row += max(len(items), 1)
    return rows


def chosen_profile(profile: str | None) -> Profile | None:
    """The format profile named `profile` (a key or a name; None for none); SopxlError naming the known ones."""
    if not profile:
        return None
    chosen = find_profile(profile)
    if chosen is None:
        raise SopxlError(L.texts("err_profile_unknown", profile=profile), fix=L.texts("err_profile_fix",
                                                                                    names=profile_names()))
    return chosen


def validate_sop(sop: SOP, problems: Iterable[ReadProblem] = (), *, file: str | None = None,
                 profile: str | None = None, today: dt.date | None = None,
                 review_months: int = DEFAULT_CYCLE_MONTHS) -> list[Finding]:
    """Every finding about `sop` (and the reader's `problems`), in sheet and cell order.

    `profile` (a profile's key or name) overrides the workbook's Profil Format; the default is Permenpan
    RB 35/2012. With `today`, the SOP's review date is judged too (review-due, review-past), its cycle
    being its Siklus Tinjauan or `review_months`.
    """
    chosen = chosen_profile(profile)
    findings = _Checker(sop, problems, file, profile=chosen, today=today, review_months=review_months).run()
    return sorted(findings, key=Finding.sort_key)


def shape_code(error: SopxlError) -> str:
    """The layout code of a workbook the reader stopped on: a changed header, a missing sheet, or unreadable."""
    if error.cell and error.code != "value-unreadable":     # a value the reader cannot take is no header
        return "header-invalid"
    return "sheet-missing" if isinstance(error, SheetMissing) else "workbook-unreadable"


def shape_finding(error: SopxlError, file: str | None = None) -> Finding:
    """A layout finding for a workbook whose shape stopped the reader (missing sheet, changed header)."""
    return Finding(shape_code(error), error.sheet, error.cell, "", {"detail": error.message}, file or error.file)


def select_findings(findings: list[Finding], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Finding]:
    """Only the codes in `select` (all when empty), without the codes in `ignore`."""
    selected, ignored = set(select), set(ignore)
    unknown = sorted((selected | ignored) - set(CATALOGUE))
    if unknown:
        raise SopxlError(f"unknown finding code {unknown[0]!r}", fix="see docs/findings.md for the codes")
    return [f for f in findings if (not selected or f.code in selected) and f.code not in ignored]
