"""Every tuned number of the rules, named in one place (windows, lengths and caps).

Units are in the names: ``_WORDS`` count words (tokens that are not punctuation or
space), ``_TOKENS`` count tokens, ``_CHARACTERS`` count code points, ``_PARAGRAPHS``
count paragraphs. Each is a guess about English news style, checked with
``quotes-eval --by-rule`` on both halves of the dev set (EVALUATION.md), never fitted to it.
"""

from __future__ import annotations

# --- quotes in marks (quotes.py, marks.py) -------------------------------------------
# Marks nest at most this deep; deeper is not prose, and openers past it are ignored,
# which keeps every step of the scan bounded.
MARK_NESTING_DEPTH = 8
# Headlines and subheadings are short; a body paragraph is longer.
HEADLINE_WORDS = 20
HEADLINE_CHARACTERS = 300
# '"...," X said': the cue stands this close after the marks, and after a full stop
# only a short "X said." still attributes the quote before it.
CUE_AFTER_TOKENS = 30
CUE_AFTER_SENTENCE_TOKENS = 4
# "calls the town “Everytown”": a verb of naming this close before marks in Title Case.
NAMING_TOKENS = 4
# A title of a work: at most this many words, and at least two that are not small words.
TITLE_WORDS = 12
TITLE_CONTENT_WORDS = 2
# Marks after a verb of belief quote words only from this many words up ("a 'cutie'" no).
BELIEF_QUOTE_WORDS = 4
# A quote on its own in the next paragraph shorter than this, with no closing
# punctuation, is a heading rather than more of the speech.
HEADING_WORDS = 10
# Marked words with no speaker are speech only from this many words up (with a verb).
UNATTRIBUTED_WORDS = 6
# A headline repeats a speaker's words only with at least this many of them.
REPEATED_WORDS = 2
# A reason or condition after a mixed quote's marks that the parser hung on the cue
# ("...,” because of the cost"), or a phrase that finishes the clause in the marks after
# "said:" ('"We have a week to go" until the vote'), is part of the quote up to this many tokens.
TRAILING_ADVERBIAL_TOKENS = 15
# Marks after a reported clause continue it across at most this many words ("she says.").
CONTINUED_GAP_WORDS = 3

# --- reported speech (reported.py, content.py) --------------------------------------
# Shorter than this, a reported span is a fragment, not speech.
SHORTEST_REPORT_CHARACTERS = 4
# A headline "Name: claim": the name's words after its first, and the claim's length.
HEADLINE_NAME_WORDS = 3
HEADLINE_LABEL_CHARACTERS = 60
HEADLINE_CLAIM_CHARACTERS = (10, 120)
# How far into each paragraph a headline's colon is looked for.
HEADLINE_SCAN_CHARACTERS = 200
# A link or subheading in Title Case: a short paragraph of at least this many words.
TITLE_LINE_CHARACTERS = 200
TITLE_LINE_WORDS = 3
# No clause runs this long; looking further would make a run-on text quadratic.
LONGEST_CLAUSE_TOKENS = 200
# Lists in news run a few words an item; looking further would cost time for nothing.
LONGEST_LIST_TOKENS = 60

# --- sources and speakers (sources.py, speakers.py) -----------------------------------
# Verbs climbed, at most, from a cue to the verb whose subject speaks.
SOURCE_CLIMB_VERBS = 3
# Tokens looked at either side of a mention for the line (headline) it is on.
HEADLINE_REACH_TOKENS = 40
# Names in one coordination ("A, B and C said"), at most.
GROUP_MEMBERS = 8
# How many paragraphs a pronoun looks back for a speaker.
PERSON_WINDOW_PARAGRAPHS = 3
