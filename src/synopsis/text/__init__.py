"""Pure text primitives, one implementation each: no spaCy, no models, nothing from analyse/.

Every analyser that needs quotation marks, words, names, dates, newswire patterns or a word list
imports it from here, so a rule is written once and two analysers cannot disagree about it.
"""
