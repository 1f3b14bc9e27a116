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
    return resources.files("cooperation_scorer").joinpath("templates", TEMPLATE).read_text("utf-8")


def render_memo(context: dict[str, Any], template: str, path: str = TEMPLATE) -> str:
    """The memo as text. Templates run sandboxed with strict undefined names: a typo in a
    user's template is an error with its line, not a silent blank."""
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
    except jinja2.TemplateError as error:
        raise TemplateError(
            [Problem(path, None, None, f"the template cannot be rendered: {error}")]
        ) from None
    return text.rstrip("\n") + "\n"
