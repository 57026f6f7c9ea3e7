"""Finding the catalogue's phrases in what an indiener wrote: as whole words, and not when negated.

The phrases themselves (contradictions, doubts, 'not tried', danger terms, negation words) are catalogue data;
this module only knows how to look for them."""

import re

CLAUSE_END = re.compile(r"[.!?;:\n]")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _negated(said: str, start: int, end: int, negations: frozenset[str], window: int) -> bool:
    """A negation word among the `window` words before the phrase (in the same clause), or right after it."""
    if not negations:
        return False
    clause = CLAUSE_END.split(said[:start])[-1]
    before = _words(clause)[-window:] if window else []
    after = _words(CLAUSE_END.split(said[end:])[0])[:1]
    return any(w in negations for w in before + after)


def mentions(text: str, phrase: str, negations=(), window: int = 3, *, whole_words: bool = True) -> bool:
    """Does `text` say `phrase` (case-insensitive), at least once not negated? With whole_words=False the phrase
    is a stem that may sit inside a longer word ('gevaar' in 'levensgevaar', 'mishandel' in 'mishandeling')."""
    said, wanted = text.lower(), phrase.lower().strip()
    if not wanted:
        return False
    pattern = re.escape(wanted)
    if whole_words:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    negations = frozenset(w.lower() for w in negations)
    return any(not _negated(said, m.start(), m.end(), negations, window) for m in re.finditer(pattern, said))


def found(text: str, phrases: list[str], negations=(), window: int = 3, *, whole_words: bool = True) -> list[str]:
    """The phrases `text` says, in catalogue order."""
    return [p for p in phrases if mentions(text, p, negations, window, whole_words=whole_words)]


def answers_with(text: str, answers: list[str]) -> str | None:
    """The answer `text` is or begins with ('Nee.', 'Nog niet, want ...'), if any."""
    said = text.lower().strip()
    for answer in answers:
        wanted = answer.lower().strip()
        if wanted and re.match(rf"{re.escape(wanted)}(?!\w)", said):
            return answer
    return None
