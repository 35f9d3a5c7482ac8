"""Evaluate a compiled ruleset on one validated center description.

Every rule gets an outcome (pass, fail, not_applicable, waived, error) with one entry per
subject, so scoring can give partial credit and reports can show passes as well as
failures. A rule that cannot be evaluated is an ``error`` outcome, never a crash.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from svcstd.document import Document
from svcstd.i18n import LANGS, Message, pick
from svcstd.messages import MESSAGES
from svcstd.rules import paths
from svcstd.rules.conditions import collection_pointer, holds
from svcstd.rules.model import Rule, Ruleset
from svcstd.rules.operands import Context, EvalError, Failure, show_in
from svcstd.waivers import Waiver

PASS, FAIL, NOT_APPLICABLE, WAIVED, ERROR = "pass", "fail", "not_applicable", "waived", "error"
STATUSES = (PASS, FAIL, NOT_APPLICABLE, WAIVED, ERROR)
MISSING, VIOLATION = "missing", "violation"  # why a subject failed: no information, or wrong information
# A finding's text is at most this long, however large the values its template names.
MAX_MESSAGE_CHARS = 2000


class SubjectOutcome(NamedTuple):
    """One subject of a rule: where it is, and the failure if it failed. A tuple: a
    center has thousands of them, and a tuple is made in half a dataclass's time."""

    pointer: str
    subject: str | None
    failure: Message | None
    failure_pointer: str | None
    waived: bool = False
    cause: str | None = None  # MISSING or VIOLATION when the subject failed


class RuleOutcome(NamedTuple):
    """What one rule gave on a center: its status and each subject's outcome."""

    rule: Rule
    status: str
    subjects: tuple[SubjectOutcome, ...] = ()
    error: Message | None = None
    empty: bool = False  # the rule's subject list was empty or absent (a finding, cause missing)

    @property
    def failed(self) -> bool:
        """Failed, or could not be evaluated (which counts as a failure)."""
        return self.status in (FAIL, ERROR)

    def fraction(self, *, with_waivers: bool = True) -> float | None:
        """The rule's score in [0, 1], or None when it is not applicable."""
        if self.status == ERROR:
            return 0.0
        counted = [s for s in self.subjects if not (with_waivers and s.waived)]
        if not counted:
            return None
        passed = sum(1 for s in counted if s.failure is None)
        if self.rule.all_or_nothing:
            return 1.0 if passed == len(counted) else 0.0
        return passed / len(counted)


class WaiverNote(NamedTuple):
    """An expired or unmatched waiver, to be reported."""

    waiver: Waiver
    message: Message
    kind: str  # "expired" | "unmatched"


class Evaluation(NamedTuple):
    """Every rule's outcome on a center, and what became of the waivers."""

    outcomes: tuple[RuleOutcome, ...]
    waiver_notes: tuple[WaiverNote, ...]
    waivers: tuple[Waiver, ...] = ()  # every waiver considered, applied or not


def evaluate(
    doc: Document, ruleset: Ruleset, *, as_of: date, waivers: Sequence[Waiver] = (), langs: tuple[str, ...] = LANGS
) -> Evaluation:
    """Run every rule of ``ruleset`` on ``doc``; apply the unexpired waivers."""
    ctx = _context(doc, ruleset, as_of)._replace(langs=langs)
    active = [w for w in waivers if not w.expired(as_of)]
    used: set[Waiver] = set()
    lists: _SubjectLists = {}  # rules share their subject lists (most go over processes[*])
    outcomes = [_evaluate_rule(rule, ctx, active, used, lists) for rule in ruleset.rules]
    notes = [
        WaiverNote(
            w, MESSAGES("waiver_expired", rule=w.rule, expires=w.expires.isoformat(), approver=w.approver), "expired"
        )
        for w in waivers
        if w.expired(as_of)
    ]
    notes += [WaiverNote(w, MESSAGES("waiver_unmatched", rule=w.rule), "unmatched") for w in active if w not in used]
    return Evaluation(tuple(outcomes), tuple(notes), tuple(waivers))


def evaluate_rule(rule: Rule, doc: Document, ruleset: Ruleset, *, as_of: date) -> RuleOutcome:
    """One rule on one document, without waivers (for a rule's own test cases)."""
    return _evaluate_rule(rule, _context(doc, ruleset, as_of), (), set(), {})


def _context(doc: Document, ruleset: Ruleset, as_of: date) -> Context:
    center = doc.data.get("center", {})
    level = center.get("level") if isinstance(center, Mapping) else None
    return Context(root=doc.data, params=ruleset.parameter_values(level), as_of=as_of, level=level)


def _evaluate_rule(
    rule: Rule, ctx: Context, waivers: Sequence[Waiver], used: set[Waiver], lists: _SubjectLists
) -> RuleOutcome:
    if ctx.level not in rule.levels:
        return RuleOutcome(rule, NOT_APPLICABLE)
    names = (rule.id, *rule.aliases)
    try:
        subjects = []
        listed = _subjects(rule, ctx, lists)
        if not listed and rule.for_each is not None and rule.if_empty == MISSING:
            return _empty_outcome(rule, ctx, waivers, used)
        for ptr, subject, subject_id in listed:
            if rule.when is not None and not holds(rule.when, subject, ptr, ctx):
                continue
            matching = [w for w in waivers if w.covers(names, subject_id)] if waivers else None
            if matching:
                used.update(matching)
            failure = rule.check(subject, ptr, ctx)
            subjects.append(_subject_outcome(rule, ptr, subject, subject_id, failure, ctx, bool(matching)))
    except EvalError as error:
        return RuleOutcome(rule, ERROR, error=error.message)
    except (TypeError, ValueError, AttributeError) as error:
        # Data the rule's author did not foresee (a parameter of the wrong shape, say):
        # the rule is an error in the report, and the audit goes on.
        return RuleOutcome(
            rule, ERROR, error=MESSAGES("unevaluable", rule=rule.id, error=f"{type(error).__name__}: {error}")
        )
    return RuleOutcome(rule, _status(subjects), tuple(subjects))


