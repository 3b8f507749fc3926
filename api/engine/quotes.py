"""Rules that turn a parsed article into quotations with cues and speaker tokens.

Three passes, each over the whole document once:

1. every marked passage (``marks.py``) is attributed through the cue before it
   (``X said: "..."``, or a mixed quote inside the cue's complement), after it
   (``"...," X said``) or ending the paragraph before (``X said:``), or by a name and a
   colon (``X: "..."``); a passage inside
   the clause the previous passage's cue reports joins that mixed quote;
2. passages with no cue of their own continue the previous speaker, or repeat words
   someone says elsewhere (headlines); short ones left over are scare quotes and dropped;
3. reporting verbs whose complement holds no marks give indirect quotes,
   ``according to X`` gives one for the clause it qualifies, and so does a noun of
   saying with its owner (``X's claim that ...``).

Speakers are left as tokens here; ``speakers.py`` resolves them to people.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc, Token

from . import lexicon
from .marks import MarkedPassage
from .text import Blocks

_SENTENCE_END = frozenset({".", "!", "?"})
_EDGE_PUNCT = frozenset({",", ".", ";", ":", "—", "–", "-", "(", ")"})
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "dative"})
_WORD = re.compile(r"\w+")
# Headlines and subheadings are short; a body paragraph is longer.
_HEADLINE_WORDS = 20
_HEADLINE_CHARACTERS = 300
_TRAILING = re.compile(r"[ .,;:!?]*")
# A short line "Name: claim" with no sentence end, as in headlines.
_HEADLINE = re.compile(
    r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):[ \t]+([A-Z‘'“\"][^\n.!?]{10,120}?)[.]?[ \t]*(?:\n|$)"
)

# How sure each rule is; the product of these orders the quotes from surest to least sure.
CONFIDENCE = {
    "direct": 0.95,
    "mixed": 0.85,
    "continued": 0.8,
    "labelled": 0.8,
    "repeated": 0.7,
    "unattributed": 0.3,
    "indirect": 0.7,
    "according": 0.75,
    "belief": 0.4,
}


@dataclass
class Found:
    """A quotation found by the rules, before speakers are resolved."""

    type: str
    content: tuple[int, int]
    quoted: list[tuple[int, int]]
    cue: tuple[int, int, str] | None  # start, end, lemma
    speaker: int | None  # token index of the speaker's head
    rule: str

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule]


def is_cue(token: Token) -> bool:
    """A reporting verb or ``according`` (of ``according to``)."""
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "acl", "compound"):
        return False
    if lemma in lexicon.PARTICLE_VERBS:
        return _particle(token) is not None
    if lemma not in lexicon.SPEECH_VERBS and lemma not in lexicon.BELIEF_VERBS and lemma not in lexicon.TOPIC_VERBS:
        return False
    deps = {child.dep_ for child in token.children}
    if "auxpass" in deps and "agent" not in deps and lemma not in lexicon.CITING_VERBS:
        return False  # "it is believed that", "was declared"
    return True


def _particle(token: Token) -> Token | None:
    """The particle that makes the verb a reporting verb: "pointed out", "shot back"."""
    wanted = lexicon.PARTICLE_VERBS.get(token.lemma_.lower())
    for child in token.rights:
        if child.dep_ in ("prt", "advmod") and child.lower_ == wanted:
            return child
    return None


def cue_of(token: Token) -> tuple[int, int, str]:
    """The cue's span and lemma: particles join it ("pointed out"), ``to`` joins according."""
    end_token = token
    lemma = token.lemma_.lower()
    for child in token.rights:
        if child.dep_ == "prt" and child.i == end_token.i + 1:
            end_token = child
            lemma = f"{lemma} {child.lower_}"
    particle = _particle(token) if lemma in lexicon.PARTICLE_VERBS else None
    if particle is not None and particle.i == token.i + 1:
        end_token = particle
        lemma = f"{lemma} {particle.lower_}"
    if token.lower_ == "according":
        end_token = next(child for child in token.children if child.lower_ == "to")
        lemma = "according to"
    return token.idx, end_token.idx + len(end_token), lemma


