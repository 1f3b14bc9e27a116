"""ConText over the tool's own tokens: which cues (negation, hypothesis, history, another
actor) reach a phrase match, and so whether the match is affirmed.

After Harkema et al. (2009) and medspaCy's `context` component: cues are data, each with a
direction and a scope; terminators end scopes; pseudo-cues look like cues and are not. The
work per statement is linear in its length: tokens, cues and clause chunks are found in one
pass each, and every scope is bounded (`window` words, at most `_MAX_ITEMS` list items)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from cooperation_scorer.model.rubric import Context, Cue

# "U.S." is one token, so its full stops end no scope; "doesn't" is "does" and "n't".
_TOKEN = re.compile(r"(?:[a-z]\.){2,}|\w+(?=n't\b)|n't\b|\w+(?:'\w+)*|[^\w\s]")
_TOKEN_ANY_CASE = re.compile(_TOKEN.pattern.replace("'", "['’]"), re.IGNORECASE)
_MAX_ITEMS = 12  # a cue carries over at most this many list items
_MAX_CUE_TOKENS = 8
_MAX_SKIP = 16  # punctuation and joiners a scope steps over to find its chunk
_SEPARATORS = frozenset({",", ":"})  # they end a clause chunk, but not a list


@dataclass(frozen=True)
class Modification:
    """One modifier of a match and the words that set it: ("negated", "None of")."""

    modifier: str
    cue: str
    where: str = ""  # the heading or lead-in it came from, when not the sentence itself

    def describe(self) -> str:
        """ "negated by 'None of'", "hypothetical: 'may later'" (typographic quotes)."""
        said = f"‘{self.cue}’"
        if self.where:
            said = f"{said} in “{self.where}”"
        if self.modifier == "negated":
            return f"negated by {said}"
        return f"{_LABELS.get(self.modifier, self.modifier)}: {said}"


_LABELS = {
    "other": "not the project's own act",
    "historical": "past",
    "hypothetical": "hypothetical",
    "double-negation": "affirmed by a double negation",
}
# The strongest modifier names the status of a match.
_STATUS_ORDER = ("negated", "other", "historical", "hypothetical")


def status_of(modifications: tuple[Modification, ...]) -> str:
    """ "affirmed", or the strongest modifier."""
    present = {m.modifier for m in modifications}
    return next((status for status in _STATUS_ORDER if status in present), "affirmed")


class _Token(NamedTuple):
    text: str  # lowercased, with a typographic apostrophe as '
    start: int
    end: int


def tokenize(text: str) -> list[_Token]:
    """Words, "n't" apart from its verb, and single punctuation marks."""
    # Lowercasing and the apostrophe keep every offset: one pass over the folded text.
    folded = text.lower().replace("’", "'")
    if len(folded) != len(text):  # a letter whose lower case is longer ("İ"): fold each token
        return [
            _Token(found.group(0).lower().replace("’", "'"), *found.span())
            for found in _TOKEN_ANY_CASE.finditer(text)
        ]
    return [_Token(found.group(0), *found.span()) for found in _TOKEN.finditer(folded)]


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(token.text for token in tokenize(phrase))


@dataclass(frozen=True)
class _CueHit:
    cue: Cue
    start: int  # token index of its first token
    end: int  # token index after its last token
    surface: str


@dataclass(frozen=True)
class _Chunk:
    start: int
    end: int
    words: int
    has_verb: bool
    separator: frozenset[str]  # the tokens between the previous chunk and this one
    holds: frozenset[str]  # the modifiers of the cues that start in it


class Compiled:
    """A rubric's context rules as lookup tables, built once."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.cues = _index([(cue, phrase) for cue in context.cues for phrase in cue.phrases])
        self.heading_cues = _index(
            [
                (cue, phrase)
                for cue in (*context.cues, *context.heading_cues)
                for phrase in cue.phrases
            ]
        )
        pseudo = Cue(modifier="negated", phrases=["-"])
        self.pseudo = _index([(pseudo, phrase) for phrase in context.pseudo_cues])
        self.terminators = frozenset(_phrase_tokens(" ".join(context.terminators)))
        self.joiners = frozenset(t.lower() for t in context.joiners)
        self.verbs = frozenset(v.lower() for v in context.clause_verbs)
        self.windows = {name: scope.window for name, scope in context.modifiers.items()}
        self.clausal = {name for name, scope in context.modifiers.items() if scope.clause}


