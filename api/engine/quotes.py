"""Quotations in marks, then the rest: the passes over one parsed article.

1. every marked passage (``marks.py``) is attributed through the cue before it
   (``X said: "..."``, or a mixed quote inside what the cue reports), after it
   (``"...," X said``) or ending the paragraph before (``X said:``), by a name and a
   colon (``X: "..."``) or a clause and a colon (``The mayor was blunt: "..."``); a
   passage inside the clause the previous passage's cue reports joins that mixed quote;
   titles of works in marks are not quotations;
2. passages with no cue of their own continue the previous speaker, or repeat words
   someone says elsewhere (headlines), or are speech with no speaker in sight (a clause,
   a line of dialogue); short ones left over are scare quotes and dropped;
3. speech without marks (``reported.py``), kept where it overlaps none of the above.

Where a content span begins and ends is ``content.py``'s policy; speakers are left as
tokens here, and ``speakers.py`` resolves them to people.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from spacy.tokens import Token

from . import lexicon, tuning
from .article import SENTENCE_END as _SENTENCE_END
from .article import Article
from .candidates import Found, Offsets, merge
from .content import circumstance, clause_parts, first_word, loose_end, reported_parts, trim
from .cues import cue_of, is_cue
from .marks import MarkedPassage
from .reported import find_reported
from .results import QuoteType
from .rules import REGISTRY, RuleName
from .sources import according_over, owner, speaker_of
from .sources import can_speak as _can_speak
from .speakers import relative_antecedent

_WORD = re.compile(r"\w+")
# Words a title leaves in lower case: "One Hundred Years of Solitude".
_TITLE_SMALL_WORDS = frozenset("a an the of in on at to for and or but nor with by from as".split())
_TRAILING = re.compile(r"[ .,;:!?]*")
_DASHES = ("—", "–", "--")
# Prepositions and markers of a reason, purpose or condition: part of a claim, not of its saying.
_REASONS = frozenset({"because", "thanks", "due", "for", "despite", "without", "unless"})
_REASON_MARKS = frozenset({"if", "unless", "because", "although", "though", "so"})


class Rules:
    """The passes over one parsed document."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.doc = article.doc
        self.text = article.text
        self.blocks = article.blocks
        self.passages = article.passages
        self.token_block = article.token_block
        self.inside = article.inside
        self.bounds = article.bounds
        self._token_at = article.token_at
        self._words = article.words
        self.used_cues: set[int] = set()
        self.deadline = article.deadline

    def _span(self, start: int, end: int) -> tuple[int, int]:
        return trim(self.article, start, end)

    def find(self) -> list[Found]:
        """Every quotation, in text order, speakers as token indices."""
        marked = self.attribute_rest(self.attribute_passages())
        quotes = marked + find_reported(self.article, marked, self.used_cues)
        quotes.sort(key=lambda q: q.content)
        self._continue_reported(quotes)
        return quotes

    def _continue_reported(self, quotes: list[Found]) -> None:
        """``Prices will rise, she says. "But not for long."``: the marks go on with her.

        A passage with no speaker right after a reported clause whose cue ends the sentence
        before it, in the same paragraph, is more of that speaker's words.
        """
        for at in range(1, len(quotes)):
            previous, quote = quotes[at - 1], quotes[at]
            if quote.type != "direct" or quote.speaker is not None or previous.speaker is None:
                continue
            if previous.type != "indirect" or previous.cue is None:
                continue
            end = max(previous.content[1], previous.cue[1])
            gap = self.text[end : quote.content[0]]
            if "\n" in gap or len(_WORD.findall(gap)) > tuning.CONTINUED_GAP_WORDS or not any(c in gap for c in ".?!"):
                continue
            quotes[at] = replace(quote, speaker=previous.speaker, rule="continued-report")

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

    # --- pass 1: passages with a cue -----------------------------------------------
    def attribute_passages(self) -> list[Found | None]:
        found: list[Found | None] = []
        for number in range(len(self.passages)):
            self.deadline.check()
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
        # the passage opens inside the clause; a full stop within its marks may have made the
        # parser end the sentence before the passage does
        inside = cue.left_edge.i <= first <= cue.right_edge.i and self.article.sentence_start[first] <= cue.i
        if not inside or self.token_block[first] != self.token_block[cue.i]:
            return None
        start = self.article.sentence_start[cue.i]
        return self._complement(
            cue, self.doc[previous.speaker], number, start, self._after(number)[1], mixed="mixed-same-clause"
        )

    def _attribute(self, number: int) -> Found | None:
        """The first step, in the registry's precedence, that attributes the passage."""
        around = self._around(number)
        if around is None:
            return None
        for name in _PASSAGE_STEPS:
            found = _STEPS[name](self, around)
            if found is _STOP:
                return None
            if isinstance(found, Found):
                return found
        return None

    def _around(self, number: int) -> _Around | None:
        """The narrative around passage ``number`` and its cues; None for a title in marks."""
        passage = self.passages[number]
        first, last = self.bounds[number]
        before_start, before_end = self._before(number)
        after_start, after_end = self._after(number)
        before_cues = self._cues(before_start, before_end, leading=False)
        if self._is_title(passage) and not _names_it(before_cues, first):
            return None
        before_cues.sort(
            key=lambda c: (c[0].lemma_.lower() in lexicon.SPEECH_VERBS or c[0].lower_ == "according", c[0].i)
        )
        return _Around(
            number=number,
            passage=passage,
            first=first,
            last=last,
            before=(before_start, before_end),
            after=(after_start, after_end),
            before_cues=before_cues,
            after_cues=self._cues(after_start, after_end, leading=True),
            before_words=self._words(before_start, before_end),
        )

    def _cue_and_colon(self, at: _Around) -> Found | None:
        """``X said: "..."`` (``said-colon``), or a clause of the cue that opens before the marks."""
        before_start, before_end = at.before
        intro = before_end > before_start and self.doc[before_end - 1].text in (":", ",")
        if not (at.before_cues and intro and at.before_cues[-1][0].lemma_.lower() not in lexicon.NEEDS_MARKS):
            return None
        cue, speaker = at.before_cues[-1]
        if self._attributed_after(at):
            return None  # 'Ross went through the rules: "It is a mess," Lee said': the cue after names who
        if self._clause_before(cue, at.first):  # 'X said that if ..., "..."'
            return self._complement(cue, speaker, at.number, before_start, at.after[1])
        goes_on = self._goes_on(at)
        if goes_on is not None:  # 'X said, "We have a week to go" until the vote'
            content = (at.passage.outer[0], self._span(at.after[0], goes_on)[1])
            return self._found("mixed-report", "mixed", [content], at.passage.parts, cue, speaker)
        return self._found("said-colon", "direct", at.passage.parts, at.passage.parts, cue, speaker)

    def _attributed_after(self, at: _Around) -> bool:
        """Marks after a colon that a comma closes, then ``X said``: the attribution after them is theirs."""
        passage = at.passage
        if not at.after_cues or len(passage.parts) > 1 or self.text[passage.end - 1 : passage.end] != ",":
            return False  # a quote over paragraphs is the colon's: the cue after names who said its last one
        if self.doc[at.before[1] - 1].text != ":" or any(_reports(c[0], at.first) for c in at.before_cues):
            return False
        return self._after_attributes(passage, at.after[0], *at.after_cues[0])

    def _goes_on(self, at: _Around) -> int | None:
        """Where the sentence ends when the clause in the marks goes on after them with no cue
        of its own (``"We have a week to go" until the vote``), else None: a short phrase
        right after the closing mark, up to the sentence's end, no new clause ("and ...", "is
        that ..."), no time or place of the saying; marks that close on punctuation ("...,”")
        end the quote there."""
        after_start, after_end = at.after
        passage = at.passage
        if not self.text[passage.end - 1].isalnum() or at.after_cues or after_start >= len(self.doc):
            return None
        if after_end < len(self.doc) and self.token_block[after_end] == self.token_block[after_start]:
            if self.doc[after_end].text not in _SENTENCE_END:
                return None  # another passage follows in the sentence
        following = self.doc[after_start]
        if following.is_punct or following.is_space or following.pos_ == "CCONJ":
            return None
        if after_end - after_start > tuning.TRAILING_ADVERBIAL_TOKENS or not self._words(after_start, after_end):
            return None
        for token in self.doc[after_start:after_end]:
            outside = not after_start <= token.head.i < after_end or token.dep_ == "ROOT"
            if outside and token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm", []):
                return None  # '"the best thing" is that ...': a predicate of its own
            if outside and circumstance(token):
                return None  # '"..." on Monday', '"..." on Twitter': when or where it was said
        return after_end

    def _cue_after(self, at: _Around) -> Found | None:
        """``"...," X said`` (``said-after``), with words before the marks ``mixed-lead-in``."""
        reporting = [c for c in at.before_cues if _reports(c[0], at.first)]
        if reporting or not at.after_cues or not self._after_attributes(at.passage, at.after[0], *at.after_cues[0]):
            return None
        cue, speaker = at.after_cues[0]
        passage = at.passage
        introduced = at.before[1] > at.before[0] and self.doc[at.before[1] - 1].text == ":"
        if at.before_words and cue.lower_ != "according" and not introduced:
            content = (self._span(at.before_words[0].i, at.last + 1)[0], passage.outer[1])
            return self._found("mixed-lead-in", "mixed", [content], passage.parts, cue, speaker)
        return self._found("said-after", "direct", passage.parts, passage.parts, cue, speaker)

    def _run_on(self, at: _Around) -> Found | None:
        """``"..." and will reopen in May, Jane Cole said``: the clause goes on after the marks;
        with words of it before them too (``The bridge "is safe" for now, Jane Cole said``),
        ``mixed-lead-in``."""
        if not at.after_cues:
            return None
        continued = self._continued_clause(at.passage, at.after[0], at.after_cues[0])
        if not continued:
            return None
        cue, speaker = at.after_cues[0]
        passage = at.passage
        if at.before_words:
            before_start = at.before[0]
            if at.before_cues or (before_start and self.inside[before_start - 1] != -1):
                return None  # the marks may be in what a cue before them reports, or go on from others
            words = [w for w in at.before_words if w.dep_ != "cc" or w.i != at.before_words[0].i]
            if not words:
                return None
            start = self._span(_framed(words[0], at.first), at.last + 1)[0]  # not "But" that opens it
            return self._found("mixed-lead-in", "mixed", [(start, continued)], passage.parts, cue, speaker)
        return self._found("mixed-run-on", "mixed", [(passage.outer[0], continued)], passage.parts, cue, speaker)

    def _in_report(self, at: _Around) -> Found | _Stop | None:
        """Marks inside what a cue before them reports (``mixed-report``, ``said-before``)."""
        if not at.before_cues:
            return None
        cue, speaker = _outermost(at.before_cues)
        if (
            cue.lemma_.lower() in lexicon.BELIEF_VERBS
            and len(self._words(at.first, at.last + 1)) < tuning.BELIEF_QUOTE_WORDS
        ):
            return _STOP  # "thinks that cats are 'cuties'": a belief quotes nobody's words
        if cue.left_edge.i <= at.first + 1 <= cue.right_edge.i:
            return self._complement(cue, speaker, at.number, at.before[0], at.after[1])
        return None

    def _introduced_step(self, at: _Around) -> Found | _Stop | None:
        """Marks that open their sentence belong to a cue that ends the paragraph before, or to no one."""
        if at.before_words:
            return None
        return self._introduced(at.number) or _STOP

    def _labelled_step(self, at: _Around) -> Found | None:
        return self._labelled(at.number, *at.before) if at.before_words else None

    def _labelled(self, number: int, before_start: int, before_end: int) -> Found | None:
        """``Jane Cole: "..."``: a name and a colon, as in transcripts and round-ups."""
        colon = before_end - 1
        if colon <= before_start or self.doc[colon].text not in (":", "):"):
            return None
        name = self.doc[colon - 1]
        if ")" in (name.text, self.doc[colon].text[0]):
            # "Rep. Ann Lee (D-Ore.): '...'": the party and state are no part of the name
            opening = [i for i in range(before_start, colon) if self.doc[i].text == "("]
            if not opening or opening[-1] == before_start:
                return None
            name = self.doc[opening[-1] - 1]
        said = owner(name) if name.lemma_.lower() in lexicon.LABEL_NOUNS else None
        if said is not None and self.inside[said.i] == -1:
            name = said  # "Reed's reply: '...'", "Reed had a message for them: '...'"
        elif name.pos_ != "PROPN" or name.ent_type_ not in ("PERSON", "ORG"):
            # "The mayor was blunt: '...'": a clause with no verb of saying before the colon
            subjects = [t for t in self.doc[before_start:colon] if t.dep_ == "nsubj" and t.head.i < colon]
            if not subjects or not _can_speak(subjects[0]) or subjects[0].head.lemma_ != "be":
                return None
            name = subjects[0]
        passage = self.passages[number]
        at = self.doc[colon].idx + len(self.doc[colon].text) - 1
        cue = (at, at + 1, ":")
        return Found(
            type="direct",
            content=(passage.start, passage.end),
            quoted=tuple(passage.parts),
            cue=cue,
            speaker=name.i,
            rule="labelled",
        )

    def _is_title(self, passage: MarkedPassage) -> bool:
        """A title of a work or an event in marks: capitalised words, no sentence in them."""
        words = _WORD.findall(self.text, passage.start, passage.end)
        content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
        if (
            len(content) < tuning.TITLE_CONTENT_WORDS
            or len(words) > tuning.TITLE_WORDS
            or self.text[passage.end - 1] in ".!?,"
        ):
            return False
        return all(w[0].isupper() or w[0].isdigit() for w in content)

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
        return self._found("introduced", "direct", passage.parts, passage.parts, *cues[-1])

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
        if not words or cue.i - after_start > tuning.CUE_AFTER_TOKENS:
            return False
        if cue.lower_ == "according":
            return True
        phrase = relative_antecedent(speaker) or speaker
        if phrase.left_edge.i <= self._token_at(passage.outer[0]) <= phrase.right_edge.i:
            return False  # 'An “open door” policy that has been suggesting ...': the marks are in the speaker's phrase
        ends_sentence = self.text[passage.end - 1 : passage.end] in (".", "!", "?")
        if ends_sentence and any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
            return False  # a new sentence whose cue reports something else: "... The official said that ..."
        if words[0].i == cue.i:
            return speaker.i > cue.i  # "...," said John Kirby
        subjects = [speaker] + [c for c in cue.children if c.dep_ == "nsubj"]  # "Reuters cited a source as saying"
        opens_with_subject = any(min(s.left_edge.i, s.i) <= words[0].i <= s.i for s in subjects)
        # after a full stop only a short "X said." still attributes the quote
        closed = self.text[passage.end - 1 : passage.end] == "."
        return opens_with_subject and not (closed and cue.i - after_start > tuning.CUE_AFTER_SENTENCE_TOKENS)

    def _continued_clause(self, passage: MarkedPassage, after_start: int, found: tuple[Token, Token]) -> int | None:
        """Where a clause that goes on after the marks ends, when ", X said" follows it."""
        cue, speaker = found
        if self.text[passage.end - 1] in ".!?":
            return None
        commas = [t.i for t in self.doc[after_start : cue.i] if t.text == ","]
        if not commas or not self._words(after_start, commas[-1]):
            return None
        if not self._after_attributes(passage, commas[-1] + 1, cue, speaker):
            return None
        return self._span(after_start, commas[-1])[1]

    def _clause_before(self, cue: Token, first: int) -> bool:
        """The cue's complement opens with words of its own between the cue and the marks."""
        for part in cue.rights:
            if part.dep_ in ("ccomp", "xcomp") and cue.i < part.left_edge.i < first:
                words = self._words(part.left_edge.i, first)
                if any(w.lower_ != "that" for w in words):
                    return True
        return False

    def _complement(
        self,
        cue: Token,
        speaker: Token,
        number: int,
        floor: int,
        ceiling: int,
        mixed: RuleName = "mixed-report",
    ) -> Found:
        """A passage inside what the cue reports: mixed, or direct if the marks hold all of it."""
        passage = self.passages[number]
        first, last = self.bounds[number]
        _, parts = reported_parts(cue)
        parts += [c for c in cue.rights if c.dep_ in ("attr", "oprd") or (c.dep_ == "prep" and c.lower_ == "as")]
        if parts:
            start = first_word(parts)
            end = max(c.right_edge.i for c in parts) + 1
        else:
            start, end = cue.i + 1, last + 1
        start = max(floor, min(start, first))
        end = min(_trailing(cue, max(end, last + 1)), ceiling)
        if end > last + 1:
            end = max(loose_end(self.article, start, end), last + 1)
        while start < first and self.doc[start].is_punct:
            start += 1
        if start == first and end == last + 1:
            return self._found("said-before", "direct", passage.parts, passage.parts, cue, speaker)
        content = self._span(start, end)
        # A mark that closes the passage belongs to the content.
        if end == last + 1:
            content = (content[0], passage.outer[1])
        vouched = according_over(cue)
        if vouched is not None and self.inside[vouched.i] == -1:
            # 'According to the paper, Lee said the plan was "dead"': the paper is the source
            speaker = self._speaker(vouched, self.article.sentence_start[vouched.i]) or speaker
        return self._found(mixed, "mixed", [content], passage.parts, cue, speaker)

    def _speaker(self, cue: Token, floor: int, leading: bool = False) -> Token | None:
        return speaker_of(self.article, cue, floor, leading)

    def _found(
        self,
        rule: RuleName,
        quote_type: QuoteType,
        content: Sequence[Offsets],
        quoted: Sequence[Offsets],
        cue: Token,
        speaker: Token,
    ) -> Found:
        """A quote in marks through ``cue``; through a verb of belief, it is ``belief-marked``."""
        self.used_cues.add(cue.i)
        start, end = content[0][0], content[-1][1]
        if cue.lemma_.lower() in lexicon.BELIEF_VERBS:
            rule = "belief-marked"
        return Found(
            type=quote_type, content=(start, end), quoted=tuple(quoted), cue=cue_of(cue), speaker=speaker.i, rule=rule
        )

    # --- pass 2: passages without a cue -------------------------------------------
    def attribute_rest(self, found: list[Found | None]) -> list[Found]:
        """Continue the previous speaker, then match headlines, then drop scare quotes."""
        quotes = list(found)
        families = Counter(p.family for p, q in zip(self.passages, found, strict=True) if q is not None)
        speech_family = families.most_common(1)[0][0] if families else None
        previous: tuple[int, Found] | None = None  # passage number, quote
        for number, quote in enumerate(quotes):
            self.deadline.check()
            if quote is None:
                quote = quotes[number] = self._continued(number, previous, speech_family)
            if quote is not None and quote.speaker is not None:
                previous = (number, quote)
        spoken = _Spoken([(self._norm(p), q) for p, q in zip(self.passages, quotes, strict=True) if q and q.speaker])
        for number, passage in enumerate(self.passages):
            self.deadline.check()
            if quotes[number] is None:
                quotes[number] = self._repeated(passage, spoken) or self._unattributed(number, speech_family)
        return merge([q for q in quotes if q is not None])

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
        short = len(self._words(*self.bounds[number])) < tuning.HEADING_WORDS
        if not same_paragraph and short and self.text[passage.end - 1] not in ".?!…,;:":
            return None  # a heading, not more of the speech
        if passage.family != speech_family and self._whole_block(passage):
            return None
        return self._speech(passage, prev.speaker, "continued")

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

    def _broken_off(self, passage: MarkedPassage) -> bool:
        """The passage opens its paragraph and a dash follows its marks: a line of dialogue
        the narrative breaks into (“Stay out!”—and the door shut)."""
        start, _ = self._block_span(passage.outer[0])
        return passage.outer[0] == start and self.text.startswith(_DASHES, passage.outer[1])

    def _in_headline(self, passage: MarkedPassage) -> bool:
        """The passage opens or closes a short paragraph: a headline or subheading."""
        start, end = self._block_span(passage.outer[0])
        if (
            end - start > tuning.HEADLINE_CHARACTERS
            or len(_WORD.findall(self.text, start, end)) > tuning.HEADLINE_WORDS
        ):
            return False
        return passage.outer[0] == start or self._ends_block(passage, end)

    def _repeated(self, passage: MarkedPassage, spoken: _Spoken) -> Found | None:
        """A headline that repeats words a speaker says in the body."""
        if not self._in_headline(passage):
            return None  # words from a quote, reused in a sentence of the body
        words = self._norm(passage)
        quote = spoken.saying(words) if len(words.split()) >= tuning.REPEATED_WORDS else None
        if quote is None:
            return None
        return self._speech(passage, quote.speaker, "repeated")

    def _unattributed(self, number: int, speech_family: str | None) -> Found | None:
        """Marked speech with no speaker in sight: a clause, or a line of dialogue on its own.

        Short marked words inside a sentence are scare quotes; a paragraph that is only a
        passage ending in ``?``, ``!`` or ``.`` inside its marks ("Where?") is a line spoken.
        """
        first, last = self.bounds[number]
        passage = self.passages[number]
        words = self._words(first, last + 1)
        has_verb = any(t.pos_ in ("VERB", "AUX") and t.morph.get("VerbForm", []) == ["Fin"] for t in words)
        spoken_line = (
            self.text[passage.end - 1] in "?!."
            and speech_family in (passage.family, None)
            and (self._whole_block(passage) or self._broken_off(passage))
        )
        if not spoken_line and (len(words) < tuning.UNATTRIBUTED_WORDS or not has_verb):
            return None
        return self._speech(passage, None, "unattributed")

    @staticmethod
    def _speech(passage: MarkedPassage, speaker: int | None, rule: RuleName) -> Found:
        """The words in ``passage``, with no cue of their own."""
        quoted = tuple(passage.parts)
        return Found(
            type="direct", content=(passage.start, passage.end), quoted=quoted, cue=None, speaker=speaker, rule=rule
        )


