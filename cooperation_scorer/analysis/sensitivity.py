"""How robust a ranking is to the weights: exact stability intervals and SMAA-2 (pure, numpy).

Every score is a weighted sum, so with one weight moved (the others rescaled in proportion)
each score is linear in that weight: the points where the top of the ranking changes are
crossings of lines, solved exactly. Rank acceptability (SMAA-2) samples weight vectors and
counts how often each proposal comes first or in the top K.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cooperation_scorer.score.results import Assessment

BLOCKED_OFFSET = 10.0  # scores lie in [0, 1]: blocked proposals always come after the others
TIE_BREAK = 1e-12  # equal scores: the proposal listed first (by id) ranks higher
CHUNK = 2_000  # samples scored at a time, to bound memory
Z95 = 1.96

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class DecisionMatrix:
    """The ranking as numbers: a row per proposal (by id), a column per criterion, and the
    rubric's weights."""

    ids: list[str]
    criteria: list[str]
    values: Matrix  # (proposals, criteria): level value / max value, in [0, 1]
    offsets: Matrix  # (proposals,): -BLOCKED_OFFSET for blocked ones, minus a tie-break
    weights: Matrix  # (criteria,): the rubric's weights, summing to 1
    total_weight: float  # the rubric's weights as written sum to this


def matrix_of(assessments: list[Assessment]) -> DecisionMatrix:
    ordered = sorted(assessments, key=lambda a: (a.id, a.file))
    criteria = [c.id for c in ordered[0].criteria]
    values = np.array([[c.value / c.max_value for c in a.criteria] for a in ordered])
    weights = np.array([c.weight for c in ordered[0].criteria], dtype=np.float64)
    offsets = np.array(
        [
            (-BLOCKED_OFFSET if a.failed_gates else 0.0) - index * TIE_BREAK
            for index, a in enumerate(ordered)
        ]
    )
    return DecisionMatrix(
        [a.id for a in ordered], criteria, values, offsets, weights / weights.sum(), weights.sum()
    )


def top(problem: DecisionMatrix, weights: Matrix, k: int) -> list[int]:
    """The first k proposals (indexes) for one weight vector."""
    scores = problem.values @ weights + problem.offsets
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


@dataclass(frozen=True)
class WeightInterval:
    """Over which weights of one criterion (the others rescaled) the top k stays the same."""

    criterion: str
    weight: float
    low: float
    high: float
    first_changes_at: float | None
    new_first: str | None


def _lines(problem: DecisionMatrix, j: int) -> tuple[Matrix, Matrix]:
    """Scores as a + b·t, where t is criterion j's share of the weight."""
    others = problem.weights.copy()
    others[j] = 0.0
    rest = problem.values @ others / (1.0 - problem.weights[j])
    return rest + problem.offsets, problem.values[:, j] - rest


def _weights_at(problem: DecisionMatrix, j: int, t: float) -> Matrix:
    weights: Matrix = problem.weights * (1.0 - t) / (1.0 - problem.weights[j])
    weights[j] = t
    return weights


EDGE = 1e-6  # crossings this close to a weight of 0 or of everything are no change


def _edge(problem: DecisionMatrix, j: int, k: int, direction: int) -> float | None:
    """The nearest t from the rubric's weight, in one direction, where the top k changes;
    None when it holds all the way to 0 (or to the whole weight)."""
    t0 = float(problem.weights[j])
    a, b = _lines(problem, j)
    current = top(problem, problem.weights, k)
    crossings: list[float] = []
    for i in current:
        slope = b[i] - b
        with np.errstate(divide="ignore", invalid="ignore"):
            at = (a - a[i]) / slope
        crossings.extend(float(t) for t in at[np.isfinite(at)])
    end = 1.0 if direction > 0 else 0.0
    ahead: list[float] = sorted(
        {t for t in crossings if (t - t0) * direction > 0 and EDGE < t < 1.0 - EDGE},
        reverse=direction < 0,
    )
    for index, t in enumerate(ahead):
        beyond = ahead[index + 1] if index + 1 < len(ahead) else end
        probe = (t + beyond) / 2
        if top(problem, _weights_at(problem, j, probe), k) != current:
            return t
    return None


def stability(problem: DecisionMatrix, k: int) -> list[WeightInterval]:
    """For each criterion, the exact interval of its weight over which the top k holds, and
    the nearest weight at which a different proposal comes first."""
    found = []
    scale = float(problem.total_weight)
    for j, criterion in enumerate(problem.criteria):
        t0 = float(problem.weights[j])
        if t0 >= 1.0:  # the only weighted criterion: scaling it scales every score alike
            found.append(
                WeightInterval(criterion, round(scale, 3), 0.0, round(scale, 3), None, None)
            )
            continue
        low, high = _edge(problem, j, k, -1), _edge(problem, j, k, +1)
        options = [t for t in (_edge(problem, j, 1, -1), _edge(problem, j, 1, +1)) if t is not None]
        nearest = min(options, key=lambda t: abs(t - t0)) if options else None
        new_first = None
        if nearest is not None:
            beyond = nearest + (EDGE if nearest > t0 else -EDGE)
            new_first = problem.ids[top(problem, _weights_at(problem, j, beyond), 1)[0]]
        found.append(
            WeightInterval(
                criterion,
                round(t0 * scale, 3),
                round((0.0 if low is None else low) * scale, 3),
                round((1.0 if high is None else high) * scale, 3),
                None if nearest is None else round(nearest * scale, 3),
                new_first,
            )
        )
    return found


