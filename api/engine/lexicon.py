"""Word lists the rules use: reporting verbs, roles, pronouns.

Written from general knowledge of English news style, not fitted to any corpus.
"""

from __future__ import annotations

# Verbs of saying: their subject is a speaker, their complement what was said. The
# families of English communication verbs (say, tell, manner of speaking, complaint,
# advice, promise, request, confession, announcement; VerbNet's 37.x classes and their
# everyday news synonyms).
SPEECH_VERBS = frozenset(
    """
    say tell add note write warn explain state claim argue insist comment remark
    announce declare report reply respond answer ask acknowledge admit confirm deny
    suggest stress emphasize emphasise caution concede contend assert maintain observe
    predict promise vow pledge urge recall reiterate repeat testify tweet post quip joke
    shout yell scream whisper describe call cite quote continue conclude complain
    criticize criticise accuse praise mention disclose reveal indicate affirm allege
    boast brag counter exclaim opine proclaim protest reason recount signal speculate
    threaten underline underscore inform assure agree disagree lament concur retort
    charge demand propose estimate forecast advise hint muse wonder question
    read
    confess divulge imply swear guarantee grumble mourn object relate restate clarify
    specify rebut inquire enquire plead beg implore request recommend counsel notify
    remind blog text email e-mail surmise theorize theorise posit decree mutter
    murmur mumble cry snap bark growl sigh sneer scoff gush rave rant thunder bellow
    roar shriek hiss stammer stutter marvel volunteer whimper sob gasp plead wail groan
    acknowledge reassure explain elaborate testify preach proclaim broadcast publicize
    publicise tout trumpet vouch attest certify contend rejoin interject chime
    boom chant holler howl moan rasp sing snarl whine drawl croon purr beam
    """.split()
)
# Verbs of thinking: attributions that are not speech, reported with less confidence.
BELIEF_VERBS = frozenset(
    """
    believe think fear hope doubt worry suspect
    """.split()
)
# Verbs that report speech only with their particle: "pointed out".
PARTICLE_VERBS = {
    "point": "out",
    "spell": "out",
    "lash": "out",
    "speak": "out",
    "shoot": "back",
    "fire": "back",
    "hit": "back",
}
# '“We grow stronger,” read the email': the parser takes the text that speaks for an
# object when it follows the verb.
READING_VERBS = frozenset("read".split())
# Nouns of saying whose that-clause is what was said: "Tom Reed's claim that ...".
CLAIM_NOUNS = frozenset(
    """
    claim assertion statement suggestion warning promise pledge accusation allegation
    insistence argument contention remark comment announcement admission denial
    prediction vow threat assurance charge
    declaration insinuation complaint confession testimony boast proposal demand
    criticism attack praise call plea appeal request recommendation observation
    explanation response reply answer message point case
    """.split()
)
# Nouns of saying whose to-infinitive is what was said: "her promise to cut taxes".
INFINITIVE_NOUNS = frozenset("call promise pledge vow threat demand plea appeal offer".split())
# Nouns of saying whose topic phrase is what was said: "his criticism of the plan",
# "her attacks on the mayor", "calls for a ceasefire".
TOPIC_NOUNS = frozenset(
    """
    criticism attack praise call plea appeal remark comment complaint question
    condemnation denunciation defense defence accusation warning
    """.split()
)
# Verbs whose subject receives the criticism, praise or attacks their object names:
# "the plan drew criticism from Reed", "Lopez faced attacks over the vote".
RECEIVING_VERBS = frozenset("draw receive face get attract earn garner win spark provoke prompt invite".split())
# Nouns of saying that, before a colon, label the quote after it: "Her reply: '...'".
LABEL_NOUNS = frozenset(
    "reply response answer message note retort verdict advice warning comment statement tweet slogan motto".split()
)
# Nouns of saying whose "for" names the one addressed: "a question for the mayor".
ADDRESSED_NOUNS = frozenset("question message answer reply response warning".split())
# Speech verbs whose to-infinitive is what was said ("vowed to rebuild Palmyra",
# "urged voters to stay home", "asked the court to rule").
INFINITIVE_SPEECH_VERBS = frozenset(
    "claim vow promise pledge threaten urge ask tell warn advise request implore beg agree offer".split()
)
# Verbs of intending: a verb of saying in their infinitive is not yet said ("plans to
# announce her bid", "hopes to persuade the council"); not "declined to comment", "refused
# to confirm", which report a reply.
INTENT_VERBS = frozenset("want plan hope intend expect try seek aim decide prepare wish".split())
# Verbs that only report speech when quoted words follow ("continued: '...'").
NEEDS_MARKS = frozenset("continue quote".split())
# Speech acts whose object is what was said ("praised the president's actions",
# "accused Reed of lying", "called him a liar", "noted the deadline"): verbs of
# judgement (VerbNet's 33 and 37.x acts of praise and blame) and of telling a thing.
# Not verbs of stance or action whose object is a person or a deed ("endorsed Smith",
# "rejected the bill", "pledged $5 million"), nor "attacked", which news uses of armies.
OBJECT_SPEECH_VERBS = frozenset(
    """
    praise criticize criticise accuse slam blast condemn denounce discuss cite
    mention repeat dismiss emphasize emphasise announce deny question call describe
    defend blame applaud mock urge warn reiterate acknowledge admit tout decry lambaste
    rebuke label dub brand predict disclose reveal confirm note stress tweet post report
    claim demand suggest promise insist explain recount recall concede deride ridicule
    scold chide berate castigate chastise assail fault commend hail laud excoriate
    skewer trash bash taunt insult lament bemoan quote propose proclaim declare thank
    echo say portray characterize characterise depict paint cast refer
    """.split()
)
# Verbs of judgement whose passive reports what unnamed critics or admirers said: "Reed has
# been criticized for his silence", "was widely condemned as reckless", "has been accused of fraud".
JUDGEMENT_VERBS = frozenset(
    """
    criticize criticise accuse condemn denounce blame praise slam blast mock ridicule fault
    hail applaud rebuke chastise castigate decry lambaste assail deride
    """.split()
)
# Verbs of assault that news also uses of words ("Reed attacked Hale over the budget"):
# a speech act only between people, never of armies or places.
ASSAULT_VERBS = frozenset("attack".split())
# Verbs that put a question: in the passive ("was asked whether") the asker is unnamed.
QUESTION_VERBS = frozenset("ask question".split())
# What one concedes in giving up, not a point granted: "conceded the race to Reed".
CONTEST_NOUNS = frozenset("race election defeat nomination primary contest seat".split())
# What is told, as the object of "tell" ("told their stories", "a different tale"), where
# any other object is the one told ("told reporters"); not "tell the truth" (be honest) nor
# "tell jokes", a performance.
TOLD_NOUNS = frozenset("story tale anecdote lie secret version account".split())
# Verbs whose object is the one spoken to, not what was said: "told reporters that".
ADDRESSEE_VERBS = frozenset(
    """
    tell inform assure reassure notify remind warn advise ask urge brief caution
    promise persuade convince teach show beg implore
    """.split()
)
# "commented on the deal", "spoke about the war", "called for a ceasefire": the
# preposition's object is what was said about.
TOPIC_PREPOSITIONS = frozenset("about on of for against".split())
# Occasions of speech: "praised the plan in an interview", "attacked Reed during the
# debate" - where it was said, not what.
OCCASION_NOUNS = frozenset(
    """
    interview speech remark remarks statement address debate rally hearing briefing
    conference session appearance op-ed editorial column letter post tweet email memo
    testimony sermon lecture meeting event forum show program programme broadcast
    """.split()
)
# Where or how something was said, not what about: "wrote on Twitter", "spoke on air".
MEDIUM_NOUNS = frozenset(
    """
    twitter facebook instagram youtube tiktok linkedin reddit snapchat telegram
    television tv radio air camera phone telephone record stage podcast blog website
    internet online floor podium pulpit plane flight bus train trail page feed channel
    """.split()
)
# The prepositions that put a saying on an occasion: "in an interview", "at a rally",
# "during the debate", "on the show".
OCCASION_PREPOSITIONS = frozenset("in at during on".split())
# "pointed to the record", "referred to the deal": "to" names the topic only after these.
TO_TOPIC_VERBS = frozenset("point".split())
TOPIC_VERBS = frozenset("talk speak rail weigh elaborate harp reflect brag boast point".split())
# Naming verbs report speech only with what the object was called: "called him a liar",
# "described it as a victory" - not "Putin called al-Assad on Sunday".
NAMING_VERBS = frozenset("call describe label dub brand portray characterize characterise depict paint cast".split())
# "Reuters cited a military source as saying": the object is the speaker.
CITING_VERBS = frozenset("cite quote".split())
# "according to a report by SANA": the speaker is the report's author.
SOURCE_NOUNS = frozenset(
    """
    report statement study survey poll data figures release communique announcement
    petition letter email memo ad advertisement editorial column tweet post video
    """.split()
)

