"""The Markdown memo, rendered from a Jinja2 template in a sandbox."""

from __future__ import annotations

from importlib import resources
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from cooperation_scorer.errors import Problem, ScorerError
from cooperation_scorer.render.markdown import code, escape

TEMPLATE = "memo.md.j2"


class TemplateError(ScorerError):
    """A memo template cannot be read or rendered."""


def packaged_template() -> str:
    return (
        resources.files("cooperation_scorer.render.memo")
        .joinpath("templates", TEMPLATE)
        .read_text("utf-8")
    )


def render_memo(context: dict[str, Any], template: str, path: str = TEMPLATE) -> str:
    """The memo as text. Templates run sandboxed with strict undefined names: a typo in a
    user's template, or anything else it fails on, is one line naming the template's line,
    not a silent blank or a traceback."""
    environment = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: text is escaped by the `md` filter
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = lambda value: escape(str(value))
    environment.globals["code"] = code
    try:
        text = environment.from_string(template).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            [Problem(path, error.lineno, 1, f"template syntax error: {error.message}")]
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
    return text.rstrip("\n") + "\n"


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