_Index = dict[str, list[tuple[tuple[str, ...], Cue]]]


def _index(pairs: list[tuple[Cue, str]]) -> _Index:
    index: _Index = {}
    for cue, phrase in pairs:
        tokens = _phrase_tokens(phrase)[:_MAX_CUE_TOKENS]
        if tokens:
            index.setdefault(tokens[0], []).append((tokens, cue))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


_COMPILED: dict[int, Compiled] = {}


def compiled(context: Context) -> Compiled:
    """The tables for this rubric's context rules, built on first use."""
    found = _COMPILED.get(id(context))
    if found is None or found.context is not context:
        found = Compiled(context)
        _COMPILED[id(context)] = found
    return found


def _find(tokens: list[_Token], index: _Index) -> list[tuple[int, int, Cue]]:
    """Every cue of the index, the longest phrase at each place (with every cue that lists
    it), without overlaps; one pass."""
    hits: list[tuple[int, int, Cue]] = []
    position = 0
    while position < len(tokens):
        end = 0
        for phrase, cue in index.get(tokens[position].text, ()):
            if end and position + len(phrase) < end:
                break  # entries go longest first: the rest are shorter
            if position + len(phrase) <= len(tokens) and all(
                tokens[position + k].text == phrase[k] for k in range(1, len(phrase))
            ):
                end = position + len(phrase)
                hits.append((position, end, cue))
        position = end or position + 1
    return hits


