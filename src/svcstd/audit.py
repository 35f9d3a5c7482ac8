"""The pipeline for one center: load → validate → evaluate → score → audit result."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import NamedTuple

from svcstd import cache, centerfiles, engine, loader, scoring, standards
from svcstd.assembly import build_result
from svcstd.assessment import Assessment, applies, for_center
from svcstd.document import Document
from svcstd.errors import InputError, Location, Problem
from svcstd.i18n import Message
from svcstd.jsonform import read_stored, to_dict
from svcstd.messages import MESSAGES
from svcstd.result import AssessmentInfo, AuditResult, CenterError, Finding, Report
from svcstd.rules.load import load_ruleset
from svcstd.rules.model import Ruleset
from svcstd.validate import validate_center
from svcstd.waivers import Waiver, from_document


class AuditOptions(NamedTuple):
    """What every center of a run is audited with: the ruleset, date, language and inputs."""

    ruleset: Ruleset
    as_of: date
    lang: str = "zh"
    model: str | None = None  # None: the ruleset's own (points where it declares indicators)
    waivers: Sequence[Waiver] = ()  # from --waivers files
    assessments: Sequence[Assessment] = ()  # on-site assessments of manual clauses (--assessment)
    use_waivers: bool = True
    use_cache: bool = False  # results of unchanged centers from the user cache (the CLI's default)
    limits: loader.Limits = loader.DEFAULT_LIMITS


def load_valid_center(
    path: Path, limits: loader.Limits = loader.DEFAULT_LIMITS, contents: Mapping[Path, bytes] | None = None
) -> Document:
    """Load a center description (from ``contents`` where given: see
    :func:`centerfiles.load_center`) and check it against the schema; raise on any problem."""
    doc = centerfiles.load_center(path, limits=limits, contents=contents)
    problems = validate_center(doc)
    if problems:
        raise InputError(problems)
    return doc


class RulesetRef(NamedTuple):
    """How to load the run's ruleset: worker processes load (and compile) it once each,
    since compiled rules are functions and do not cross process boundaries."""

    spec: str | None = None
    profile: str | None = None
    tailoring: Path | None = None

    def load(self) -> Ruleset:
        return load_ruleset(self.spec, profile=self.profile, tailoring=self.tailoring)


def audit_many(
    paths: Sequence[Path],
    options: AuditOptions,
    *,
    jobs: int = 1,
    ref: RulesetRef | None = None,
    on_done: Callable[[], None] | None = None,
) -> Report:
    """Audit every center; a center with bad input is recorded and does not stop the rest.

    A run of one center with bad input raises instead, so nothing is written for it.
    With ``jobs`` > 1 (and ``ref`` to load the ruleset from), centers are spread over
    that many processes; the report keeps the order of ``paths`` either way.
    """
    if len(paths) == 1:
        result = audit_center(paths[0], options)
        if on_done:
            on_done()
        return Report((result,), options.lang)
    outcomes = []
    for outcome in iter_audits(paths, options, jobs=jobs, ref=ref):
        outcomes.append(outcome)
        if on_done:
            on_done()
    results = tuple(o for o in outcomes if isinstance(o, AuditResult))
    errors = tuple(o for o in outcomes if isinstance(o, CenterError))
    return Report(results, options.lang, errors)


def iter_audits(
    paths: Sequence[Path], options: AuditOptions, *, jobs: int = 1, ref: RulesetRef | None = None
) -> Iterator[AuditResult | CenterError]:
    """Each center's outcome in the order of ``paths``, as soon as it and those before it
    are done; at the end, :class:`InputError` if two centers share an id (baselines and
    diffs match centers by id), so a stream that reads them all writes nothing."""
    first: dict[str, str] = {}
    problems = []
    for outcome in _outcomes(paths, options, jobs, ref):
        if isinstance(outcome, AuditResult):
            center_id, source = str(outcome.center["id"]), str(outcome.center["source"])
            if center_id in first:
                message = MESSAGES("duplicate_id", id=center_id, other=first[center_id])
                problems.append(Problem(_center_id_location(Path(source), options.limits), message, "/center/id"))
            first.setdefault(center_id, source)
        yield outcome
    if problems:
        raise InputError(problems)


def _center_id_location(path: Path, limits: loader.Limits) -> Location:
    """Where a center's file says its ``center.id`` (read again: only a batch's error needs it)."""
    try:
        return centerfiles.load_center(path, limits=limits).locate("/center/id")[1]
    except InputError:  # changed since it was audited
        return Location(str(path))


def _outcomes(
    paths: Sequence[Path], options: AuditOptions, jobs: int, ref: RulesetRef | None
) -> Iterator[AuditResult | CenterError]:
    """Centers whose result is cached are read here; only the others go to the worker
    processes (none are started when every result is cached)."""
    entries = [_cache_entry(path, options) if options.use_cache else None for path in paths]
    hits = [entry is not None and cache.exists("results", entry) for entry in entries]
    misses = [path for path, hit in zip(paths, hits, strict=True) if not hit]
    if jobs > 1 and ref is not None and len(misses) > 1:
        audited = _audit_in_processes(misses, options, ref, jobs)
    else:
        audited = (_audit_or_error(path, options) for path in misses)
    with closing(audited):  # a batch left early (Ctrl-C, a consumer that stopped) ends its workers now
        for path, entry, hit in zip(paths, entries, hits, strict=True):
            if not hit:
                yield next(audited)
                continue
            stored = _cached(entry) if entry is not None else None
            yield stored if stored is not None else _audit_or_error(path, options)


def skipped_errors(problems: Sequence[Problem], lang: str) -> tuple[CenterError, ...]:
    """Entries of a batch folder that could not be read, as centers not audited."""
    return tuple(CenterError(p.location.file, (_problem_finding(p, lang),)) for p in problems)


def _audit_or_error(path: Path, options: AuditOptions) -> AuditResult | CenterError:
    """A center known not to be in the cache, audited (and stored, with ``options.use_cache``)."""
    try:
        return _audited(path, options)
    except InputError as error:
        return CenterError(str(path), tuple(_problem_finding(p, options.lang) for p in error.problems))


_worker_options: AuditOptions | None = None


def _start_worker(options: AuditOptions, ref: RulesetRef) -> None:
    global _worker_options
    _worker_options = options._replace(ruleset=ref.load())


def _audit_in_worker(path: Path) -> AuditResult | CenterError:
    assert _worker_options is not None, "worker not started"
    return _audit_or_error(path, _worker_options)


def _audit_in_processes(
    misses: Sequence[Path], options: AuditOptions, ref: RulesetRef, jobs: int
) -> Generator[AuditResult | CenterError, None, None]:
    """The centers audited by ``jobs`` worker processes, in order."""
    from svcstd import workers  # only for a batch: one center starts faster

    portable = options._replace(ruleset=None)  # type: ignore[arg-type]  # loaded again in each worker
    tasks = [(path,) for path in misses]
    return workers.run_ordered(_audit_in_worker, tasks, jobs=jobs, start=_start_worker, start_args=(portable, ref))


def _problem_finding(problem: Problem, lang: str) -> Finding:
    where = problem.location
    return Finding(problem.pointer or "", where.file, where.line, where.column, problem.render_message(lang))


def error_text(error: CenterError) -> str:
    return "\n".join(f"{p.location}: {p.message}" for p in error.problems)


def audit_center(path: Path, options: AuditOptions) -> AuditResult:
    """One center's audit result; with ``options.use_cache``, from the cache when nothing
    it depends on has changed since it was last audited."""
    entry = _cache_entry(path, options) if options.use_cache else None
    stored = _cached(entry) if entry is not None else None
    return stored if stored is not None else _audited(path, options)


def _cached(entry: str) -> AuditResult | None:
    """The result stored under ``entry``; None if there is none, or what is there is not
    a result (a damaged file): the center is then audited again."""
    stored = cache.read("results", entry)
    if not isinstance(stored, dict):
        return None
    try:
        return read_stored(stored)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _audited(path: Path, options: AuditOptions) -> AuditResult:
    """A center audited from one reading of its files; with ``options.use_cache``, stored
    under the key of what was read, so a file changed meanwhile cannot leave a result of
    one content under the key of another."""
    contents = centerfiles.read_center(path, options.limits)
    result = _audit(path, contents, options)
    entry = _entry(path, contents, options) if options.use_cache else None
    if entry is not None:
        cache.write("results", entry, to_dict(result))
    return result


def _cache_entry(path: Path, options: AuditOptions) -> str | None:
    """The key a center's result would be stored under now (None: it cannot be read)."""
    try:
        return _entry(path, centerfiles.read_center(path, options.limits), options)
    except InputError:
        return None  # the audit reports the unreadable file


