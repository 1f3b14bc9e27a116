"""The result cache: the same output with it, without it, and with a broken one; a warm run
reads every result back; anything that can change a result changes its key."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cooperation_scorer import pipeline
from cooperation_scorer.analysis import improvements
from cooperation_scorer.cli.app import app
from cooperation_scorer.load import cache as result_cache
from cooperation_scorer.load import files
from cooperation_scorer.load import proposal as proposal_loader
from cooperation_scorer.load import rubric as rubric_loader
from cooperation_scorer.load.cache import DATABASE, decode, encode
from cooperation_scorer.model.rubric import LoadedRubric
from cooperation_scorer.score.assess import WaiverPolicy
from tests.conftest import PROPOSALS, REPO, RUBRIC_PATH

runner = CliRunner()
FORMATS = ["json", "csv", "table", "markdown", "junit", "sarif", "github"]


@pytest.fixture
def proposals(tmp_path: Path) -> Path:
    folder = tmp_path / "proposals"
    shutil.copytree(PROPOSALS, folder)
    return folder


def _rank(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["rank", *args])
    return result.exit_code, result.stdout, result.stderr


def _no_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any file actually assessed fails loudly: only cached results pass."""

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("assessed, not read from the cache")

    monkeypatch.setattr(improvements, "assessed", refuse)