class Reading:
    """One statement, tokenized, with its cues, their scopes, and its clause chunks."""

    def __init__(
        self,
        text: str,
        tables: Compiled,
        context: str = "",
        headings: dict[str, tuple[Modification, ...]] | None = None,
        heading: bool = False,
    ) -> None:
        self.text = text
        self.tables = tables
        self.tokens = tokenize(text)
        self.starts = [token.start for token in self.tokens]
        self.ends = [token.end for token in self.tokens]
        covered: set[int] = set()
        for start, end, _ in _find(self.tokens, tables.pseudo):
            covered.update(range(start, end))
        cues = tables.heading_cues if heading else tables.cues
        self.hits = [
            _CueHit(cue, start, end, text[self.tokens[start].start : self.tokens[end - 1].end])
            for start, end, cue in _find(self.tokens, cues)
            if not covered.intersection(range(start, end))
        ]
        self.hit_starts = [hit.start for hit in self.hits]
        self._chunks()
        self.scopes = [self._scope(hit) for hit in self.hits]
        # How far any cue of this statement reaches, in tokens: a match looks no further.
        self.reach = (
            max(
                (
                    max(hit.start - low, high - hit.end)
                    for hit, (low, high) in zip(self.hits, self.scopes, strict=True)
                ),
                default=0,
            )
            + _MAX_CUE_TOKENS
        )
        self.inherited: tuple[Modification, ...] = ()
        if context:
            known = {} if headings is None else headings
            if context not in known:
                known[context] = _from_context(context, tables)
            self.inherited = known[context]

    def _chunks(self) -> None:
        """Clause pieces between commas, joiners and terminators."""
        tables = self.tables
        holding: dict[int, set[str]] = {}
        for hit in self.hits:
            holding.setdefault(hit.start, set()).add(hit.cue.modifier)
        held: set[str] = set()
        self.chunks: list[_Chunk] = []
        self.chunk_of: list[int] = []
        separator: set[str] = set()
        start = None
        words = 0
        verb = False
        for index, token in enumerate(self.tokens):
            text = token.text
            if text in _SEPARATORS or text in tables.joiners or text in tables.terminators:
                if start is not None:
                    self._close(start, index, words, verb, separator, held)
                    separator, start, words, verb, held = set(), None, 0, False, set()
                separator.add(text)
                self.chunk_of.append(-1)
                continue
            if start is None:
                start = index
            if text[0].isalnum():
                words += 1
            verb = verb or text in tables.verbs
            held.update(holding.get(index, ()))
            self.chunk_of.append(len(self.chunks))
        if start is not None:
            self._close(start, len(self.tokens), words, verb, separator, held)

    def _close(
        self,
        start: int,
        end: int,
        words: int,
        verb: bool,
        separator: set[str],
        held: set[str],
    ) -> None:
        self.chunks.append(_Chunk(start, end, words, verb, frozenset(separator), frozenset(held)))

    def _is_terminated(self, chunk: _Chunk) -> bool:
        return bool(chunk.separator & self.tables.terminators)

    def _chunk_at(self, index: int, forward: bool) -> int | None:
        """The chunk of a token; for a separator, the next (or previous) chunk."""
        step = 1 if forward else -1
        stop = index + step * _MAX_SKIP
        while 0 <= index < len(self.tokens) and index != stop:
            if self.chunk_of[index] >= 0:
                return self.chunk_of[index]
            if self.tokens[index].text in self.tables.terminators:
                return None
            index += step
        return None

    def _list_run(self, first: int, step: int, modifier: str, repeated: str = "") -> int | None:
        """The last chunk of a list that continues from chunk `first` (exclusive), if any;
        `repeated` is a preposition whose repetition makes two items a list ("from A and
        from B")."""
        joiners = self.tables.joiners
        run: list[tuple[int, frozenset[str]]] = []
        here = first
        limit = self.tables.context.list_item_words
        while len(run) < _MAX_ITEMS:
            following = here + step
            if not 0 <= following < len(self.chunks):
                break
            between = self.chunks[max(here, following)]  # its separator lies before it
            chunk = self.chunks[following]
            if self._is_terminated(between):
                break
            if chunk.words > limit or chunk.has_verb or modifier in chunk.holds:
                break
            run.append((following, between.separator))
            here = following
        joined = [i for i, (_, separator) in enumerate(run) if separator & joiners]
        if not joined:
            return None
        last = joined[-1] if step > 0 else len(run) - 1
        kinds = set().union(*(separator for _, separator in run[: last + 1]))
        if kinds & (joiners - {"and"}) or last >= 1:
            return run[last][0]
        if repeated and self.tokens[self.chunks[run[0][0]].start].text == repeated:
            return run[0][0]
        return None

    def _scope(self, hit: _CueHit) -> tuple[int, int]:
        """The tokens a cue reaches, [low, high)."""
        tables = self.tables
        modifier = hit.cue.modifier
        window = hit.cue.window or tables.windows.get(modifier, 6)
        low = high = hit.start
        if hit.cue.direction in ("forward", "bidirectional"):
            high = self._forward(hit, window, modifier in tables.clausal)
        if hit.cue.direction in ("backward", "bidirectional"):
            low = self._backward(hit, window, modifier in tables.clausal)
        return low, max(high, hit.end)

    def _after_words(self, index: int, window: int) -> int:
        words = 0
        while index < len(self.tokens):
            if self.tokens[index].text[0].isalnum():
                words += 1
                if words > window:
                    return index
            index += 1
        return index

    def _before_words(self, index: int, window: int) -> int:
        words = 0
        while index > 0:
            index -= 1
            if self.tokens[index].text[0].isalnum():
                words += 1
                if words > window:
                    return index + 1
        return index

    def _clause_initial(self, start: int) -> bool:
        return start == 0 or self.tokens[start - 1].text in self.tables.terminators

    def _forward(self, hit: _CueHit, window: int, clausal: bool) -> int:
        tables = self.tables
        limit = self._after_words(hit.end, window)
        if not clausal:
            index = hit.end
            while index < limit and self.tokens[index].text not in tables.terminators:
                index += 1
            return index
        if hit.end >= len(self.tokens) or self.tokens[hit.end].text in tables.joiners:
            return hit.end  # the cue ends its chunk: "can't and won't work" is two cues
        at = self._chunk_at(hit.end, forward=True)
        if at is None:
            return hit.end
        if hit.cue.subject and self._clause_initial(hit.start):
            # A negated subject ("Nobody on the team, be they ..., will ever handle") reaches
            # through the clause to its verb and the verb's object.
            limit = self._after_words(hit.end, tables.context.subject_window)
            while not self.chunks[at].has_verb and at + 1 < len(self.chunks):
                following = self.chunks[at + 1]
                if (
                    self._is_terminated(following)
                    or {",", "and"} <= following.separator
                    or hit.cue.modifier in following.holds
                ):
                    break
                at += 1
            return min(self.chunks[at].end, limit)
        chunk = self.chunks[at]
        if chunk.end <= limit:
            repeated = self.tokens[hit.end - 1].text
            last = self._list_run(at, 1, hit.cue.modifier, repeated)
            if last is not None:
                return self.chunks[last].end
        return min(chunk.end, limit)

    def _backward(self, hit: _CueHit, window: int, clausal: bool) -> int:
        tables = self.tables
        limit = self._before_words(hit.start, window)
        if not clausal:
            index = hit.start
            while index > limit and self.tokens[index - 1].text not in tables.terminators:
                index -= 1
            return index
        before = hit.start - 1
        while before >= 0 and self.tokens[before].text == ":":
            before -= 1  # "Intelligence sharing: none"
        if before < 0 or self.chunk_of[before] < 0:
            # The cue opens its chunk: it reaches back only over a list ("Launch vehicles,
            # guidance systems and anything export-controlled are excluded" has its own chunk).
            at = self._chunk_at(hit.start, forward=True)
            if at is None or at == 0:
                return hit.start
            first = self._list_run(at, -1, "")
            return self.chunks[first].start if first is not None else hit.start
        at = self.chunk_of[before]
        chunk = self.chunks[at]
        if chunk.start >= limit:
            first = self._list_run(at, -1, "")
            if first is not None:
                return self.chunks[first].start
        return max(chunk.start, limit)

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """The tokens a character span covers."""
        return bisect_right(self.ends, start), max(bisect_left(self.starts, end), 1)

    def modifications(self, start: int, end: int, fact: str) -> tuple[Modification, ...]:
        """The modifiers of the phrase at [start, end) (characters), read for `fact`."""
        first, after = self.token_span(start, end)
        reach = self.reach
        low = bisect_left(self.hit_starts, first - reach)
        high = bisect_right(self.hit_starts, after + reach)
        negations = 0
        repeated = None
        found: list[Modification] = []
        for index in range(low, high):
            hit = self.hits[index]
            if hit.end > first and hit.start < after:
                continue  # a cue inside the phrase is part of what it says
            if hit.cue.facts and fact not in hit.cue.facts:
                continue
            scope_low, scope_high = self.scopes[index]
            if hit.start >= after:
                reached = scope_low <= after - 1 and hit.cue.direction != "forward"
            else:
                reached = first < scope_high and hit.cue.direction != "backward"
            if not reached:
                continue
            if hit.cue.modifier == "negated":
                if hit.cue.repeats:
                    repeated = repeated or hit
                    continue
                negations += 1
            found.append(Modification(hit.cue.modifier, hit.surface))
        found.extend(self.inherited)
        negations += sum(1 for m in self.inherited if m.modifier == "negated")
        negated = [m for m in found if m.modifier == "negated"]
        rest = [m for m in found if m.modifier != "negated"]
        if negations % 2 == 1:
            rest.insert(0, negated[-1] if negated[-1:] else Modification("negated", ""))
        elif negations == 0 and repeated is not None:
            rest.insert(0, Modification("negated", repeated.surface))
        elif negations:
            # A double negation ("cannot say that … has no military use") affirms.
            rest.append(Modification("double-negation", " … ".join(m.cue for m in negated)))
        return tuple(rest)


def _from_context(context: str, tables: Compiled) -> tuple[Modification, ...]:
    """Modifiers a heading or lead-in gives every statement under it: a cue whose scope
    reaches the end of the heading ("We will not fund:", "Out of scope", "Later phases")."""
    text = context.rstrip(":").rstrip()
    heading = Reading(text, tables, heading=True)
    tokens = heading.tokens
    found: list[Modification] = []
    seen = set()
    for hit, (_, high) in zip(heading.hits, heading.scopes, strict=True):
        ends_there = high >= len(tokens) or hit.end >= len(tokens)
        if hit.cue.direction == "backward":
            ends_there = hit.end >= len(tokens)
        if ends_there and hit.cue.modifier not in seen:
            seen.add(hit.cue.modifier)
            found.append(Modification(hit.cue.modifier, hit.surface, context))
    return tuple(found)