def speaker_token(cue: Token, depth: int = 0) -> Token | None:
    """The head of the cue's speaker: subject, agent, cited object or ``according to``'s object."""
    if cue.lower_ == "according":
        for to in cue.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return _author(obj)
        return None
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    if lemma in lexicon.CITING_VERBS:
        for child in children:
            if child.dep_ == "dobj":
                return child
    for child in children:
        if child.dep_ == "nsubj":
            if child.tag_ in ("WP", "WDT") and cue.dep_ == "relcl":
                return cue.head
            return child
    if lemma in lexicon.READING_VERBS:
        for child in children:
            if child.dep_ == "dobj" and child.i > cue.i:
                return child
    for child in children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
        if child.dep_ == "nsubjpass" and lemma in lexicon.CITING_VERBS:
            return child
    if cue.dep_ in ("xcomp", "advcl", "conj", "pcomp") and depth < 3 and cue.head.pos_ in ("VERB", "AUX"):
        if cue.dep_ == "conj" and cue.i > 0 and cue.doc[cue.i - 1].text == ",":
            return None  # "extremists like Daesh, claimed to be ..." is no coordination
        head = cue.head
        if cue.dep_ == "conj" and head.dep_ == "ccomp" and is_cue(head.head):
            head = head.head  # "said that X and noted that Y": coordinated with "said", not with X
        return speaker_token(head, depth + 1)
    return None


def _author(obj: Token) -> Token:
    """``a report by SANA`` is SANA's."""
    if obj.lemma_.lower() in lexicon.SOURCE_NOUNS:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "of"):
                for author in prep.children:
                    if author.dep_ == "pobj":
                        return author
    return obj


def _leading_phrase(doc: Doc, start: int, end: int) -> Token | None:
    """The head of the noun phrase that opens tokens [start, end)."""
    for token in doc[start:end]:
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            while (
                start <= token.head.i < end
                and token.dep_ not in ("nsubj", "nsubjpass")
                and token.head.pos_ in ("NOUN", "PROPN")
            ):
                token = token.head
            return token
        if token.pos_ not in ("DET", "ADJ", "PUNCT", "SPACE", "NUM"):
            return None
    return None


def _nearest_subject(doc: Doc, cue: Token, floor: int) -> Token | None:
    """The noun phrase just left of a cue whose parse lost its subject."""
    # A subject the parser hung on an adjective or noun: "Syrian forces loyal to X claimed"
    stray = [t for t in doc[floor : cue.i] if t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ not in ("VERB", "AUX")]
    if stray:
        return stray[-1]
    i = cue.i - 1
    while i >= floor and (doc[i].pos_ in ("ADV", "AUX", "PART", "SPACE") or doc[i].text in (",", "—")):
        i -= 1
    if i < floor or doc[i].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    reported = {t.i for c in cue.children if c.dep_ == "ccomp" for t in c.subtree}
    token = found = doc[i]
    while token.dep_ in ("pobj", "prep", "compound", "flat", "appos") and floor <= token.head.i < token.i:
        if token.dep_ == "appos" and token.head.i in reported:
            break  # "... in Palmyra, a spokesperson of the army commented"
        token = token.head
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            found = token
    return found