def smallest_change(intervals: list[WeightInterval]) -> WeightInterval | None:
    """The criterion whose weight need move least to put a different proposal first."""
    moving = [i for i in intervals if i.first_changes_at is not None]
    return min(moving, key=lambda i: abs((i.first_changes_at or 0) - i.weight), default=None)


@dataclass(frozen=True)
class Acceptability:
    id: str
    ranks: list[float]  # share of samples at rank 1, 2, ..., k
    central_weights: dict[str, float] | None  # mean weights where it comes first

    @property
    def first(self) -> float:
        return self.ranks[0]

    @property
    def top(self) -> float:
        return sum(self.ranks)


@dataclass(frozen=True)
class Smaa:
    samples: int
    seed: int
    spread: float | None
    k: int
    margin: float  # the 95% Monte Carlo error of any share, at most
    proposals: list[Acceptability]
    ties: list[list[str]] = field(default_factory=list)  # equal under any weights


def _sample(
    problem: DecisionMatrix, rng: np.random.Generator, size: int, spread: float | None
) -> Matrix:
    m = len(problem.criteria)
    if spread is None:
        sampled: Matrix = rng.dirichlet(np.ones(m), size=size)
        return sampled
    drawn: Matrix = problem.weights * (1.0 + rng.uniform(-spread, spread, size=(size, m)))
    normalised: Matrix = drawn / drawn.sum(axis=1, keepdims=True)
    return normalised


def smaa(
    problem: DecisionMatrix, *, samples: int, seed: int, k: int, spread: float | None = None
) -> Smaa:
    """Rank acceptability: weights uniform on the simplex, or within `spread` (a fraction)
    of the rubric's; the same seed gives the same result."""
    rng = np.random.default_rng(seed)
    n = len(problem.ids)
    k = min(k, n)
    counts = np.zeros((k, n))
    central = np.zeros((n, len(problem.criteria)))
    done = 0
    while done < samples:
        size = min(CHUNK, samples - done)
        weights = _sample(problem, rng, size, spread)
        scores = problem.values @ weights.T + problem.offsets[:, None]  # (n, size)
        if k < n:
            best = np.argpartition(-scores, k - 1, axis=0)[:k]
        else:
            best = np.tile(np.arange(n)[:, None], (1, size))
        order = np.argsort(-np.take_along_axis(scores, best, axis=0), axis=0, kind="stable")
        ranked = np.take_along_axis(best, order, axis=0)  # (k, size): proposal at each rank
        for r in range(k):
            counts[r] += np.bincount(ranked[r], minlength=n)
        np.add.at(central, ranked[0], weights)
        done += size
    ties = _ties(problem)
    for group in ties:
        # Equal under every weight vector: the order among them is only the order of their
        # ids, so they share their ranks and the weights that put one of them first.
        counts[:, group] = counts[:, group].mean(axis=1, keepdims=True)
        central[group] = central[group].mean(axis=0)
    shares = counts / samples
    proposals = []
    for i, proposal_id in enumerate(problem.ids):
        firsts = counts[0, i]
        weights_where_first = (
            {
                c: round(float(w), 4)
                for c, w in zip(problem.criteria, central[i] / firsts, strict=True)
            }
            if firsts
            else None
        )
        proposals.append(
            Acceptability(proposal_id, [float(s) for s in shares[:, i]], weights_where_first)
        )
    proposals.sort(key=lambda p: (-p.first, -p.top, p.id))
    margin = Z95 * math.sqrt(0.25 / samples)
    tied = [sorted(problem.ids[i] for i in group) for group in ties]
    return Smaa(samples, seed, spread, k, margin, proposals, sorted(tied))


def ties_sentence(ties: list[list[str]]) -> str:
    """The tied groups in words, or "" when there are none."""
    if not ties:
        return ""
    groups = "; ".join(", ".join(group) for group in ties)
    return (
        "Tied under any weights (the same level on every criterion), sharing their ranks: "
        f"{groups}."
    )


def _ties(problem: DecisionMatrix) -> list[list[int]]:
    """Groups of proposals with the same value on every criterion, both blocked or neither:
    only the tie-break in their offsets tells them apart."""
    groups: dict[bytes, list[int]] = {}
    for i in range(len(problem.ids)):
        blocked = int(problem.offsets[i] < -BLOCKED_OFFSET / 2)
        key = problem.values[i].tobytes() + bytes([blocked])
        groups.setdefault(key, []).append(i)
    return [group for group in groups.values() if len(group) > 1]


@dataclass(frozen=True)
class Robustness:
    """How robust a ranking's top is: each weight's stability interval and SMAA-2 shares."""

    top: int
    intervals: list[WeightInterval]
    smaa: Smaa


def robustness(
    assessments: list[Assessment],
    *,
    top: int,
    samples: int = 10_000,
    seed: int = 0,
    spread: float | None = None,
) -> Robustness:
    """Both analyses of the top `top` (fewer when there are fewer proposals), as `sensitivity`
    and the memo show them."""
    top = min(top, len(assessments))
    matrix = matrix_of(assessments)
    shares = smaa(matrix, samples=samples, seed=seed, k=top, spread=spread)
    return Robustness(top, stability(matrix, top), shares)
