"""Every word list of the analysers, in one place (general lists, never keyed to a story)."""

from __future__ import annotations

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