def _framed(opening: Token, first: int) -> int:
    """Where the words of a mixed quote before its marks begin: at ``opening``, or at the
    object of a preposition that opens them and holds the marks: in 'In what she called a
    "rant," she said ...' the preposition frames the words, which begin at "what"."""
    if opening.dep_ != "prep" or opening.right_edge.i < first:
        return opening.i
    objects = [c for c in opening.children if c.dep_ in ("pobj", "pcomp") and c.right_edge.i >= first]
    return objects[0].left_edge.i if objects else opening.i


def _trailing(cue: Token, end: int) -> int:
    """``said the plan would “fail,” because of the cost``: a reason, purpose or condition
    after the clause that the parser hung on the cue is part of the claim (the speaker gave
    it), up to ``tuning.TRAILING_ADVERBIAL_TOKENS`` tokens; a time, a place or a venue of the
    saying ("on Monday", "at a rally") is not, nor is a participle ("adding ...")."""
    for child in cue.rights:
        if child.left_edge.i < end:
            continue
        gap = child.left_edge.i - end
        if gap > 1 or (gap == 1 and cue.doc[end].text != ","):
            break
        if child.right_edge.i + 1 - child.left_edge.i > tuning.TRAILING_ADVERBIAL_TOKENS:
            break
        if child.dep_ == "prep" and child.lower_ in _REASONS:
            end = child.right_edge.i + 1
        elif child.dep_ == "advcl" and child.tag_ not in ("VBG", "VBN") and _gives_reason(child):
            end = child.right_edge.i + 1
        else:
            break
    return end