def _entry(path: Path, contents: Mapping[Path, bytes], options: AuditOptions) -> str | None:
    """The key of everything a center's result depends on: its files (``contents``) and
    path, the ruleset (its sha256 covers the tailoring) and standard, waivers,
    assessments, the date, language, model, limits, and the tool (version and code)."""
    ruleset = options.ruleset
    try:
        standard = standards.standard_digest(ruleset.standard)
    except OSError:
        return None
    return cache.key(
        cache.code_fingerprint(), str(path), cache.files_key(path, contents), ruleset.sha256, repr((ruleset.id, ruleset.version)),
        repr(ruleset.profile), standard, repr(tuple(options.waivers)), repr(options.use_waivers),
        repr(tuple(options.assessments)), options.as_of.isoformat(), options.lang, repr(options.model),
        repr(options.limits),
    )  # fmt: skip


def _audit(path: Path, contents: Mapping[Path, bytes], options: AuditOptions) -> AuditResult:
    # A center's objects live until its result is built and form no cycles worth
    # collecting: the cyclic collector would only scan them again and again (it made
    # evaluation grow faster than linearly with the number of processes).
    with loader.gc_paused():
        return _audit_loaded(path, contents, options)


def _audit_loaded(path: Path, contents: Mapping[Path, bytes], options: AuditOptions) -> AuditResult:
    doc = load_valid_center(path, options.limits, contents)
    waivers = [*from_document(doc), *options.waivers] if options.use_waivers else []
    evaluation = engine.evaluate(doc, options.ruleset, as_of=options.as_of, waivers=waivers, langs=(options.lang,))
    center_id = doc.data["center"]["id"]
    worksheet = for_center(options.assessments, center_id)
    refusal = applies(worksheet, options.ruleset, center_id, options.as_of) if worksheet else None
    clauses = worksheet.clauses if worksheet and refusal is None else None
    scored = scoring.score(evaluation.outcomes, options.ruleset, model=options.model, assessment=clauses)
    info = _assessment_info(worksheet, refusal, options.lang)
    return build_result(
        doc, evaluation, scored, options.ruleset, as_of=options.as_of, lang=options.lang, assessment=info
    )


def _assessment_info(worksheet: Assessment | None, refusal: Message | None, lang: str) -> AssessmentInfo | None:
    if worksheet is None:
        return None
    return AssessmentInfo(
        source=worksheet.source,
        assessor=" ".join(filter(None, (worksheet.assessor, worksheet.organization))),
        date=worksheet.date.isoformat(),
        used=refusal is None,
        message=refusal.render(lang) if refusal else "",
    )