class Rules:
    """The passes over one parsed document."""

    def __init__(self, doc: Doc, passages: list[MarkedPassage]) -> None:
        self.doc = doc
        self.text = doc.text
        self.blocks = Blocks(self.text)
        self.passages = passages
        self.starts = [token.idx for token in doc]
        self.token_block = [self.blocks.index(token.idx) for token in doc]
        # token index -> passage number, for tokens inside marks (marks included)
        self.inside: list[int] = [-1] * len(doc)
        self.bounds: list[tuple[int, int]] = []  # first and last token of each passage
        for number, passage in enumerate(passages):
            first = self._token_at(passage.outer[0])
            last = self._token_at(passage.outer[1] - 1)
            self.bounds.append((first, last))
            for i in range(first, last + 1):
                self.inside[i] = number
        self.used_cues: set[int] = set()

    def _token_at(self, offset: int) -> int:
        i = bisect_left(self.starts, offset)
        if i == len(self.starts) or self.starts[i] > offset:
            i -= 1
        return max(i, 0)

    def find(self) -> list[Found]:
        """Every quotation, in text order, speakers as token indices."""
        marked = self.attribute_rest(self.attribute_passages())
        quotes = marked + self.indirect(marked)
        quotes += self.headline_claims(quotes)
        quotes.sort(key=lambda q: q.content)
        return quotes

    # --- ranges of narrative around a passage -------------------------------------
    def _before(self, number: int) -> tuple[int, int]:
        """Tokens of the same sentence before the passage, back to the last one."""
        first, _ = self.bounds[number]
        block = self.token_block[first]
        start = first
        while start > 0 and self.token_block[start - 1] == block and self.inside[start - 1] == -1:
            previous = self.doc[start - 1]
            if previous.text in _SENTENCE_END or (previous.text.endswith(".") and previous.is_sent_end):
                break  # "... in Austin, Tex. “The talks start ...”"
            start -= 1
        return start, first

    def _after(self, number: int) -> tuple[int, int]:
        """Tokens after the passage up to the sentence end or the next passage."""
        _, last = self.bounds[number]
        block = self.token_block[last]
        end = last + 1
        while end < len(self.doc) and self.token_block[end] == block and self.inside[end] == -1:
            if self.doc[end].text in _SENTENCE_END:
                break
            end += 1
        return last + 1, end

    def _words(self, start: int, end: int) -> list[Token]:
        return [t for t in self.doc[start:end] if not t.is_punct and not t.is_space]

    def _span(self, start: int, end: int) -> tuple[int, int]:
        """Character span of tokens [start, end), trimmed of edge punctuation."""
        while start < end and (self.doc[start].text in _EDGE_PUNCT or self.doc[start].is_space):
            start += 1
        while end > start and (self.doc[end - 1].text in _EDGE_PUNCT or self.doc[end - 1].is_space):
            end -= 1
        if start >= end:
            return (self.doc[start].idx, self.doc[start].idx) if start < len(self.doc) else (0, 0)
        last = self.doc[end - 1]
        return self.doc[start].idx, last.idx + len(last)

    # --- pass 1: passages with a cue -----------------------------------------------
    def attribute_passages(self) -> list[Found | None]:
        found: list[Found | None] = []
        for number in range(len(self.passages)):
            quote = self._attribute(number)
            if quote is None and number and found[-1] is not None:
                quote = self._same_clause(number, found[-1])
            found.append(quote)
        return found

    def _same_clause(self, number: int, previous: Found) -> Found | None:
        """A passage inside the clause the previous passage's cue reports: one mixed quote.

        ``X said towns like Bath "have history," while "Leeds is a newcomer."``
        """
        if previous.cue is None or previous.speaker is None or previous.type != "mixed":
            return None
        cue = self.doc[self._token_at(previous.cue[0])]
        first, last = self.bounds[number]
        inside = cue.left_edge.i <= first and last <= cue.right_edge.i
        if not inside or self.token_block[first] != self.token_block[cue.i]:
            return None
        return self._complement(cue, self.doc[previous.speaker], number, cue.sent.start, self._after(number)[1])

    def _attribute(self, number: int) -> Found | None:
        passage = self.passages[number]
        first, last = self.bounds[number]
        before_start, before_end = self._before(number)
        after_start, after_end = self._after(number)
        before_cues = self._cues(before_start, before_end, leading=False)
        before_cues.sort(
            key=lambda c: (c[0].lemma_.lower() in lexicon.SPEECH_VERBS or c[0].lower_ == "according", c[0].i)
        )
        after_cues = self._cues(after_start, after_end, leading=True)
        quoted = list(passage.parts)
        before_words = self._words(before_start, before_end)
        intro = before_end > before_start and self.doc[before_end - 1].text in (":", ",")

        if before_cues and intro and before_cues[-1][0].lemma_.lower() not in lexicon.NEEDS_MARKS:
            cue, speaker = before_cues[-1]
            if self._clause_before(cue, first):  # 'X said that if ..., "..."'
                return self._complement(cue, speaker, number, before_start, after_end)
            return self._found("direct", passage.parts, quoted, cue, speaker)
        if after_cues and self._after_attributes(passage, after_start, *after_cues[0]):
            cue, speaker = after_cues[0]
            if before_words and cue.lower_ != "according":
                start = before_words[0].i
                content = (self._span(start, last + 1)[0], passage.outer[1])
                return self._found("mixed", [content], quoted, cue, speaker)
            return self._found("direct", passage.parts, quoted, cue, speaker)
        if before_cues:
            cue, speaker = before_cues[-1]
            if cue.left_edge.i <= first + 1 <= cue.right_edge.i:
                return self._complement(cue, speaker, number, before_start, after_end)
        if not before_words:
            return self._introduced(number)
        return self._labelled(number, before_start, before_end)

    def _labelled(self, number: int, before_start: int, before_end: int) -> Found | None:
        """``Jane Cole: "..."``: a name and a colon, as in transcripts and round-ups."""
        colon = before_end - 1
        if colon <= before_start or self.doc[colon].text != ":":
            return None
        name = self.doc[colon - 1]
        if name.pos_ != "PROPN" or name.ent_type_ not in ("PERSON", "ORG"):
            return None
        passage = self.passages[number]
        cue = (self.doc[colon].idx, self.doc[colon].idx + 1, ":")
        return Found("direct", (passage.start, passage.end), list(passage.parts), cue, name.i, "labelled")

    def _introduced(self, number: int) -> Found | None:
        """A paragraph that opens with the passage, after one that ends ``He said:``."""
        passage = self.passages[number]
        first, _ = self.bounds[number]
        block = self.token_block[first]
        if block == 0 or passage.outer[0] != self.blocks.starts[block]:
            return None
        colon = first - 1
        while colon >= 0 and self.doc[colon].is_space:
            colon -= 1
        if colon < 0 or self.doc[colon].text != ":" or self.inside[colon] != -1:
            return None
        start = colon
        while start > 0 and self.token_block[start - 1] == block - 1 and self.inside[start - 1] == -1:
            if self.doc[start - 1].text in _SENTENCE_END:
                break
            start -= 1
        cues = self._cues(start, colon, leading=False)
        if not cues or cues[-1][0].lemma_.lower() in lexicon.NEEDS_MARKS:
            return None
        return self._found("direct", passage.parts, list(passage.parts), *cues[-1])

    def _cues(self, start: int, end: int, leading: bool) -> list[tuple[Token, Token]]:
        """Cues in tokens [start, end) that have a speaker, with that speaker."""
        found = []
        for token in self.doc[start:end]:
            if is_cue(token):
                speaker = self._speaker(token, start, leading)
                if speaker is not None:
                    found.append((token, speaker))
        return found

    def _after_attributes(self, passage: MarkedPassage, after_start: int, cue: Token, speaker: Token) -> bool:
        """``"...," X said`` or ``"...," said X`` - not ``"..." and said something else``."""
        words = self._words(after_start, cue.i + 1)
        if not words or cue.i - after_start > 30:
            return False
        if cue.lower_ == "according":
            return True
        ends_sentence = self.text[passage.end - 1 : passage.end] in (".", "!", "?")
        if ends_sentence and any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
            return False  # a new sentence whose cue reports something else: "... The official said that ..."
        if words[0].i == cue.i:
            return speaker.i > cue.i  # "...," said John Kirby
        subjects = [speaker] + [c for c in cue.children if c.dep_ == "nsubj"]  # "Reuters cited a source as saying"
        opens_with_subject = any(min(s.left_edge.i, s.i) <= words[0].i <= s.i for s in subjects)
        # after a full stop only a short "X said." still attributes the quote
        closed = self.text[passage.end - 1 : passage.end] == "."
        return opens_with_subject and not (closed and cue.i - after_start > 4)

    def _clause_before(self, cue: Token, first: int) -> bool:
        """The cue's complement opens with words of its own between the cue and the marks."""
        for part in cue.rights:
            if part.dep_ in ("ccomp", "xcomp") and cue.i < part.left_edge.i < first:
                words = self._words(part.left_edge.i, first)
                if any(w.lower_ != "that" for w in words):
                    return True
        return False

    def _complement(self, cue: Token, speaker: Token, number: int, floor: int, ceiling: int) -> Found:
        """A passage inside what the cue reports: mixed, or direct if the marks hold all of it."""
        passage = self.passages[number]
        first, last = self.bounds[number]
        parts = [c for c in cue.rights if c.dep_ in _COMPLEMENTS or (c.dep_ == "prep" and c.lower_ == "as")]
        if parts:
            start = min(c.left_edge.i for c in parts)
            end = max(c.right_edge.i for c in parts) + 1
        else:
            start, end = cue.i + 1, last + 1
        start = max(floor, min(start, first))
        end = min(max(end, last + 1), ceiling)
        while start < first and (self.doc[start].lower_ == "that" or self.doc[start].is_punct):
            start += 1
        if start == first and end == last + 1:
            return self._found("direct", passage.parts, list(passage.parts), cue, speaker)
        content = self._span(start, end)
        # A mark that closes the passage belongs to the content.
        if end == last + 1:
            content = (content[0], passage.outer[1])
        return self._found("mixed", [content], list(passage.parts), cue, speaker)

    def _speaker(self, cue: Token, floor: int, leading: bool = False) -> Token | None:
        """The cue's speaker; when the parse lost it, the phrase before the cue.

        ``leading``: the cue follows a passage, so the phrase that opens the range up
        to the cue is the speaker (``"...," a member of X — a coalition — told Reuters``).
        """
        if self.inside[cue.i] != -1:
            return None
        found = speaker_token(cue)
        attached_to_quote = found is not None and self.inside[found.i] != -1
        if attached_to_quote:
            # '"Ca va," said Zoe Unal' parsed with two subjects: the one outside the marks
            outside = [c for c in cue.children if c.dep_ == "nsubj" and self.inside[c.i] == -1]
            if outside:
                found, attached_to_quote = outside[0], False
        if (found is None or attached_to_quote) and cue.lower_ != "according":
            found = _leading_phrase(self.doc, floor, cue.i) if leading else None
            if found is None and (leading or attached_to_quote or cue.dep_ == "ROOT"):
                # only where the parse plainly lost the subject, not for a verb it
                # attached inside a noun phrase ("forces loyal to X claimed")
                found = _nearest_subject(self.doc, cue, floor)
        if found is not None and self.inside[found.i] != -1:
            return None
        if found is not None and found.lower_ in lexicon.FIRST_PERSON:
            return None
        return found

    def _found(
        self,
        kind: str,
        content: Sequence[tuple[int, int]],
        quoted: Sequence[tuple[int, int]],
        cue: Token,
        speaker: Token,
    ) -> Found:
        self.used_cues.add(cue.i)
        start, end = content[0][0], content[-1][1]
        belief = cue.lemma_.lower() in lexicon.BELIEF_VERBS
        rule = "belief" if belief else kind
        return Found(kind, (start, end), list(quoted), cue_of(cue), speaker.i, rule)

    # --- pass 2: passages without a cue -------------------------------------------
    def attribute_rest(self, found: list[Found | None]) -> list[Found]:
        """Continue the previous speaker, then match headlines, then drop scare quotes."""
        quotes = list(found)
        families = Counter(p.family for p, q in zip(self.passages, found, strict=True) if q is not None)
        speech_family = families.most_common(1)[0][0] if families else None
        previous: tuple[int, Found] | None = None  # passage number, quote
        for number, quote in enumerate(quotes):
            if quote is None:
                quote = quotes[number] = self._continued(number, previous, speech_family)
            if quote is not None and quote.speaker is not None:
                previous = (number, quote)
        spoken = _Spoken([(self._norm(p), q) for p, q in zip(self.passages, quotes, strict=True) if q and q.speaker])
        for number, passage in enumerate(self.passages):
            if quotes[number] is None:
                quotes[number] = self._repeated(passage, spoken) or self._unattributed(number)
        return _merge([q for q in quotes if q is not None])

    def _continued(self, number: int, previous: tuple[int, Found] | None, speech_family: str | None) -> Found | None:
        """``"A," he said. "B."`` and a quote alone in the paragraph after its speaker's.

        A paragraph wholly in the marks the article does not quote speech with (``'Mines
        close, towns wait'`` where speech is in double marks) is a subheading.
        """
        if previous is None:
            return None
        before_start, before_end = self._before(number)
        if self._words(before_start, before_end):
            return None
        first, _ = self.bounds[number]
        prev_number, prev = previous
        prev_block = self.token_block[self.bounds[prev_number][1]]
        block = self.token_block[first]
        block_start = self.blocks.starts[block]
        passage = self.passages[number]
        same_paragraph = block == prev_block
        opens_next_paragraph = block == prev_block + 1 and passage.outer[0] == block_start
        if not (same_paragraph or opens_next_paragraph):
            return None
        if self.text[passage.end - 1] not in ".?!…,;:" and len(self._words(*self.bounds[number])) < 10:
            return None  # a heading, not more of the speech
        if passage.family != speech_family and self._whole_block(passage):
            return None
        return Found("direct", (passage.start, passage.end), list(passage.parts), None, prev.speaker, "continued")

    def _norm(self, passage: MarkedPassage) -> str:
        words = _WORD.findall(self.text[passage.start : passage.end].lower())
        return " " + " ".join(words) + " "

    def _block_span(self, offset: int) -> tuple[int, int]:
        """The paragraph around ``offset``, without its surrounding space."""
        block = self.blocks.index(offset)
        start = self.blocks.starts[block]
        end = self.blocks.starts[block + 1] if block + 1 < len(self.blocks.starts) else len(self.text)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def _ends_block(self, passage: MarkedPassage, end: int) -> bool:
        """Only punctuation follows the passage up to ``end`` (a match, not a copy: linear)."""
        trailing = _TRAILING.match(self.text, passage.outer[1], end)
        return trailing is not None and trailing.end() == end

    def _whole_block(self, passage: MarkedPassage) -> bool:
        start, end = self._block_span(passage.outer[0])
        return passage.outer[0] == start and self._ends_block(passage, end)

    def _in_headline(self, passage: MarkedPassage) -> bool:
        """The passage opens or closes a short paragraph: a headline or subheading."""
        start, end = self._block_span(passage.outer[0])
        if end - start > _HEADLINE_CHARACTERS or len(_WORD.findall(self.text, start, end)) > _HEADLINE_WORDS:
            return False
        return passage.outer[0] == start or self._ends_block(passage, end)

    def _repeated(self, passage: MarkedPassage, spoken: _Spoken) -> Found | None:
        """A headline that repeats words a speaker says in the body."""
        if not self._in_headline(passage):
            return None  # words from a quote, reused in a sentence of the body
        words = self._norm(passage)
        quote = spoken.saying(words) if len(words.split()) >= 2 else None
        if quote is None:
            return None
        return Found("direct", (passage.start, passage.end), list(passage.parts), None, quote.speaker, "repeated")

    def _unattributed(self, number: int) -> Found | None:
        """Long marked speech with no speaker in sight; short marked words are scare quotes."""
        first, last = self.bounds[number]
        words = self._words(first, last + 1)
        has_verb = any(t.pos_ in ("VERB", "AUX") and t.morph.get("VerbForm", []) == ["Fin"] for t in words)
        if len(words) < 6 or not has_verb:
            return None
        passage = self.passages[number]
        return Found("direct", (passage.start, passage.end), list(passage.parts), None, None, "unattributed")

    # --- pass 3: reported speech without marks -------------------------------------
    def indirect(self, taken: list[Found]) -> list[Found]:
        """Reported clauses first, then the objects and topics of speech acts.

        Clauses go first so that "Though X boasts of Y, Z, experts say" gives the
        experts' clause rather than the topic phrase inside it.
        """
        spans = sorted(q.content for q in taken)
        result: list[Found] = []
        cues = [t for t in self.doc if t.i not in self.used_cues and is_cue(t) and self.inside[t.i] == -1]
        candidates = [(token, found) for token in cues if (found := self._content(token)) is not None]
        ordered = [c for c in candidates if c[1][1]] + [c for c in candidates if not c[1][1]]
        for token, (content, _) in ordered:
            if content[1] - content[0] < 8 or _overlaps(spans, content):
                continue
            speaker = self._speaker(token, token.sent.start)
            if speaker is None:
                continue
            if content[0] < speaker.idx < content[1]:
                content = self._span(self._token_at(content[0]), min(speaker.left_edge.i, speaker.i))
                if content[1] - content[0] < 8:
                    continue
            belief = token.lemma_.lower() in lexicon.BELIEF_VERBS
            rule = "belief" if belief else "according" if token.lower_ == "according" else "indirect"
            quote = Found("indirect", content, [], cue_of(token), speaker.i, rule)
            result.append(quote)
            spans.append(content)
            spans.sort()
        for noun, clause, owner in self._claims():
            content = self._span(clause.left_edge.i, clause.right_edge.i + 1)
            if not _overlaps(spans, content):
                result.append(Found("indirect", content, [], cue_of(noun), owner.i, "indirect"))
                spans.append(content)
                spans.sort()
        result.sort(key=lambda q: q.content)
        return result

    def _claims(self) -> Iterator[tuple[Token, Token, Token]]:
        """``Tom Reed's claim that the bridge would reopen``: noun, its that-clause, its owner.

        Only a named owner (not "his claim", which needs the pronoun resolved first) and a
        complement clause ("that" as its conjunction, not a relative "that").
        """
        for noun in self.doc:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lexicon.CLAIM_NOUNS or self.inside[noun.i] != -1:
                continue
            owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
            clauses = [
                c
                for c in noun.rights
                if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ]
            if owners and clauses and self.token_block[clauses[0].right_edge.i] == self.token_block[noun.i]:
                yield noun, clauses[0], owners[0]

    def _content(self, cue: Token) -> tuple[tuple[int, int], bool] | None:
        """What the cue reports, and whether that is a clause (not an object or topic)."""
        if cue.lower_ == "according":
            content = self._according_clause(cue)
            return None if content is None else (content, True)
        return self._reported_clause(cue)

    def _reported_clause(self, cue: Token) -> tuple[tuple[int, int], bool] | None:
        lemma = cue.lemma_.lower()
        if lemma in lexicon.NEEDS_MARKS:
            return None
        parts = [
            c
            for c in cue.children
            if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and lemma in lexicon.INFINITIVE_SPEECH_VERBS and c.i > cue.i)
        ]
        if not parts and lemma in lexicon.OBJECT_SPEECH_VERBS:
            objects = [c for c in cue.rights if c.dep_ == "dobj"]
            if objects:
                # the object and what follows it: "accused Trump of using divisive rhetoric"
                rest = [c for c in cue.rights if c.i > objects[0].i and c.dep_ in ("prep", "oprd", "ccomp", "xcomp")]
                if lemma in lexicon.NAMING_VERBS and not any(c.dep_ != "prep" or c.lower_ == "as" for c in rest):
                    return None
                if objects[0].pos_ == "PRON" and not rest:
                    return None
                # a gerund the parser coordinated with the cue belongs to the object:
                # "accused Assad of building and maintaining a presence"
                rest += [c for c in cue.rights if c.dep_ == "conj" and c.tag_ == "VBG" and cue.tag_ != "VBG"]
                parts = objects + rest
        if not parts and (lemma in lexicon.SPEECH_VERBS or lemma in lexicon.TOPIC_VERBS):
            if not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in cue.children):
                topics = [
                    obj
                    for prep in cue.rights
                    if prep.dep_ == "prep" and prep.lower_ in lexicon.TOPIC_PREPOSITIONS
                    for obj in prep.children
                    if obj.dep_ in ("pobj", "pcomp")
                ]
                parts = topics[:1]
        if not parts:
            return None
        clausal = parts[0].dep_ in ("ccomp", "xcomp")
        start = min(c.left_edge.i for c in parts)
        end = max(c.right_edge.i for c in parts) + 1
        if self.token_block[start] != self.token_block[cue.i] or self.token_block[end - 1] != self.token_block[cue.i]:
            return None
        # "said that X and noted that Y", parsed with "noted" under X: the second cue
        # reports Y itself (only the parts' own children are looked at: linear overall)
        second = [
            c
            for part in parts
            for c in part.children
            if c.dep_ == "conj" and c.i > cue.i and is_cue(c) and any(g.dep_ == "ccomp" for g in c.children)
        ]
        if second:
            end = min(c.left_edge.i for c in second)
            while end > start and (self.doc[end - 1].dep_ == "cc" or self.doc[end - 1].is_punct):
                end -= 1
        if end <= start:
            return None
        return self._span(start, end), clausal

    def headline_claims(self, taken: list[Found]) -> list[Found]:
        """``Lynch: No outside influence on FBI probe`` - a headline that gives a speaker."""
        spans = sorted(q.content for q in taken)
        result = []
        for block, start in enumerate(self.blocks.starts):
            end = self.blocks.starts[block + 1] if block + 1 < len(self.blocks.starts) else len(self.text)
            match = _HEADLINE.match(self.text, start, end)
            if match is None or _overlaps(spans, (match.start(2), match.end(2))):
                continue
            name = self._token_at(match.end(1) - 1)
            colon = self._token_at(match.end(1))
            if self.doc[name].ent_type_ not in ("PERSON", "ORG"):
                continue
            result.append(
                Found(
                    "indirect",
                    (match.start(2), match.end(2)),
                    [],
                    (colon_idx := self.doc[colon].idx, colon_idx + 1, ":"),
                    name,
                    "indirect",
                )
            )
        return result

    def _according_clause(self, according: Token) -> tuple[int, int] | None:
        """The clause ``according to X`` qualifies: its sentence less the phrase."""
        sent = according.sent
        phrase_start, phrase_end = according.left_edge.i, according.right_edge.i + 1
        left = (sent.start, phrase_start)
        right = (phrase_end, sent.end)
        start, end = max(left, right, key=lambda r: len(self._words(*r)))
        if not self._words(start, end):
            return None
        return self._span(start, end)