def _gives_reason(clause: Token) -> bool:
    """ "if ...", "because ...", "to protect ...": a condition, reason or purpose."""
    return any(
        (c.dep_ == "mark" and c.lower_ in _REASON_MARKS) or (c.dep_ == "aux" and c.lower_ == "to" and c.i < clause.i)
        for c in clause.children
    )


def _reports(cue: Token, first: int) -> bool:
    """Whether token ``first`` lies in what ``cue`` reports: "After Ann said that the school
    was “too small,” Tom said ...": the marks are in Ann's clause, not Tom's report."""
    return any(p.left_edge.i <= first <= p.right_edge.i for p in reported_parts(cue)[1])


def _names_it(cues: list[tuple[Token, Token]], first: int) -> bool:
    """ "calls the town “Everytown, England”": a verb of naming just before the marks gives a
    name in Title Case that is a quote, not the title of a work."""
    return any(cue.lemma_.lower() in lexicon.NAMING_VERBS and first - cue.i <= tuning.NAMING_TOKENS for cue, _ in cues)


def _outermost(cues: list[tuple[Token, Token]]) -> tuple[Token, Token]:
    """The last cue, or the cue whose clause reports it: in "Ann Reyes said Tom Hale told her
    that ...", what Reyes said is all of "Tom Hale told her that ...".

    A cue coordinated with the reported verb and sharing its subject is a second cue of the
    same speaker, not a report inside the first: "says he likes her and calls her ..."; and
    a participle adds its subject's own act: in "Reyes said Hale calmed the room, telling
    staff “...”", the words are Hale's.
    """
    cue = cues[-1]
    if cue[0].dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue[0].children):
        return cue
    if cue[0].tag_ == "VBG" and cue[0].dep_ in ("advcl", "xcomp"):
        return cue
    for outer in cues[:-1]:
        lemma = outer[0].lemma_.lower()
        if lemma in lexicon.BELIEF_VERBS or outer[0].i >= cue[0].i:
            continue
        if any(p.left_edge.i <= cue[0].i <= p.right_edge.i for p in clause_parts(outer[0]) if p.i > outer[0].i):
            return outer
    return cue


class _Stop:
    """A step's answer that no later step may attribute the passage."""


_STOP = _Stop()


@dataclass(frozen=True, slots=True, kw_only=True)
class _Around:
    """One marked passage and what surrounds it in its sentence: the steps' common input."""

    number: int
    passage: MarkedPassage
    first: int  # first and last token of the passage, marks included
    last: int
    before: tuple[int, int]  # token ranges of the narrative before and after it
    after: tuple[int, int]
    before_cues: list[tuple[Token, Token]]  # cue and speaker, the likeliest last
    after_cues: list[tuple[Token, Token]]
    before_words: list[Token]


_Step = Callable[[Rules, _Around], "Found | _Stop | None"]
# Each step of pass 1 by the rule it stands for; they are tried in the registry's precedence.
_STEPS: dict[RuleName, _Step] = {
    "said-colon": Rules._cue_and_colon,
    "said-after": Rules._cue_after,
    "mixed-run-on": Rules._run_on,
    "mixed-report": Rules._in_report,
    "introduced": Rules._introduced_step,
    "labelled": Rules._labelled_step,
}
_PASSAGE_STEPS = sorted(_STEPS, key=lambda name: REGISTRY[name].precedence)


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
