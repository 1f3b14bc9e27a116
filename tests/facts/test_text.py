"""Statements: an over-long "sentence" is read in pieces, and nothing of it is lost."""

from __future__ import annotations

from cooperation_scorer.facts.text import LONGEST_SENTENCE, split_sentences


def test_a_real_sentence_is_never_cut() -> None:
    sentence = "Hydrologists from the three states " + "and their partners " * 40 + "meet."
    assert len(sentence) < LONGEST_SENTENCE
    assert split_sentences(sentence) == [sentence]


def test_an_over_long_sentence_is_cut_at_its_full_stops_and_semicolons() -> None:
    clause = "no military technology; no weapons. "
    text = clause * (2 * LONGEST_SENTENCE // len(clause))
    pieces = split_sentences(text)
    assert set(pieces) == {"no military technology;", "no weapons."}
    assert " ".join(pieces) == text.strip()


def test_a_run_on_text_with_no_stops_is_cut_between_words_losing_none() -> None:
    text = " ".join(f"word{i}" for i in range(3 * LONGEST_SENTENCE))
    pieces = split_sentences(text)
    assert all(len(piece) <= LONGEST_SENTENCE for piece in pieces)
    assert all(not piece.startswith(" ") and not piece.endswith(" ") for piece in pieces)
    assert " ".join(pieces) == text


def test_a_word_longer_than_the_bound_is_cut_too() -> None:
    text = "x" * (2 * LONGEST_SENTENCE + 7)
    pieces = split_sentences(text)
    assert [len(piece) for piece in pieces] == [LONGEST_SENTENCE, LONGEST_SENTENCE, 7]
    assert "".join(pieces) == text