class _Spoken:
    """Attributed passages, searchable for words someone repeats in one pass over them.

    Each text is `` word word `` (spaces around, single spaces inside), so a search for
    such a text never matches across two of them, which are joined with double spaces.
    """

    def __init__(self, texts: list[tuple[str, Found]]) -> None:
        self.joined = "".join(text for text, _ in texts)
        self.starts = list(accumulate((len(text) for text, _ in texts), initial=0))[:-1]
        self.quotes = [quote for _, quote in texts]

    def saying(self, words: str) -> Found | None:
        at = self.joined.find(words)
        return self.quotes[bisect_right(self.starts, at) - 1] if at >= 0 else None


def _overlaps(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    i = bisect_left(spans, span)
    for j in (i - 1, i):
        if 0 <= j < len(spans):
            other = spans[j]
            if other[0] < span[1] and span[0] < other[1]:
                return True
    return False


def _merge(quotes: list[Found]) -> list[Found]:
    """Passages that fall in one reported clause are one mixed quote."""
    merged: list[Found] = []
    for quote in quotes:
        last = merged[-1] if merged else None
        if last is not None and last.cue is not None and last.cue == quote.cue and last.content[1] > quote.content[0]:
            last.content = (last.content[0], max(last.content[1], quote.content[1]))
            last.quoted.extend(q for q in quote.quoted if q not in last.quoted)
            last.type = "mixed"
            continue
        merged.append(quote)
    return merged
