"""Paragraphs and sentences with character offsets into the article text.

spaCy's rule-based sentencizer on a tokenizer-only pipeline: it knows abbreviations such
as "U.S.", "Dec." and "Lt." from spaCy's tokenizer exceptions, and costs a fraction of
a parse. The full statistical pipeline runs later, only on sentences with event cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PARA = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article
    paragraph: int
    start: int  # character offsets into the article text
    end: int
    text: str
    first_in_paragraph: bool


@lru_cache(maxsize=1)
def _splitter():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph (blank-line separated)."""
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str) -> list[Sentence]:
    nlp = _splitter()
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        chunk = text[p_start:p_end]
        # single newlines inside a paragraph are line wraps or list items: split there too
        for line in re.finditer(r"[^\n]+", chunk):
            doc = nlp(line.group())
            for k, sent in enumerate(doc.sents):
                s_text = sent.text.strip()
                if not s_text:
                    continue
                start = p_start + line.start() + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                out.append(Sentence(index=len(out), paragraph=p_index, start=start,
                                    end=start + len(s_text), text=s_text,
                                    first_in_paragraph=(line.start() == 0 and k == 0)))
    return out
