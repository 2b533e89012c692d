"""Serbian names in both scripts: transliteration, the stored normalised form and search keys.

Serbian Cyrillic to Latin is one to one (to_latin); Latin to Cyrillic is ambiguous for the
digraphs lj, nj and dž (to_cyrillic is best effort). The gateway keeps a name as recorded plus
its normalised Latin form (normalise_name) and matches names on ASCII keys (search_keys).

Matching rule for callers: two names match when any key of one equals any key of the other.
search_keys gives a "dj" key and a "d" key because foreign systems write Đ as Dj or as D, so
Ђорђевић, Đorđević, Djordjevic and Dordevic all match. Cyrillic is never folded to ASCII
directly (generic tools turn Ђорђевић into "Djordjevitsh"): it is transliterated to Serbian
Latin first, then folded with an explicit table.

Pure: no I/O, standard library only.
"""

from __future__ import annotations

import re
import unicodedata

# The Serbian Cyrillic alphabet and its Latin counterpart, in alphabet order.
_CYRILLIC_ALPHABET = "АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ"
_LATIN_ALPHABET = (
    *("A", "B", "V", "G", "D", "Đ", "E", "Ž", "Z", "I", "J", "K", "L", "Lj", "M"),
    *("N", "Nj", "O", "P", "R", "S", "T", "Ć", "U", "F", "H", "C", "Č", "Dž", "Š"),
)
_TO_LATIN = {
    **dict(zip(_CYRILLIC_ALPHABET, _LATIN_ALPHABET, strict=True)),
    **dict(zip(_CYRILLIC_ALPHABET.lower(), map(str.lower, _LATIN_ALPHABET), strict=True)),
}
_TO_CYRILLIC = {latin: cyrillic for cyrillic, latin in _TO_LATIN.items()}
_TO_CYRILLIC.update({latin.upper(): _TO_CYRILLIC[latin] for latin in _LATIN_ALPHABET})
# Unicode's one-character digraphs (Ǆ ǅ ǆ Ǉ ǈ ǉ Ǌ ǋ ǌ), found in text converted from old encodings.
_TO_CYRILLIC.update(zip("ǄǅǆǇǈǉǊǋǌ", "ЏЏџЉЉљЊЊњ", strict=True))
_LATIN_TOKEN = re.compile("|".join(key for key in _TO_CYRILLIC if len(key) == 2) + "|.", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")

# Word beginnings where lj, nj or dž are two letters, not a digraph; "|" marks the split.
_SPLIT_PREFIXES = ("nad|živ", "nad|žnj", "pod|ž", "pred|ž", "in|jek", "kon|jug", "kon|junk")
_SPLITS = tuple((prefix.replace("|", ""), prefix.index("|")) for prefix in _SPLIT_PREFIXES)

# Space, hyphen, apostrophe, right single quotation mark (the typographic apostrophe), dot.
_NAME_PUNCTUATION = frozenset(" -'\u2019.")

# Serbian Latin letters folded to ASCII; "ð" is the Icelandic eth, the look-alike of "đ" that
# keyboards and old encodings substitute for it.
_FOLD_DJ = {"đ": "dj", "ð": "dj", "ž": "z", "č": "c", "ć": "c", "š": "s"}
_FOLD_D = {**_FOLD_DJ, "đ": "d", "ð": "d"}
# Latin letters of other languages that have no Unicode decomposition to fold them by
# (U+0131 is the Turkish dotless i).
_FOLD_FOREIGN = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "\u0131": "i", "þ": "th"}
# Apostrophes: ASCII, typographic (U+2019), modifier letter (U+02BC) and the grave accent.
_KEY_DROPPED = re.compile("['\u2019\u02bc`]")
_KEY_SEPARATORS = re.compile(r"[\s\-\u2010\u2011.]+")


def is_cyrillic(text: str) -> bool:
    """Tell whether the text contains any letter of the Serbian Cyrillic alphabet."""
    return any(char in _TO_LATIN for char in text)


def to_latin(text: str) -> str:
    """Transliterate Serbian Cyrillic to Serbian Latin; other characters pass through.

    Љ, Њ and Џ become LJ, NJ and DŽ among capitals (ЉУБИША → LJUBIŠA) and Lj, Nj and Dž
    otherwise (Љубиша → Ljubiša, a lone Љ → Lj).
    """
    return "".join(_latin_letter(text, index) for index in range(len(text)))


