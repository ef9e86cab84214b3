"""English words that several stages read the same way: months and numbers.

Sentence splitting (a month abbreviation's full stop ends no sentence),
drafting (dates and spelled-out numbers are facts) and grading ("Sept" is
"September", "seven hundred" is "700") share these lists.
"""

from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
# Abbreviations written with or without a full stop; "may" has none.
MONTH_ABBREVIATIONS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september",
    "oct": "october", "nov": "november", "dec": "december",
}


def month_pattern() -> str:
    """A regular expression for a month as written in prose: "March", "Sept." or "Dec"."""
    full = "|".join(month.capitalize() for month in MONTHS)
    short = "|".join(sorted((a.capitalize() for a in MONTH_ABBREVIATIONS), key=len,
                            reverse=True))
    return rf"(?:{full}|(?:{short})\.?)"


UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
         "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINAL_UNITS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth",
                 "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                 "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                 "nineteenth")
ORDINAL_TENS = ("twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
                "seventieth", "eightieth", "ninetieth")
# Words that multiply the number before them ("five million").
LARGE_SCALES = ("thousand", "million", "billion", "trillion")


# Words that carry no fact of their own: an answer made of these alone gives nothing away.
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "some", "any", "no", "not", "and",
    "or", "but", "nor", "so", "yet", "of", "in", "on", "at", "to", "by", "for", "with", "from",
    "as", "into", "onto", "over", "under", "about", "after", "before", "between", "through",
    "during", "without", "within", "up", "down", "out", "off", "than", "then", "is", "are",
    "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "it", "its",
    "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us",
    "our", "you", "your", "i", "me", "my", "mine", "who", "whom", "whose", "which", "what",
    "when", "where", "why", "how", "all", "each", "every", "both", "either", "neither", "one",
    "ones", "other", "another", "such", "same", "more", "most", "less", "least", "very", "mr",
    "mrs", "ms", "dr",
})
