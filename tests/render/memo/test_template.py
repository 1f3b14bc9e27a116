"""The template sandbox: bounded in time, size and memory, and every failure one line."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperation_scorer.render.memo import template as sandbox
from cooperation_scorer.render.memo.template import TemplateError, render_memo

# Each would take seconds to hours, or gigabytes, without the bounds.
RUNAWAY = [
    ("{{ 'a'|center(2000000000) }}", "it asks for a size of 2,000,000,000"),
    ("{{ 'a'|indent(2000000000, true) }}", "it asks for a size of 2,000,000,000"),
    ("{{ '%2000000000s'|format(1) }}", "it asks for a width of 2,000,000,000"),
    ("{{ '%2000000000s' % 1 }}", "it asks for a width of 2,000,000,000"),
    ("{{ '{:>2000000000}'.format(1) }}", "it asks for a width of 2,000,000,000"),
    ("{{ 'a'.rjust(2000000000) }}", "it asks for a size of 2,000,000,000"),
    ("{{ 'a' * 2000000000 }}", "it repeats a value into over 1,000,000 characters"),
    ("{{ [1] * 2000000000 }}", "it repeats a value into over 1,000,000 characters"),
    ("{{ 7 ** 10000000 }}", "it raises a number to a power over 1,000"),
    (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "its loops over range() went past 2,000,000 steps",
    ),
    ("{{ lipsum(100000) }}", "lipsum() is limited to 20 paragraphs"),
    ("{% for i in range(1000) %}{{ 'x' * 900000 }}{% endfor %}", "it wrote over"),
    (  # a tight loop that calls nothing the sandbox sees: only the clock stops it
        "{% set s = 'x' * 999999 %}{% for c in s %}{% for d in s %}{% endfor %}{% endfor %}",
        "it ran too long",
    ),
]


@pytest.mark.parametrize(("template", "message"), RUNAWAY)
def test_a_runaway_template_stops_with_one_line(template: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateError) as raised:
        render_memo({}, template, "mine.j2")
    assert time.monotonic() - started < 8
    (problem,) = raised.value.problems
    line = str(problem)
    assert line.startswith("mine.j2:"), line
    assert message in line, line
    assert line.endswith("; fix the template")
    assert "\n" not in line


def test_ordinary_templates_still_render() -> None:
    template = (
        "{{ '%.1f'|format(3.14159) }} {{ '{:>6}'.format('x') }} {{ 'ab' * 3 }} {{ 2 ** 10 }} "
        "{{ 'a'|center(5) }}|{% for i in range(3) %}{{ i }}{% endfor %} "
        "{{ lipsum(1, false) is string }}"
    )
    assert render_memo({}, template) == "3.1      x ababab 1024   a  |012 True\n"


def test_a_lone_surrogate_in_the_output_is_one_line() -> None:
    with pytest.raises(TemplateError) as raised:
        render_memo({}, "ok\n{{ '\\udcff' }}", "mine.j2")
    assert str(raised.value.problems[0]) == (
        "mine.j2: the template wrote a lone surrogate (U+DCFF) on line 2 of the memo, which no "
        "file can hold; fix the template"
    )


def test_text_doubled_in_a_loop_stops_at_the_memory_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """`~` builds text no hook sees; the address-space limit stops it (a small one here, so
    the test itself stays small; the real bound is 512 MiB)."""
    monkeypatch.setattr(sandbox, "MEMORY_HEADROOM", 64 << 20)
    template = (
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    with pytest.raises(TemplateError) as raised:
        render_memo({}, template, "mine.j2")
    assert str(raised.value.problems[0]) == (
        "mine.j2:1:1: the template stopped: it used over 64 MiB of memory; fix the template"
    )


_NUMBERS = st.one_of(st.integers(-3, 12), st.sampled_from([10**6 + 1, 2**31, 10**12, -(10**9)]))
_STRINGS = st.sampled_from(["'a'", "'%s'", "'%9999999s'", "'{:>9999999}'", "'\\udcff'", "''"])


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 0) -> str:
    """Expressions a hostile template might hold, built from the dangerous pieces."""
    atom = draw(st.one_of(_STRINGS, _NUMBERS.map(str), st.just("range(9)|list")))
    if depth > 2:
        return atom
    inner = draw(_expressions(depth + 1))
    number = draw(_NUMBERS)
    return draw(
        st.sampled_from(
            [
                atom,
                f"({inner}) * {number}",
                f"({inner}) ** {number}",
                f"({inner}) % {number}",
                f"({inner}) ~ ({inner})",
                f"({inner})|center({number})",
                f"({inner})|indent({number})",
                f"({inner})|wordwrap({number})",
                f"({inner})|truncate({number})",
                f"({inner})|format({number})",
                f"({inner})|batch({number})|list",
                f"({inner}).rjust({number})",
                f"lipsum({number})",
                f"range({number})|join",
            ]
        )
    )


@st.composite
def _templates(draw: st.DrawFn) -> str:
    expression = draw(_expressions())
    loops = draw(st.integers(0, 2))
    body = f"{{{{ {expression} }}}}"
    for _ in range(loops):
        body = f"{{% for i in range({draw(_NUMBERS)}) %}}{body}{{% endfor %}}"
    return body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_templates())
def test_any_template_renders_or_stops_with_one_line_in_bounded_time(template: str) -> None:
    started = time.monotonic()
    try:
        text = render_memo({}, template, "fuzz.j2")
    except TemplateError as error:
        (problem,) = error.problems
        assert str(problem).startswith("fuzz.j2")
        assert "\n" not in str(problem)
    else:
        text.encode("utf-8")  # whatever it wrote, a file can hold
    assert time.monotonic() - started < 8
