"""The Markdown memo, rendered from a Jinja2 template in a sandbox bounded in time and size.

Jinja2's sandbox stops a template reaching Python's internals, but not from working forever
or filling memory: `'a'|center(2000000000)`, `range(100000)` nested in another, `lipsum(10**5)`.
So, on top of it: constant folding is off (it would run such code at compile time, outside
every check); operations that build text or lists from a number (`*`, `%`, `**`, `center`,
`format`, ...) are checked before they run; `range` and `lipsum` draw on a budget; every call,
attribute, filter and loop step checks a deadline; the output is counted as it is written;
and, where the platform allows, a wall-clock alarm and an address-space limit catch what
slips past (a tight loop that calls nothing, text doubled by `~`).
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from cooperation_scorer.errors import Problem, ScorerError
from cooperation_scorer.render.markdown import code, escape

TEMPLATE = "memo.md.j2"

MAX_PIECE = 1_000_000  # characters (or items) one operation may build
MAX_OUTPUT = 16 << 20  # characters a memo may hold, plus PER_PROPOSAL for each proposal
PER_PROPOSAL = 64 << 10
MAX_STEPS = 2_000_000  # items all `range` calls together may yield
MAX_SECONDS = 5.0  # wall-clock time a render may take, plus PER_PROPOSAL_SECONDS each
PER_PROPOSAL_SECONDS = 0.002
MEMORY_HEADROOM = 512 << 20  # bytes of address space a render may add, where it can be limited
LIPSUM_MAX = 20  # paragraphs
MAX_EXPONENT = 1_000
# A width or precision in a %-format or a str.format spec: `%2000000000s`, `{:>999999999}`.
_WIDTH = re.compile(r"%[-+ #0*]*(\d+)?(?:\.(\d+))?|\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")
_SIZING_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice", "format"}
_SIZING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map"}


class TemplateError(ScorerError):
    """A memo template cannot be read or rendered."""


class _Exceeded(Exception):
    """The template went past a bound; the message says which."""


def packaged_template() -> str:
    return (
        resources.files("cooperation_scorer.render.memo")
        .joinpath("templates", TEMPLATE)
        .read_text("utf-8")
    )


def _check_widths(text: str) -> None:
    for match in _WIDTH.finditer(text):
        for number in match.groups():
            if number is not None and int(number) > MAX_PIECE:
                raise _Exceeded(f"it asks for a width of {int(number):,} characters")


def _check_numbers(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_PIECE:
            raise _Exceeded(f"it asks for a size of {value:,}")
        if isinstance(value, str):
            _check_widths(value)


def _sized(value: Any) -> Any:
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_PIECE:
        raise _Exceeded(f"one value grew to over {MAX_PIECE:,} characters or items")
    return value


class _BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with every hook it offers checking the deadline and the sizes."""

    intercepted_binops = frozenset({"*", "%", "**", "+", "//"})

    def __init__(self, deadline: float, **options: Any) -> None:
        super().__init__(optimized=False, **options)
        self.deadline = deadline
        self.steps = 0
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        for name, function in list(self.filters.items()):
            self.filters[name] = self._guarded(name, function)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Exceeded("it ran too long (a loop without end, or too many steps)")

    def _guarded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        sizing = name in _SIZING_FILTERS

        @functools.wraps(function)  # keeps the pass_context / pass_environment marks
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if sizing:
                _check_numbers(args[1:], kwargs)
                if name == "format" and args and isinstance(args[0], str):
                    _check_widths(args[0])  # the value is the format: `"%999999999s"|format(1)`
            return _sized(function(*args, **kwargs))

        return guarded

    def _range(self, *args: int) -> Iterator[int]:
        items = range(*args)
        self.steps += len(items)
        if self.steps > MAX_STEPS:
            raise _Exceeded(f"its loops over range() went past {MAX_STEPS:,} steps")
        for index, value in enumerate(items):
            if index % 1024 == 0:
                self.tick()
            yield value

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if n > LIPSUM_MAX or max > 1000:
            raise _Exceeded(f"lipsum() is limited to {LIPSUM_MAX} paragraphs of 1,000 words")
        return str(jinja2.utils.generate_lorem_ipsum(n=n, html=html, min=min, max=max))

    def call(
        __self,  # Jinja2's signature: a template may pass `self` as a keyword
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        __self.tick()
        if getattr(__obj, "__name__", "") in _SIZING_METHODS:
            _check_numbers(args, kwargs)
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str):
                _check_widths(owner)
        return _sized(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        if isinstance(obj, str) and attribute in _SIZING_METHODS:
            _check_widths(obj)  # `'{:>999999999}'.format`: Jinja2 wraps the method it returns
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return super().getitem(obj, argument)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        self.tick()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > MAX_PIECE
                ):
                    raise _Exceeded(f"it repeats a value into over {MAX_PIECE:,} characters")
        elif operator == "**":
            if (
                isinstance(right, int | float)
                and abs(right) > MAX_EXPONENT
                and not (isinstance(left, int | float) and abs(left) <= 1)
            ):
                raise _Exceeded(f"it raises a number to a power over {MAX_EXPONENT:,}")
        elif operator == "%" and isinstance(left, str):
            _check_widths(left)
        return _sized(super().call_binop(context, operator, left, right))


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """A wall-clock bound on the main thread (where signals are delivered): it interrupts even
    a loop that calls nothing the sandbox sees. Elsewhere the sandbox's own deadline checks
    are the bound."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Exceeded("it ran too long (a loop without end, or too many steps)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_bound() -> Iterator[None]:
    """At most MEMORY_HEADROOM more address space while a template renders, where the
    platform can limit it: a template that doubles a string in a loop gets a MemoryError,
    not the machine's memory."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", encoding="ascii") as statm:  # noqa: PTH123 - Linux only
            in_use = int(statm.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError):
        yield
        return
    limit = in_use + MEMORY_HEADROOM
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield
        return
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def render_memo(context: dict[str, Any], template: str, path: str = TEMPLATE) -> str:
    """The memo as text. Templates run sandboxed with strict undefined names: a typo in a
    user's template, or anything else it fails on (including going past a bound), is one
    line naming the template's line, not a silent blank, a traceback or a hang."""
    proposals = len(context.get("proposals", ()))
    seconds = MAX_SECONDS + PER_PROPOSAL_SECONDS * proposals
    environment = _BoundedSandbox(
        time.monotonic() + seconds,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: text is escaped by the `md` filter
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = lambda value: escape(str(value))
    environment.globals["code"] = code
    limit = MAX_OUTPUT + PER_PROPOSAL * proposals
    try:
        compiled = environment.from_string(template)
        pieces: list[str] = []
        written = 0
        with _memory_bound(), _alarm(seconds):
            for piece in compiled.generate(**context):
                written += len(piece)
                if written > limit:
                    raise _Exceeded(f"it wrote over {limit:,} characters")
                pieces.append(piece)
        text = "".join(pieces)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            [Problem(path, error.lineno, 1, f"template syntax error: {error.message}")]
        ) from None
    except _Exceeded as error:
        raise TemplateError(
            [
                Problem(
                    path,
                    _template_line(error),
                    None,
                    f"the template stopped: {error}; fix the template",
                )
            ]
        ) from None
    except MemoryError as error:
        raise TemplateError(
            [
                Problem(
                    path,
                    _template_line(error),
                    None,
                    f"the template stopped: it used over {MEMORY_HEADROOM >> 20:,} MiB of "
                    "memory; fix the template",
                )
            ]
        ) from None
    except Exception as error:  # a template can fail in any way: `{{ 1 / 0 }}`
        what = str(error) if isinstance(error, jinja2.TemplateError) else _named(error)
        what = what.rstrip(".")
        raise TemplateError(
            [
                Problem(
                    path,
                    _template_line(error),
                    None,
                    f"the template cannot be rendered: {what}; fix the template",
                )
            ]
        ) from None
    _refuse_unencodable(text, path)
    return text.rstrip("\n") + "\n"


def _refuse_unencodable(text: str, path: str) -> None:
    """A lone surrogate (`"\\udcff"` in a template) cannot be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        character = f"U+{ord(text[error.start]):04X}"
        raise TemplateError(
            [
                Problem(
                    path,
                    None,
                    None,
                    f"the template wrote a lone surrogate ({character}) on line {line} of the "
                    "memo, which no file can hold; fix the template",
                )
            ]
        ) from None


def _named(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _template_line(error: BaseException) -> int | None:
    """The line of the template that failed: Jinja2 maps its frames to template lines."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
