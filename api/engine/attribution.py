"""From a parsed Doc to an :class:`Attribution`: the rules, the speakers they resolve, the result."""

from __future__ import annotations

from spacy.tokens import Doc

from .article import Article
from .budget import NO_DEADLINE, Deadline
from .candidates import Found
from .marks import find_passages
from .quotes import Rules
from .results import Attribution, Cue, Quote, Span, Speaker, SpeakerRef
from .speakers import Entity, Mention, Resolver


def attribute(doc: Doc, text: str, clean: str | None = None, *, deadline: Deadline = NO_DEADLINE) -> Attribution:
    """Quotations and speakers of a parsed ``doc`` whose source text is ``text``.

    The rules read the characters of ``clean``, the text's ``for_parsing`` copy: by default
    the Doc's own text, since the engine parses that copy. A Doc parsed from ``text`` itself
    (the spaCy component's) passes the copy, so that both read the same marks. The copy has
    the length of ``text``: offsets into either are offsets into ``text``. ``deadline``, the
    document's time budget, is checked between the passes and in their outer loops.
    """
    clean = doc.text if clean is None else clean
    passages = find_passages(clean)
    deadline.check()
    article = Article(doc, passages, clean, deadline)
    found = Rules(article).find()
    resolver = Resolver(doc, article.token_block, [n != -1 for n in article.inside], article.dateline)
    resolved: dict[int, tuple[Entity, Mention]] = {}
    for token in sorted({q.speaker for q in found if q.speaker is not None}):
        deadline.check()
        resolved[token] = resolver.resolve(token)
    return _build(text, found, resolved, resolver.entities)


def _build(
    text: str,
    found: list[Found],
    resolved: dict[int, tuple[Entity, Mention]],
    entities: list[Entity],
) -> Attribution:
    speaker_ids: dict[int, str] = {}
    quote_ids: dict[int, list[str]] = {}
    quotes: list[Quote] = []
    for number, item in enumerate(found, start=1):
        qid = f"q{number}"
        speaker = None
        confidence = item.confidence
        if item.speaker is not None:
            entity, mention = resolved[item.speaker]
            key = id(entity)
            if key not in speaker_ids:
                speaker_ids[key] = f"s{len(speaker_ids) + 1}"
            quote_ids.setdefault(key, []).append(qid)
            speaker = SpeakerRef(speaker_ids[key], entity.name, Span.of(text, mention.start, mention.end))
            if mention.pronoun and entity.name == mention.name:
                confidence *= 0.6  # a pronoun that nothing resolves
        cue = None
        if item.cue is not None:
            start, end, lemma = item.cue
            cue = Cue(Span.of(text, start, end), lemma)
        content = Span.of(text, *item.content)
        quoted = tuple(Span.of(text, s, e) for s, e in item.quoted)
        quotes.append(Quote(qid, item.type, content, quoted, cue, speaker, round(confidence, 3), item.rule))
    for entity in entities:  # the members of a group quoted are speakers too, quoted or not
        if id(entity) in speaker_ids:
            for member in entity.members:
                speaker_ids.setdefault(id(member), f"s{len(speaker_ids) + 1}")
    speakers = []
    for entity in entities:
        key = id(entity)
        if key not in speaker_ids:
            continue
        mentions = sorted({(m.start, m.end) for m in entity.mentions})
        descriptors: list[str] = []
        for m in entity.mentions:
            descriptors.extend(d for d in m.descriptors if d not in descriptors)
        speakers.append(
            Speaker(
                speaker_ids[key],
                entity.name,
                entity.kind,
                tuple(Span.of(text, s, e) for s, e in mentions),
                tuple(descriptors),
                tuple(quote_ids.get(key, ())),
                tuple(speaker_ids[id(member)] for member in entity.members),
            )
        )
    speakers.sort(key=lambda s: int(s.id[1:]))
    return Attribution(tuple(quotes), tuple(speakers), len(text))
