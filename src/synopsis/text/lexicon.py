"""Every word list of the analysers, in one place: general lists of English and of news writing,
never keyed to a story or a data set.

Stop words are one base list (:data:`STOPWORDS`: function words, reporting verbs, weekdays and
calendar words that say nothing about what happened) and named supplements for the analysers
whose tuning on the dev sets assumed more or fewer of them. Each analyser's effective set is
pinned by ``tests/text/test_lexicon.py``; a set changes only in a commit that measures what the
change does. The summary's word-pair concepts and TF-IDF use scikit-learn's English
list instead (:data:`SUMMARY_STOP`, pinned by the same test), as their ROUGE figures were measured
with it. The supplements: :data:`DISPUTE_STOP` and :data:`STORY_STOP` add to the base list,
:data:`TIMELINE_STOP` keeps some of its words as content and adds calendar words, and
:data:`FIGURE_DESCRIPTION_STOP` is the base list itself.
"""

from __future__ import annotations

# --- stop words ----------------------------------------------------------------------------------

#: Function words, reporting verbs, titles of address, weekdays and calendar words: not the content
#: of a sentence (sentence alignment, topic terms, dispute topics).

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say saying told according mr mrs ms monday tuesday
    wednesday thursday friday saturday sunday week year years""".split()
)

#: Disputes also ignore modal verbs, small numbers, "new/first/last/many/much" and the
#: "people/officials" every side of a story mentions when matching a claim to its denial.

DISPUTE_STOP_EXTRA = frozenset("""
also would could may might must shall one two new last first many much said says say told
people official officials
""".split())

DISPUTE_STOP = STOPWORDS | DISPUTE_STOP_EXTRA

#: Story grouping drops more: frequent adverbs, number words, time words and contractions, which
#: link articles of different stories in a stream of thousands.
STORY_STOP_EXTRA = frozenset("""
almost along already although always among another anyone anything aren around back became become
cannot day days didn doesn don done dr eight either else enough even ever every first five four get
gets going got however including isn last least less let like made make many may might month months
much must near need never new next nine often one others people per perhaps put rather really s see
seen seven several since six still t ten though three thus time times today toward towards two upon
us use used via wasn way weeks well went whatever whether whose within without won yet
""".split())
STORY_STOP = STOPWORDS | STORY_STOP_EXTRA

#: Timeline events: two outlets' sentences about one dated event are matched on their content
#: words. The timeline's list is the base list without the words it treats as content (quantity,
#: direction and pronoun words such as "more", "all", "up", "down", "own", and "according", "told",
#: "mr/mrs/ms"), plus the calendar words of the date itself ("last month", "a day ago") and the
#: modals "may/might". Measured 2026-12-01: the whole base list instead merges the bundled
#: example's 42 timeline events into 38 (the seeds do not move); with no timeline gold to say
#: whether the merges are right, the list stays as tuned.

TIMELINE_STOP_KEPT = frozenset("""
above according again against all am any because below between both doing down during each few
further having hers herself him himself how if itself me more most mr mrs ms my myself nor now off
once only other our ours ourselves out own same saying so some such theirs them themselves through
told too under until up very while why years your yours yourself yourselves
""".split())
TIMELINE_STOP_EXTRA = frozenset("ago day last may might month next".split())
TIMELINE_STOP = (STOPWORDS - TIMELINE_STOP_KEPT) | TIMELINE_STOP_EXTRA

#: Figures: the words left out when comparing what two mentions say is counted: the base list
#: (until 2026-12-01 a list of 21 of its words; measured: the goldens, seeds and bundled example
#: included, do not change).

FIGURE_DESCRIPTION_STOP = STOPWORDS

#: The summary's word-pair concepts and its TF-IDF (coverage, centroid, LexRank): scikit-learn's
#: English list (``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS``, from the Glasgow
#: Information Retrieval Group's list), with which every ROUGE figure was measured. Written out
#: here so that a brief does not import scikit-learn for a word list; ``tests/text/test_lexicon.py``
#: checks that it is scikit-learn's, word for word.

SUMMARY_STOP = frozenset(
    """a about above across after afterwards again against all almost alone along already also
    although always am among amongst amoungst amount an and another any anyhow anyone anything
    anyway anywhere are around as at back be became because become becomes becoming been before
    beforehand behind being below beside besides between beyond bill both bottom but by call can
    cannot cant co con could couldnt cry de describe detail do done down due during each eg
    eight either eleven else elsewhere empty enough etc even ever every everyone everything
    everywhere except few fifteen fifty fill find fire first five for former formerly forty
    found four from front full further get give go had has hasnt have he hence her here
    hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
    inc indeed interest into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mill mine more moreover most mostly move much must my myself name
    namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
    of off often on once one only onto or other others otherwise our ours ourselves out over own
    part per perhaps please put rather re same see seem seemed seeming seems serious several she
    should show side since sincere six sixty so some somehow someone something sometime
    sometimes somewhere still such system take ten than that the their them themselves then
    thence there thereafter thereby therefore therein thereupon these they thick thin third this
    those though three through throughout thru thus to together too top toward towards twelve
    twenty two un under until up upon us very via was we well were what whatever when whence
    whenever where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves""".split()
)

#: Words of a role phrase that are not role words ("a spokesman for the agency": spokesman, agency).

ROLE_STOP = frozenset({"a", "an", "the", "of", "for", "and", "at", "in", "'s", "’s", ",", "who", "which", "that"})

# --- names and titles -------------------------------------------------------------------------

#: Titles and roles that precede names and are not part of them.
NAME_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "gov", "governor", "sen", "senator", "rep", "representative",
    "president", "vice", "mayor", "attorney", "general", "sheriff", "judge", "justice", "secretary", "speaker",
    "chief", "officer", "minister", "prime", "chancellor", "gen", "lt", "col", "capt", "sgt", "st", "rev",
    "former", "state", "us", "u.s", "ag", "councilman", "councilwoman", "councillor", "commissioner",
    "councilmember", "councilor", "alderman", "alderwoman", "congressman", "congresswoman", "assemblyman",
    "assemblywoman",
    "director", "spokesman", "spokeswoman", "spokesperson", "sir", "dame", "lord", "lady", "king", "queen",
    "pope", "deputy", "acting", "interim", "superintendent", "inspector", "detective",
})

#: Titles before a speaker's name, for splitting "Seattle Mayor Ed Murray" into role and name.

ROLE_TITLES = NAME_TITLES | {"leader", "premier"}

#: Abbreviated titles: a full stop after them ends no sentence ("Gov. Brown", "Sen. Ortiz").

ABBREVIATED_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "reps", "gen", "lt", "col", "capt", "cpt", "sgt", "st",
    "prof", "rev", "hon", "pres", "supt", "det", "insp", "atty", "adm", "maj", "cmdr", "gov.-elect", "sens",
    "messrs", "mme", "mlle", "fr", "ft", "mt",
})

#: Abbreviations written in lower case that do not end a sentence before a capital.

LOWER_ABBREVIATIONS = frozenset({
    "a.m", "p.m", "etc", "vs", "v", "approx", "est", "ca", "cf", "e.g", "i.e", "al", "fig",
    "vol", "pp", "ed", "eds", "dept", "univ", "corp", "inc", "ltd", "co", "jr", "sr", "st", "ft", "mt",
})

#: Words that start a capitalised run but are not a first name ("The Mayor", "But Garcetti").

NOT_FIRST_NAME = frozenset({"the", "but", "and", "as", "in", "on", "at", "for", "if", "when", "while", "after", "before", "with",
              "mr", "mrs", "ms", "dr", "of", "by", "from", "that", "this", "then", "so", "yet", "or", "a", "an"})

#: Last words that make a name a place or an organisation, whatever the recogniser said.
PLACE_HEADS = frozenset({"dam", "bridge", "reservoir", "river", "lake", "street", "avenue", "road", "park", "county",
               "city", "bay", "harbor", "harbour", "island", "valley", "falls", "airport", "station", "square"})

ORG_HEADS = frozenset({"department", "council", "district", "association", "union", "guild", "board", "company", "agency",
             "authority", "commission", "committee", "party", "office", "ministry", "court", "university",
             "institute", "center", "centre", "foundation", "corporation", "inc", "group", "bank", "police",
             "utility", "diocese", "hospital", "school", "government", "administration"})

#: Nouns for people as such: a count of them is a count of "people".

PEOPLE_NOUNS = frozenset({"people", "person", "persons", "resident", "residents", "customer", "customers", "citizen",
           "citizens", "inhabitant", "inhabitants", "individual", "individuals", "consumer", "consumers",
           "ratepayer", "ratepayers", "user", "users", "americans", "adults", "souls"})

# --- speech and attribution -----------------------------------------------------------------

#: Verbs of saying and writing (lemmas) that cue a quotation (GGT's list, extended).
SPEECH_VERBS = frozenset("""
say tell add state note explain argue claim insist warn announce write tweet post declare respond
reply ask answer acknowledge admit concede confirm deny suggest urge call describe stress emphasize
emphasise remark comment testify recall report predict promise vow pledge complain lament mention
observe contend maintain assert allege counter caution indicate reveal disclose shout chant blurt
scream yell whisper advise remind recommend propose agree disagree joke quip continue conclude
reiterate repeat boast brag concur retort proclaim affirm charge point estimate express
voice rule order demand plead beg tout hail praise criticize criticise slam blast quote cite
characterize characterise label dub rip fire appeal
""".split())

#: Speech verbs whose clausal complement is reported speech without quotation marks.
REPORT_VERBS = frozenset("""
say tell add state note explain argue claim insist warn announce write tweet declare acknowledge
admit concede confirm deny suggest stress emphasize emphasise predict promise vow pledge complain
mention observe contend maintain assert allege report reveal indicate agree reiterate
repeat boast affirm charge estimate point caution counter respond reply recall remind
""".split())

#: Verbs whose object is told to do something: "urged residents to conserve water".
DIRECTIVE_VERBS = frozenset("tell urge remind advise ask encourage warn instruct order call".split())

#: Nouns that name the channel a remark was made through.
CHANNEL_NOUNS = frozenset("""
statement interview email e-mail letter release conference briefing post tweet video speech
rally hearing radio television tv podcast op-ed column memo message call meeting broadcast
press twitter facebook instagram show program programme gathering remarks appearance news
newsletter blog website announcement address testimony filing affidavit court documents
""".split())

#: Words before a quoted term that make it a scare quote or a name, not a quotation.
NAMING_WORDS = ("so-called", "so called", "self-proclaimed", "self-described", "self-styled", "dubbed",
                "known as", "termed", "the term", "the word", "the words", "the phrase", "the label",
                "the slogan", "titled", "entitled", "nicknamed", "branded", "marked")

#: Personal pronouns that can name a speaker.

PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her", "them"})
#: Words that open a noun phrase (determiners, possessives, quantifiers, object pronouns): after
#: "to" they make it a preposition, not the mark of an infinitive ("to the north and to the south";
#: text/clauses.py).
NOUN_PHRASE_STARTS = frozenset(
    "the a an his her its their our my your this that these those each every all some any no both "
    "him them us me it one".split())

#: The gender a pronoun refers with (personal pronouns of one person); "they", "we", "I" have none.
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}

#: Titles and role nouns that say a person's gender ("Mr.", "spokeswoman").
GENDER_WORDS = {
    **dict.fromkeys("mr sir mister spokesman chairman councilman congressman assemblyman alderman businessman "
                    "father husband son brother uncle king prince boyfriend grandfather nephew man boy "
                    "gentleman".split(), "m"),
    **dict.fromkeys("mrs ms miss madam spokeswoman chairwoman councilwoman congresswoman assemblywoman alderwoman "
                    "businesswoman mother wife daughter sister aunt queen princess girlfriend grandmother niece "
                    "actress woman girl lady".split(), "f"),
}

#: Nouns of a document or a publication: "the complaint says", "a statement said" quote a channel,
#: whose speaker is the party that issued it when the text names it (the quote ledger).
DOCUMENT_NOUNS = frozenset("""
statement release complaint lawsuit suit report reports findings finding memo memorandum letter tweet post
filing filings document documents study survey ruling order warrant indictment affidavit record records
notice email e-mail message announcement advisory bulletin summary decision judgment verdict petition
motion brief transcript minutes plan proposal analysis review audit assessment update website article
editorial column poll paper papers data figures chart map note notes sign poster placard banner card
""".split())

#: Verbs whose agent issued the document they modify ("a statement e-mailed ... by X"), unlike one
#: who only came by it ("the memo obtained by the Ledger").
ISSUING_VERBS = frozenset("""
issue release send email e-mail mail publish post sign write file distribute circulate submit deliver author
""".split())

#: Head nouns of a definite description that names an organisation ("the company said"): it is
#: the organisation of the article whose name has that word, or (for COMPANY_NOUNS) the latest one.
COMPANY_NOUNS = frozenset("company firm team club airline carrier bank insurer retailer automaker "
                          "manufacturer network broadcaster newspaper chain startup".split())

#: Role words of someone who speaks for an office or organisation (the quote ledger).

SPOKES_WORDS = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "secretary", "representative",
                "aide", "press"})

#: Roles that make a party the voice of an organisation (disputes).

SPOKESPERSON_ROLES = ("spokesman", "spokeswoman", "spokesperson", "representative")

# --- claims and denials (disputes) ----------------------------------------------------------

#: Verbs that contest a claim only when their object is a claim ("denied the report", not "denied funding").
OBJECT_VERBS = frozenset("deny reject dismiss question challenge contest dispute disavow repudiate".split())

#: Verbs that contest on their own.
SELF_VERBS = frozenset("dispute refute rebut contradict counter debunk rebuff".split())

#: Particle verbs: "fired back", "hit back", "pushed back", "shot back".
BACK_VERBS = frozenset("fire hit push shoot strike fight".split())

#: Nouns that name a claim (objects of OBJECT_VERBS, owners of a verdict of falsity).
CLAIM_NOUNS = frozenset("""
account claim claims allegation allegations assertion assertions charge charges accusation accusations
report reports characterization characterisation version statement statements suggestion notion idea
assessment description criticism story narrative portrayal figures figure numbers number premise
contention argument reasoning interpretation reading depiction framing explanation remarks comments
""".split())

#: Words of a verdict of falsity.
FALSE_WORDS = frozenset("""
incorrect false untrue wrong inaccurate misleading baseless unfounded erroneous bogus nonsense
fabricated mischaracterization mischaracterisation distortion misrepresentation lie lies absurd
ridiculous groundless flawed
""".split())

#: Negation words.
NEGATIONS = frozenset("not n't no never neither nor none nothing nobody cannot".split())

#: Verbs whose clausal complement is a claim someone makes (reported speech and accusation).
CLAIM_VERBS = frozenset("""
say tell claim allege accuse charge assert insist argue contend maintain warn announce state suggest
blame single cite point add note write tweet declare testify
""".split())

# --- dates and figures ---------------------------------------------------------------------

#: Subjects of a main clause that report the day's news ("The warning came two weeks after ...").

NEWS_SUBJECTS = frozenset({"warning", "statement", "remark", "comment", "message", "announcement", "move", "decision",
                  "threat", "order", "speech", "briefing", "letter", "report", "news"})

#: Units of time: a number before one is a duration, not a figure.

TIME_UNITS = ("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
               "month", "months", "year", "years", "decade", "decades", "century", "centuries", "night",
               "nights", "weekend", "weekends", "year-old", "years-old", "semester", "quarter", "term", "terms")

#: Words before a number that make it an identifier, not a figure ("page 9", "Local 414").

IDENTIFIER_WORDS = frozenset({"page", "pages", "no", "no.", "number", "section", "sec", "sec.", "§", "room", "suite", "route",
             "highway", "interstate", "exit", "gate", "flight", "chapter", "article", "amendment", "title",
             "grade", "level", "phase", "act", "code", "u.s.c.", "usc", "c.f.r.", "cfr", "rule", "bill",
             "h.r.", "s.", "proposition", "prop", "measure", "line", "channel", "version",
             "district", "ward", "local", "precinct", "lot", "unit", "apartment", "apt", "floor", "platform",
             "episode", "season", "volume", "vol", "issue", "item", "clause", "paragraph", "category", "class",
             "type", "model", "#", "size", "channel", "box", "po", "zip", "pier", "terminal"})

# --- framing -------------------------------------------------------------------------------

#: Kinds of speaker, in the order they are tested.
VOICE_KINDS = ("local leaders", "officials", "advocates", "experts", "residents and others")

#: Role words per kind of speaker (matched on whole words of the role and the speaker's name).
ROLE_LEXICON: dict[str, frozenset[str]] = {
    "local leaders": frozenset("""
        mayor mayors council councilmember councilmembers councilman councilwoman councillor alderman
        alderwoman selectman selectwoman municipal township borough
        """.split()),
    "officials": frozenset("""
        president minister secretary governor gov senator sen representative rep congressman
        congresswoman congressmember lawmaker legislator attorney-general official officials officer
        department ministry agency administration government federal state district board commissioner
        commission chief director manager general sheriff police prosecutor judge court authority
        authorities office bureau cabinet spokesman spokeswoman spokesperson ambassador
        army military regulator inspector superintendent treasurer chair chairman chairwoman
        """.split()),
    "advocates": frozenset("""
        advocate advocates activist activists union guild league coalition association alliance campaign
        campaigner group rights nonprofit non-profit foundation federation organizer organiser
        tenants chamber lobby society movement network project fund watchdog
        """.split()),
    "experts": frozenset("""
        professor expert analyst economist scientist researcher scholar historian lecturer fellow
        university institute think-tank consultant specialist dr study
        """.split()),
}

#: Nouns of an office or occupation ("the judge", "the spokesman"): a role, which the quote ledger
#: resolves to its holder and otherwise leaves as the description, never the nearest person.
ROLE_NOUNS = frozenset("""
    mayor councilmember councilman councilwoman councillor alderman alderwoman selectman selectwoman
    president minister secretary governor senator representative congressman congresswoman
    congressmember lawmaker legislator attorney-general general official officer commissioner chief
    director manager sheriff prosecutor judge justice spokesman spokeswoman spokesperson ambassador
    regulator inspector superintendent treasurer chair chairman chairwoman advocate activist
    campaigner organizer organiser professor expert analyst economist scientist researcher scholar
    historian lecturer fellow consultant specialist leader premier chancellor pope bishop cardinal
    coach captain lawyer attorney engineer doctor physician detective lieutenant sergeant constable
    aide assemblyman assemblywoman queen king
    """.split()) | (SPOKES_WORDS - {"spokespeople", "press"})

#: Words that name a person by their own situation, not an office.
RESIDENT_WORDS = frozenset("""
    resident residents owner homeowner renter tenant retiree parent mother father neighbor neighbour
    customer worker student patient voter driver farmer shopper commuter
    """.split())

#: Loaded, emotive and intensifying words (general news framing; lemma prefixes end with "*").
LOADED_WORDS = tuple("""
    fiasco debacle disaster disastrous catastrophe catastrophic chaos chaotic crisis scandal scandalous
    outrage outrageous outraged shocking shocked shameful disgrace disgraceful reckless recklessly
    negligent negligence incompetent incompetence corrupt corruption slam* blast* lash* rip* skewer*
    attack* assault* crackdown draconian radical extreme extremist vicious brutal ruthless
    devastat* horrific horrendous terrifying alarming alarmingly egregious blatant blatantly
    flagrant flagrantly absurd ridiculous insult* arrogant arrogance sham farce bogus lie lies lied
    slash* gut* starve* threat* scare* fear* panic* fury furious anger angry boast* brag*
    hastily rushed rush* scrambl* botch* bungl* ignor* unheeded dodg* stonewall* cover-up
    secretive secrecy behind-closed-doors so-called flatly blunt* honest dishonest
    very extremely incredibly hugely massive massively enormous staggering stunning huge utterly
    totally completely absolutely clearly obviously actually simply merely just
    """.split())
LOADED_EXPLANATION = (
    "loaded_per_100 = 100 x (words of the outlet's own text that are in the loaded-wording lexicon) / "
    "(all words of its own text); own text = headline, dek and body outside quotation marks, so words "
    "of quoted speakers do not count. The lexicon ({n} entries, general, not written for any story) "
    "lists emotive and evaluative words (fiasco, reckless, slammed, crackdown), intensifiers (very, "
    "utterly, massive) and minimisers (merely, just); a '*' entry matches any word it begins."
).format(n=len(LOADED_WORDS))


#: Verbs (lemmas) that say a quantity *stands at* a level ("the reservoir reached 40 percent",
#: "unemployment stood at 6 percent") ...
LEVEL_STATE_VERBS = frozenset("reach hit attain stand top touch remain sit hover".split())
#: ... and verbs that say it is being *moved to* one ("crews are lowering it to 40 percent",
#: "the board cut it to 6 percent"). A figure governed by one kind in one sentence and by the
#: other kind in another is not the same fact: a level reached is not a target being worked towards.
LEVEL_CHANGE_VERBS = frozenset(
    "lower reduce cut drop bring draw drain raise increase lift boost ease trim slash push".split())

# Figures (analyse/figures.py): what a count counts, and which verb a figure hangs on.
#: Nouns of people as a crowd or a population: counted as people ("12,000 mourners").
CROWD_NOUNS = frozenset({"population", "believer", "worshipper", "worshiper", "pilgrim", "faithful", "spectator",
                         "onlooker", "mourner", "protester", "demonstrator", "supporter", "participant",
                         "attendee", "visitor", "fan", "voter", "worker", "employee", "student", "child", "youth",
                         "victim", "opponent", "casualty"})
#: Places whose "of N" is a population ("a country of 4 million").
POPULATION_PLACE_NOUNS = frozenset({"country", "city", "nation", "town", "village", "state", "island", "region",
                                    "province", "capital", "republic", "metropolis"})
#: Verbs whose object counted through a pronoun is people ("killed 23 of them").
HARM_VERBS = frozenset({"kill", "injure", "wound", "hurt", "burn", "trap", "rescue", "evacuate", "hospitalize",
                        "hospitalise", "arrest", "detain"})
#: Verbs too light to say what a figure is about ("is", "reached", "totalled"): the figure's verb is then
#: the next one up.
FIGURE_LIGHT_VERBS = frozenset("be have do make get give take put include reach total number bring become remain".split())

# Precedent statements (analyse/comparison.py): a sentence that tells an act of the story was done
# before, in an earlier year ("a similar policy adopted last year").
#: Words that compare what a sentence tells with something done before ("a similar policy",
#: "such compliance", "the same rule"); "such as" (an example) and "the same day" (a time) are not.
PRECEDENT_WORDS = ("similar", "similarly", "likewise", "such", "the same", "precedent")
#: Phrases that deny that something is new, in the sentence itself or in the one before it
#: ("This is not new." followed by "Last year the agency began ...").
NOT_NEW_PHRASES = ("not new", "not entirely new", "not altogether new", "not completely new", "not wholly new",
                   "nothing new", "not the first time", "not unprecedented")