def _empty_outcome(rule: Rule, ctx: Context, waivers: Sequence[Waiver], used: set[Waiver]) -> RuleOutcome:
    """No subject to check where the rule needs some: one failing subject, cause missing,
    at the nearest place of the list that exists. A waiver of the rule covers it."""
    assert rule.for_each is not None
    at = collection_pointer(paths.parse(rule.for_each), ctx.root, "", ctx)
    matching = [w for w in waivers if w.covers((rule.id, *rule.aliases), None)]
    used.update(matching)
    failure = MESSAGES("empty_subjects", path=rule.for_each.replace("[*]", ""))
    subject = SubjectOutcome(at, None, failure, at, bool(matching), MISSING)
    return RuleOutcome(rule, WAIVED if matching else FAIL, (subject,), empty=True)


# A rule's subjects (pointer, value, id), by the for_each they come from (None: the root).
_SubjectLists = dict[str | None, list[tuple[str, Any, str | None]]]


def _subjects(rule: Rule, ctx: Context, lists: _SubjectLists) -> list[tuple[str, Any, str | None]]:
    found = lists.get(rule.for_each)
    if found is None:
        if rule.for_each is None:
            found = [("", ctx.root, None)]
        else:
            reached = paths.resolve(paths.parse(rule.for_each), ctx.root, "", ctx.root)
            found = [(ptr, subject, _subject_id(subject, ptr)) for ptr, subject in reached]
        lists[rule.for_each] = found
    return found


def _subject_id(subject: Any, ptr: str) -> str:
    """A subject of a for_each: its id, or where it is."""
    subject_id = subject.get("id") if isinstance(subject, dict) else None  # the loader's mappings are dicts
    if isinstance(subject_id, str | int):
        return str(subject_id)
    return ptr


def _status(subjects: list[SubjectOutcome]) -> str:
    counted = [s for s in subjects if not s.waived]
    if not counted:
        return WAIVED if subjects else NOT_APPLICABLE
    return PASS if all(s.failure is None for s in counted) else FAIL


def _subject_outcome(
    rule: Rule, ptr: str, subject: Any, subject_id: str | None, failure: Failure | None,
    ctx: Context, waived: bool,
) -> SubjectOutcome:  # fmt: skip
    if failure is None:
        return SubjectOutcome(ptr, subject_id, None, None, waived)
    message = _finding_message(rule, subject, ptr, failure, ctx)
    return SubjectOutcome(ptr, subject_id, message, failure.pointer, waived, MISSING if failure.missing else VIOLATION)


def _finding_message(rule: Rule, subject: Any, ptr: str, failure: Failure, ctx: Context) -> Message:
    """The rule's own message template, or the failed test's description, named by subject."""
    texts = {}
    for lang in ctx.langs:
        if rule.message is not None:
            detail = _Template(subject, ptr, ctx, failure, lang).format(pick(rule.message, lang))
        else:
            detail = failure.detail.render(lang)
        name = _subject_label(rule, subject, ptr, ctx, lang)
        text = detail if name is None else MESSAGES.text("finding", lang, subject=name, detail=detail)
        texts[lang] = text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"
    return Message.text(texts)


def _subject_label(rule: Rule, subject: Any, ptr: str, ctx: Context, lang: str) -> str | None:
    if rule.for_each is None:
        return None
    field = rule.subject_name or "name"
    value = paths.get(paths.parse(field), subject, ptr, ctx.root)[1]
    if value is paths.MISSING or value is None:
        return _subject_id(subject, ptr)
    return _shown(value, lang)


def _shown(value: Any, lang: str) -> str:
    """A value in messages; localized text in ``lang``; an absent one in words."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Mapping) and set(value) <= set(LANGS):
        return pick(value, lang)
    return show_in(value, lang)


class _Template(string.Formatter):
    """Formats ``{field.path}`` from the subject, plus ``{actual}``, ``{expected}`` and
    ``{param.NAME}``.

    Only paths are looked up, never attributes, so a ruleset cannot reach Python objects.
    """

    def __init__(self, subject: Any, ptr: str, ctx: Context, failure: Failure, lang: str):
        self.subject, self.ptr, self.ctx, self.failure, self.lang = subject, ptr, ctx, failure, lang

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        if field_name == "actual":
            return _shown(self.failure.actual, self.lang), field_name
        if field_name == "expected":
            return _shown(self.failure.expected, self.lang), field_name
        if field_name.startswith("param."):
            return _shown(self.ctx.params.get(field_name[6:]), self.lang), field_name
        try:
            value = paths.get(paths.parse(field_name), self.subject, self.ptr, self.ctx.root)[1]
        except paths.PathSyntaxError:
            return "{" + field_name + "}", field_name
        return _shown(value, self.lang), field_name
