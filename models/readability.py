"""Readability hints for texts the family reads: Flesch-Douma (textstat, language nl), long sentences and
jargon with plain alternatives (models/language/jargon.yaml). Hints for the indiener and panel, never a block."""

import re
from functools import lru_cache
from pathlib import Path

import textstat
import yaml

JARGON_FILE = Path(__file__).resolve().parent / "language" / "jargon.yaml"
MAX_SENTENCE_WORDS = 20
SENTENCE = re.compile(r"(?<=[.!?])\s+")


@lru_cache
def jargon() -> dict[str, str]:
    return yaml.safe_load(JARGON_FILE.read_text(encoding="utf-8"))


def flesch_douma(text: str) -> float:
    textstat.set_lang("nl")
    return round(float(textstat.flesch_reading_ease(text)), 1)


def level(score: float) -> str:
    if score >= 60:
        return "makkelijk (ongeveer B1)"
    if score >= 40:
        return "redelijk moeilijk"
    return "moeilijk"


def hints(text: str) -> dict:
    text = text.strip()
    if not text:
        return {"flesch_douma": None, "level": "", "long_sentences": [], "jargon": []}
    score = flesch_douma(text)
    sentences = [s for s in SENTENCE.split(text) if s]
    long = [s for s in sentences if len(s.split()) > MAX_SENTENCE_WORDS]
    lowered = text.lower()
    found = [{"word": word, "plain": plain} for word, plain in jargon().items() if word in lowered]
    return {"flesch_douma": score, "level": level(score),
            "long_sentences": [{"sentence": s, "words": len(s.split())} for s in long], "jargon": found}


def request_hints(content) -> dict:
    """Per family-facing text of a request."""
    return {"summary": hints(content.summary), "goals": hints(" ".join(g for g in content.goals if g.strip()))}