def to_cyrillic(text: str) -> str:
    """Transliterate Serbian Latin to Serbian Cyrillic, best effort; other characters pass through.

    The text is first put in Unicode NFC. Lj, nj and dž are read as the digraphs Љ, Њ and Џ,
    which is usually right for names but not always: in nadživeti the d and ž are two letters
    (надживети), in injekcija the n and j (инјекција). A short list of word beginnings where
    the letters are known to be separate (nadživ-, nadžnj-, podž-, predž-, injek-, konjug-,
    konjunk-) is honoured; any other word is read with digraphs. Letters outside the Serbian
    alphabet (q, w, x, y, ä ...) are kept as they are.
    """
    return _WORD.sub(
        lambda word: _word_to_cyrillic(word.group()), unicodedata.normalize("NFC", text)
    )


def normalise_name(text: str) -> str:
    """Return the stored normalised Latin form of a name; raise ValueError if it is not a name.

    The form is Unicode NFC, Serbian Cyrillic transliterated to Latin, surrounding whitespace
    stripped and inner whitespace collapsed to single spaces, with the casing as given. A name
    holds letters of any script (with their combining marks), spaces, hyphens, apostrophes and
    dots, and at least one letter.
    """
    collapsed = " ".join(unicodedata.normalize("NFC", text).split())
    if not collapsed:
        raise ValueError("the name is empty")
    for char in collapsed:
        if not _may_be_in_name(char):
            raise ValueError(f"a name cannot contain {_describe(char)}")
    if not any(char.isalpha() for char in collapsed):
        raise ValueError("a name needs at least one letter")
    return to_latin(collapsed)


def search_keys(text: str) -> tuple[str, str]:
    """Return the name's lower-case matching keys, ASCII for Latin names: ("dj" key, "d" key).

    The text is transliterated to Serbian Latin, then Đ is folded to dj or d, Ž to z, Č and Ć
    to c, Š to s (so Dž gives dz); other Latin diacritics are removed by Unicode decomposition
    (ä → a, é → e). Apostrophes are dropped; whitespace, hyphens and dots become single spaces.
    Letters of other scripts are kept, lower-cased, so that such names keep distinct keys.
    """
    latin = to_latin(unicodedata.normalize("NFC", text)).casefold()
    return _fold(latin, _FOLD_DJ), _fold(latin, _FOLD_D)


def _latin_letter(text: str, index: int) -> str:
    """Transliterate the character at index, choosing the case of a digraph from its word."""
    char = text[index]
    latin = _TO_LATIN.get(char, char)
    if len(latin) == 2 and char.isupper() and _among_capitals(text, index):
        return latin.upper()
    return latin


def _among_capitals(text: str, index: int) -> bool:
    """Tell whether the letter at index is in an all-capitals word, judged by its neighbours."""
    if index + 1 < len(text) and text[index + 1].isalpha():
        return text[index + 1].isupper()
    return index > 0 and text[index - 1].isupper()


def _word_to_cyrillic(word: str) -> str:
    """Transliterate one Latin word, keeping the known non-digraph beginnings apart."""
    lowered = word.lower()
    for prefix, split in _SPLITS:
        if lowered.startswith(prefix):
            return _letters_to_cyrillic(word[:split]) + _letters_to_cyrillic(word[split:])
    return _letters_to_cyrillic(word)


def _letters_to_cyrillic(latin: str) -> str:
    """Transliterate Latin letters, reading lj, nj and dž as digraphs."""
    return _LATIN_TOKEN.sub(lambda token: _TO_CYRILLIC.get(token.group(), token.group()), latin)


def _may_be_in_name(char: str) -> bool:
    """Tell whether a character may appear in a name: a letter, a mark or allowed punctuation."""
    return unicodedata.category(char)[0] in "LM" or char in _NAME_PUNCTUATION


def _describe(char: str) -> str:
    """Describe a character by code point and name, so an error does not repeat the name."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '(unnamed character)')}"


def _fold(latin: str, serbian_fold: dict[str, str]) -> str:
    """Fold lower-case Latin text to a matching key with the given table for Serbian letters."""
    serbian = "".join(serbian_fold.get(char, char) for char in latin)
    decomposed = unicodedata.normalize("NFKD", serbian)
    bases = "".join(
        _FOLD_FOREIGN.get(char, char) for char in decomposed if not unicodedata.combining(char)
    )
    return " ".join(_KEY_SEPARATORS.sub(" ", _KEY_DROPPED.sub("", bases)).split())