@pytest.mark.parametrize("output_format", FORMATS)
def test_cold_warm_and_no_cache_give_the_same_bytes(
    proposals: Path, tmp_path: Path, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    base = ["-f", output_format, "--fail-on", "blocked", str(proposals)]
    without = _rank(*base, "--no-cache")
    cold = _rank(*base, "--cache-dir", str(cache))
    assert (cache / DATABASE).is_file()
    _no_scoring(monkeypatch)
    warm = _rank(*base, "--cache-dir", str(cache))
    assert without == cold == warm
    assert without[0] == 1  # the bundled set holds blocked proposals: a real verdict
    assert without[1]


def test_score_reads_its_result_back_with_improvements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    one = str(PROPOSALS / "aral-glacier-monitoring.yaml")
    cold = runner.invoke(app, ["score", one, "-f", "json", "--cache-dir", str(cache)])
    _no_scoring(monkeypatch)
    warm = runner.invoke(app, ["score", one, "-f", "json", "--cache-dir", str(cache)])
    assert cold.stdout == warm.stdout
    assert '"improvements": [' in warm.stdout


def test_invalid_files_are_kept_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "bad.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (folder / "worse.yaml").write_text("title: x\nunknown: 1\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cold = _rank("-f", "csv", str(folder), "--cache-dir", str(cache))
    monkeypatch.setattr(proposal_loader, "parse_proposal", lambda *a, **k: 1 / 0)
    warm = _rank("-f", "csv", str(folder), "--cache-dir", str(cache))
    assert cold == warm
    assert cold[0] == 2
    assert "bad.yaml:" in cold[2]


def test_the_default_folder_keeps_itself_out_of_git(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COOPERATION_SCORER_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    _rank("-f", "json", str(proposals))
    folder = tmp_path / ".cooperation-scorer-cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text(encoding="utf-8")
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (folder / DATABASE).is_file()


def test_the_environment_names_the_folder_and_the_option_wins(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env, from_option = tmp_path / "env", tmp_path / "option"
    monkeypatch.setenv("COOPERATION_SCORER_CACHE_DIR", str(from_env))
    _rank("-f", "json", str(proposals))
    assert (from_env / DATABASE).is_file()
    _rank("-f", "json", str(proposals), "--cache-dir", str(from_option))
    assert (from_option / DATABASE).is_file()


def test_no_cache_reads_and_writes_nothing(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _rank("-f", "json", str(proposals), "--cache-dir", str(cache))
    stamp = (cache / DATABASE).stat().st_mtime_ns
    _no_scoring(monkeypatch)
    code, _, stderr = _rank("-f", "json", str(proposals), "--no-cache", "--cache-dir", str(cache))
    assert code == 2
    assert "assessed, not read from the cache" in stderr
    assert (cache / DATABASE).stat().st_mtime_ns == stamp


def _assessed_again(folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The files a second run had to assess: each is an internal error once scoring fails."""
    with monkeypatch.context() as patch:
        _no_scoring(patch)
        _, _, stderr = _rank("-f", "json", str(folder), "--cache-dir", str(cache))
    return {Path(line.split(":")[0]).name for line in stderr.splitlines() if "assessed" in line}


def _edited(folder: Path) -> str:
    edited = folder / "aral-glacier-monitoring.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return edited.name


def _moved(folder: Path) -> str:
    (folder / "aral-glacier-monitoring.yaml").rename(folder / "aral.yaml")
    return "aral.yaml"


@pytest.mark.parametrize("change", [_edited, _moved])
def test_an_edited_or_moved_file_is_assessed_again_and_only_it(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], str]
) -> None:
    cache = tmp_path / "cache"
    _rank("-f", "json", str(proposals), "--cache-dir", str(cache))
    changed = change(proposals)
    assert _assessed_again(proposals, cache, monkeypatch) == {changed}


def test_another_rubric_or_other_settings_miss(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _rank("-f", "json", str(proposals), "--cache-dir", str(cache))
    rubric = tmp_path / "criteria.yaml"
    rubric.write_bytes(RUBRIC_PATH.read_bytes() + b"\n# edited\n")
    with monkeypatch.context() as patch:
        _no_scoring(patch)
        code, _, stderr = _rank(
            "-f", "json", str(proposals), "--cache-dir", str(cache), "--criteria", str(rubric)
        )
        assert code == 2
        assert stderr.count("assessed, not read from the cache") == 19
        code, _, stderr = _rank(
            "-f", "json", str(proposals), "--cache-dir", str(cache), "--no-waivers"
        )
        assert code == 2
        assert stderr.count("assessed, not read from the cache") == 19


def test_every_setting_of_a_run_is_in_the_key() -> None:
    """A new field of a run's settings must be added to its key: this fails until it is."""
    assert [f.name for f in dataclasses.fields(pipeline._Job)] == [
        "max_bytes",
        "honour_waivers",
        "improve",
        "policy",
        "check_only",
    ]
    assert [f.name for f in dataclasses.fields(WaiverPolicy)] == ["today", "waivable"]
    job = pipeline._Job(10, True, False, WaiverPolicy(date(2026, 12, 2), frozenset({"b", "a"})))
    assert pipeline._settings(job) == {
        "max_bytes": 10,
        "honour_waivers": True,
        "improve": False,
        "today": "2026-12-02",
        "waivable": ["a", "b"],
        "check_only": False,
    }


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
)
def test_a_corrupt_cache_is_set_aside_and_rebuilt(
    proposals: Path, tmp_path: Path, damage: bytes
) -> None:
    cache = tmp_path / "cache"
    clean = _rank("-f", "json", str(proposals), "--no-cache")
    cache.mkdir()
    (cache / DATABASE).write_bytes(damage)
    assert _rank("-f", "json", str(proposals), "--cache-dir", str(cache)) == clean
    with sqlite3.connect(cache / DATABASE) as connection:  # rebuilt: a database again
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone() == (19,)


def test_a_foreign_or_damaged_entry_is_never_trusted(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    clean = _rank("-f", "json", str(proposals), "--cache-dir", str(cache))
    forged = encode([])[:1] + b"garbage"
    with sqlite3.connect(cache / DATABASE) as connection:
        connection.execute("UPDATE results SET value = ?", (forged,))
    assert _rank("-f", "json", str(proposals), "--cache-dir", str(cache)) == clean


def test_entries_that_do_not_decode_are_misses(loaded_rubric: LoadedRubric) -> None:
    outcome = pipeline.evaluate([PROPOSALS], loaded_rubric)
    assessment = outcome.assessments[0]
    value = encode(assessment)
    assert decode(value) == assessment
    for broken in (b"", b"A", b"Axyz", value[:-5], b"P" + value[1:], b"Z" + value[1:]):
        assert decode(broken) is None


def test_a_cache_that_cannot_be_written_changes_nothing(proposals: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    clean = _rank("-f", "json", str(proposals), "--no-cache")
    assert _rank("-f", "json", str(proposals), "--cache-dir", str(blocked / "cache")) == clean


def test_old_entries_are_dropped(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _rank("-f", "json", str(proposals), "--cache-dir", str(cache))
    with sqlite3.connect(cache / DATABASE) as connection:
        connection.execute("UPDATE results SET day = day - ?", (result_cache.KEEP_DAYS + 1,))
    edited = proposals / "aral-glacier-monitoring.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _rank("-f", "json", str(proposals), "--cache-dir", str(cache))  # writes one: prunes
    with sqlite3.connect(cache / DATABASE) as connection:
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone() == (1,)


def test_parallel_workers_and_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    text = (PROPOSALS / "aral-glacier-monitoring.yaml").read_text(encoding="utf-8")
    for index in range(60):
        (folder / f"p{index:03}.yaml").write_text(f"id: p{index}\n{text}", encoding="utf-8")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "cooperation_scorer", "rank", "-f", "json", "-j", "2"]
    command += ["--cache-dir", str(cache), str(folder)]
    runs = [
        subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert len({stdout for stdout, _ in outputs}) == 1
    warm = subprocess.run(command, cwd=REPO, capture_output=True, timeout=120, check=False)
    assert warm.stdout == outputs[0][0]
    with sqlite3.connect(cache / DATABASE) as connection:
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone() == (60,)


def test_a_checked_rubric_is_read_back_and_a_bad_one_never_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cooperation_scorer.errors import RubricError

    cache = tmp_path / "cache"
    data = RUBRIC_PATH.read_bytes()
    first = files.rubric_from(data, "criteria.yaml", cache)
    with monkeypatch.context() as patch:  # from here, checking a rubric fails loudly
        patch.setattr(rubric_loader, "parse_rubric", lambda *_: 1 / 0)
        again = files.rubric_from(data, "other.yaml", cache)
    assert again.rubric == first.rubric
    assert again.source == data
    assert again.ref.path == "other.yaml"
    assert again.ref.sha256 == first.ref.sha256
    bad = data.replace(b"weight:", b"weight: -", 1)
    for _ in range(2):  # refused both times: a rubric that fails its checks is never kept
        with pytest.raises(RubricError):
            files.rubric_from(bad, "bad.yaml", cache)


def test_a_damaged_rubric_entry_is_checked_again(tmp_path: Path) -> None:

    cache = tmp_path / "cache"
    data = RUBRIC_PATH.read_bytes()
    first = files.rubric_from(data, "criteria.yaml", cache)
    with sqlite3.connect(cache / DATABASE) as connection:
        connection.execute("UPDATE rubrics SET value = ?", (b"x\x9c garbage",))
    assert files.rubric_from(data, "criteria.yaml", cache).rubric == first.rubric


def test_a_relative_cache_folder_works_in_parallel_too(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    clean = _rank("-f", "csv", str(proposals), "--no-cache")
    for jobs in ("1", "2", "2"):
        assert _rank("-f", "csv", str(proposals), "-j", jobs, "--cache-dir", "odd name?#%") == clean
    assert (tmp_path / "odd name?#%" / DATABASE).is_file()


def test_an_entry_that_expands_without_end_is_refused() -> None:
    import zlib

    bomb = zlib.compress(b"[" * (80 * 1024 * 1024))
    assert decode(b"P" + bomb) is None


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_validate_reads_back_what_it_checked(
    proposals: Path, tmp_path: Path, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (proposals / "bad.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    twin = (proposals / "aral-glacier-monitoring.yaml").read_text(encoding="utf-8")
    (proposals / "zz-twin.yaml").write_text(
        "id: aral-glacier-monitoring\n" + twin, encoding="utf-8"
    )
    cache = tmp_path / "cache"

    def validate(*options: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["validate", "-f", output_format, str(proposals), *options])
        return result.exit_code, result.stdout, result.stderr

    without = validate("--no-cache")
    assert without[0] == 2
    assert "is also used by" in without[1] + without[2]
    assert validate("--cache-dir", str(cache)) == without
    monkeypatch.setattr(proposal_loader, "parse_proposal", lambda *a, **k: 1 / 0)
    assert validate("--cache-dir", str(cache)) == without  # every file read back


def test_validate_scores_nothing(proposals: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_scoring(monkeypatch)
    result = runner.invoke(app, ["validate", str(proposals), "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("19 valid, 0 invalid")


def test_entries_written_in_batches_are_all_read_back(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "_WRITE_EVERY", 5)
    cache = tmp_path / "cache"
    cold = _rank("-f", "json", str(proposals), "--cache-dir", str(cache))
    with sqlite3.connect(cache / DATABASE) as connection:
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone() == (19,)
    _no_scoring(monkeypatch)
    assert _rank("-f", "json", str(proposals), "--cache-dir", str(cache)) == cold


def test_results_pickled_by_a_worker_come_back_equal_and_share_their_texts(
    loaded_rubric: LoadedRubric,
) -> None:
    import pickle

    outcome = pipeline.evaluate([PROPOSALS], loaded_rubric, improve=True)
    # What a process pool does with a worker's results (our own objects, not input).
    back = [pickle.loads(pickle.dumps(a)) for a in outcome.assessments]  # noqa: S301
    assert back == outcome.assessments
    first, second = back[0].gates[0], back[1].gates[0]
    assert first.title is second.title  # one copy of a repeated text
    assert first.citation is second.citation  # one citation object


@pytest.mark.parametrize("where", ["a" * 300, "loop/inside", "/proc/no-such/cache", "file/inside"])
def test_a_cache_folder_the_system_refuses_changes_nothing(
    proposals: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "file").write_text("a file, not a folder", encoding="utf-8")
    one = str(proposals / "aral-glacier-monitoring.yaml")
    clean = runner.invoke(app, ["score", one, "-f", "json", "--no-cache"])
    for _ in range(2):
        result = runner.invoke(app, ["score", one, "-f", "json", "--cache-dir", where])
        assert (result.exit_code, result.stdout, result.stderr) == (0, clean.stdout, "")


def test_an_existing_folder_never_gets_a_gitignore(proposals: Path, tmp_path: Path) -> None:
    """`--cache-dir .` in a repository must not hide the repository from git."""
    _rank("-f", "json", str(proposals), "--cache-dir", str(tmp_path))
    assert (tmp_path / DATABASE).is_file()
    assert not (tmp_path / ".gitignore").exists()
    assert not (tmp_path / "CACHEDIR.TAG").exists()
