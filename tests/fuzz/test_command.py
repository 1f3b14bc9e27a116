"""Hostile folders through the real command: exit 0, 1 or 2 as documented, no traceback,
every problem one line naming its file, whatever the files are called and hold."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from cooperation_scorer.cli.app import app
from cooperation_scorer.errors import one_line
from tests.conftest import REPO
from tests.fuzz.strategies import BOUND_SECONDS, FUZZ, file_names, proposal_texts

runner = CliRunner()
FORMATS = ["table", "json", "csv", "markdown", "junit", "github"]


def _check_stderr(stderr: str, folder: Path) -> None:
    for line in stderr.splitlines():
        if line.startswith(("FAIL ", "0 valid", "1 valid", "2 valid", "3 valid")):
            continue
        if " of " in line and "proposals failed the thresholds" in line:
            continue
        assert line.startswith(one_line(str(folder))), line
        assert "internal error" not in line, line


@FUZZ
@given(
    st.lists(
        st.tuples(file_names, proposal_texts()),
        min_size=1,
        max_size=3,
        unique_by=lambda pair: pair[0].casefold(),
    ),
    st.sampled_from(FORMATS),
    st.sampled_from([[], ["--fail-under", "50"], ["--fail-on", "blocked"], ["--no-waivers"]]),
)
def test_rank_over_hostile_files_keeps_its_promise(
    files: list[tuple[str, str]], output_format: str, options: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for name, text in files:
            content = f"---\n{text}---\nThe body.\n" if name.endswith(".md") else text
            (folder / name).write_text(content, encoding="utf-8", errors="surrogatepass")
        start = time.process_time()  # CPU time: a busy machine does not fail the bound
        result = runner.invoke(app, ["rank", "-f", output_format, *options, str(folder)])
        assert time.process_time() - start < BOUND_SECONDS * 2
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        _check_stderr(result.stderr, folder)
        if output_format == "junit" and result.stdout:
            import xml.etree.ElementTree as ET

            ET.fromstring(result.stdout)
        assert "\x1b" not in result.stderr
        if output_format in ("csv", "github", "markdown", "junit", "table"):
            assert "\x1b" not in result.stdout


def test_the_installed_command_keeps_its_promise_on_a_hostile_folder(tmp_path: Path) -> None:
    """Once through a real process: a tag crash, a loop and a bad name together."""
    (tmp_path / "tag.yaml").write_text("title: !!int _\n", encoding="utf-8")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "esc\x1b[2J.yaml").write_text("title: !!bool space\n", encoding="utf-8")
    good = (REPO / "proposals" / "aral-glacier-monitoring.yaml").read_text(encoding="utf-8")
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "cooperation_scorer", "rank", "-f", "csv", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(str(tmp_path)) for line in lines)
    assert f"{tmp_path / 'good.yaml'}," in completed.stdout