# Words that end a name a headline in Title Case runs on into: "Lee Says He Will Run".
HEADLINE_STOP_WORDS = frozenset(
    """
    he she it they we i you who whom whose why what how when where which that this
    is are was were be been will would can could shall should may might must has have had
    does did do not never just now also
    said told wrote spoke
    """.split()
)
PERSON_PRONOUNS = frozenset("he she him her".split())
GROUP_PRONOUNS = frozenset("they them".split())
THING_PRONOUNS = frozenset("it".split())
FIRST_PERSON = frozenset("i we me us".split())

# Nouns for people by role: "the U.S. official" may refer back to a named speaker.
PERSON_ROLES = frozenset(
    """
    official spokesman spokeswoman spokesperson analyst expert minister president
    secretary ambassador envoy adviser advisor director general leader chief senator
    governor mayor candidate commander officer member professor researcher fellow
    diplomat lawmaker representative aide correspondent journalist reporter spokesperson
    economist scholar historian activist lawyer attorney judge prosecutor chairman
    chairwoman chair ceo founder manager executive head insider source voter critic
    supporter opponent aide ally strategist pollster organizer
    """.split()
)
# Words that say a person is a woman or a man: titles, gendered role nouns and kin, as
# before a name ("Mrs. Lee", "Congresswoman Ann Lee"), in apposition ("Ann Lee, a mother
# of two") or alone ("the spokeswoman"). A pronoun agrees with them: "he" is no woman.
FEMALE_WORDS = frozenset(
    """
    mrs ms miss madam madame lady dame queen princess duchess countess baroness empress
    sister mother wife daughter widow woman girl grandmother granddaughter aunt niece
    mom mum stepmother bride girlfriend actress heiress hostess waitress nun
    spokeswoman chairwoman congresswoman councilwoman businesswoman assemblywoman
    alderwoman anchorwoman policewoman stateswoman sportswoman committeewoman
    """.split()
)
MALE_WORDS = frozenset(
    """
    mr sir lord king prince duke earl baron emperor
    brother father husband son widower man boy grandfather grandson uncle nephew
    dad stepfather groom boyfriend monk
    spokesman chairman congressman councilman businessman assemblyman alderman
    anchorman policeman statesman sportsman committeeman
    """.split()
)
# Nouns for organisations: "the agency", "the regime".
ORGANIZATION_NOUNS = frozenset(
    """
    agency organisation organization regime government ministry department army
    observatory committee council campaign office administration company newspaper
    network coalition party group institute university court parliament commission
    camp team staff
    """.split()
)
# Spelling variants of name particles that do not count when names are compared.
NAME_PARTICLES = ("al-", "el-", "Al-", "El-")
# Titles before a name: part of the mention ("Sgt. Mike Dunn"), not of the name.
TITLES = frozenset(
    """
    mr mrs ms miss dr sen rep gov gen col lt sgt prof rev capt maj cpl pvt adm cmdr
    supt insp det atty hon fr msgr amb brig pres sens reps gens
    president senator governor representative congressman congresswoman mayor judge
    general colonel lieutenant sergeant captain major admiral commander professor
    reverend father sister brother rabbi imam sheikh ambassador secretary minister
    chancellor premier king queen prince princess sir dame lord lady officer detective
    deputy chief justice speaker
    """.split()
)
# Abbreviated titles spaCy's English tokenizer splits from their full stop ("Sgt" "."),
# which also ends the sentence there; the engine's tokenizer keeps them whole.
TITLE_ABBREVIATIONS = tuple(
    """
    Sgt. Lt. Col. Capt. Maj. Cpl. Pvt. Cmdr. Supt. Insp. Det. Atty. Hon. Fr. Msgr. Amb.
    Brig. Gens. Reps. Sens. Adm. Sgts. Lts. Pres.
    """.split()
)
