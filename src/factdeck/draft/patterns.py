"""The surface patterns of facts in English prose: dates, periods, money, shares,
quantities and quoted terms, as regular expressions; and the few closed word
classes the tagger does not know as such (titles, the heads of names)."""

from __future__ import annotations

import re

from factdeck.lexicon import LARGE_SCALES, TENS, UNITS, month_pattern


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTH = month_pattern()
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1\d{3}|20\d{2})"
# A year standing as a word of its own: "1763" in "of 1763", not in "17634".
YEAR_WORD = re.compile(rf"\b({YEAR})\b")
_CENTURY = r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth" \
           r"|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth" \
           r"|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)"
_ERA = r"(?:\s?(?:BC|BCE|AD|CE)\b)?"
_DASH = r"\s?[-–—]\s?"
SCALE = "(?:" + "|".join(LARGE_SCALES) + "|bn|m|k|tn)"
AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SPELLED_UNIT = "|".join(UNITS[2:])
SPELLED = (rf"(?:(?:{'|'.join(TENS)})(?:-(?:{'|'.join(UNITS[1:10])}))?|{_SPELLED_UNIT}"
           rf"|a\sdozen|a\shundred|a\sthousand|a\smillion|dozens|hundreds|thousands|millions)")
SCALE_WORDS = "|".join((*LARGE_SCALES, "hundred", "dozen"))
NUMBER = rf"(?:{AMOUNT}|{SPELLED})(?:\s(?:{'|'.join(LARGE_SCALES)}))?"
_CURRENCY_SIGN = r"(?:US|A|C|NZ|HK|S)?[$£€¥₽₹]"

# A date: "14 June 1923", "June 14, 1923", "June 1923", "14 June" (not "June" alone).
_DATE = (rf"(?:{_DAY}\s+{MONTH}(?:,?\s+{YEAR})?"
         rf"|{MONTH}\s+{_DAY}(?![\w%,.]\d)(?:,?\s+{YEAR})?"
         rf"|{MONTH},?\s+{YEAR})")
DATE = re.compile(rf"(?<![\w-]){_DATE}(?![\w-])")
# A period: "from July 1982 to June 1983", "November 15 thru April 26", "from 1562 to
# 1598", "between 1347 and 1351", "1338–39", "1347–1351", "the 1983/1984 season",
# "the 14th century", "the 7th–5th centuries BCE", "the mid-1990s", "1960s".
PERIOD = re.compile(
    rf"(?<![\w–-])(?:(?:from\s)?{_DATE}(?:\s(?:to|until|till|thru|through)\s|{_DASH}){_DATE}"
    rf"|between\s{_DATE}\sand\s{_DATE}"
    rf"|(?:from\s)?{YEAR}{_ERA}(?:\s(?:to|until|till)\s|{_DASH}){YEAR}{_ERA}"
    rf"|between\s{YEAR}{_ERA}\sand\s{YEAR}{_ERA}"
    rf"|{YEAR}{_DASH}\d{{2}}(?!\d)|{YEAR}/(?:{YEAR}|\d{{2}})(?!\d)"
    rf"|(?:(?:early|mid|late)[-\s])?(?:{_CENTURY}(?:{_DASH}|\s(?:and|to)\s))?"
    rf"{_CENTURY}[-\s]centur(?:y|ies){_ERA}"
    rf"|(?:(?:early|mid|late)[-\s])?(?:1\d|20)\d0s)(?![\w%-])", re.IGNORECASE)
YEAR_ALONE = re.compile(
    rf"(?<![\w$£€¥.,/-])(?:(?:AD|CE)\s)?{YEAR}{_ERA}(?![\w%-]|[.,]\d)")  # "AD 1500" too
# Money: "£4.2 million", "$12bn", "5 billion roubles".
MONEY = re.compile(
    rf"(?<![\w$£€¥₽₹])(?:{_CURRENCY_SIGN}\s?(?:{AMOUNT})(?:\s?{SCALE}\b)?"
    rf"|(?:{AMOUNT})(?:\s(?:{'|'.join(LARGE_SCALES)}))?\s(?:US\s)?(?:dollars|euros|pounds|"
    rf"roubles|rubles|yen|yuan|francs|rupees|pesos|marks|guilders)\b)")
# A share: "35%", "30–60%", "six to nine percent", "10 percentage points".
PERCENT = re.compile(
    rf"(?<![\w.,])(?:(?:{NUMBER})(?:{_DASH}|\sto\s))?(?:{NUMBER})"
    rf"(?:\s?%|\s(?:per\s?cent|percent|percentage\spoints?)\b)", re.IGNORECASE)
# A share in words, of something: "a third of", "two-thirds of", "three quarters of",
# "over half of the planet's rainforests" (but "a third church" is no share).
FRACTION = re.compile(
    r"(?<![\w-])(?:(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]"
    r"(?:third|quarter|fifth|sixth|seventh|eighth|tenth)s?|half)(?=\s+of\b)", re.IGNORECASE)
# A range of numbers: "5–10 million", "75 to 200 million", "between 96,660 and 128,843",
# "356 ± 47"; or a number in
# scientific notation, its superscript lost ("1.1 × 1011"), as whole.
RANGE = re.compile(
    rf"(?<![\w.,/-])(?:between\s(?:{AMOUNT})\sand\s|(?:{AMOUNT})(?:{_DASH}|\s(?:to|±|×)\s|±|×))"
    rf"(?:{AMOUNT})"
    rf"(?:\s(?:{'|'.join(LARGE_SCALES)}))?(?![\w%]|[.,]\d)")
# A straight quote opens after a space and closes before one: the words between one
# quotation's close and the next one's open ('culture" and related to "immediate') are none.
QUOTED = re.compile(r"(?<![\w\"])\"(?=\S)([^\"]{2,60}?)(?<=\S)\"(?!\w)"
                    r"|“([^”]{2,60})”|‘([^’]{2,60})’"
                    r"|(?<!\w)'([^']{2,40})'(?!\w)")
# "more than 700", "about 1,400": part of the answer, for it bounds the number.
QUALIFIER = re.compile(r"(?:more|less|fewer)\sthan|at\s(?:least|most)|up\sto|over|under"
                       r"|about|around|nearly|almost|some|roughly|approximately|only"
                       r"|just|exactly|an\sestimated|estimated", re.IGNORECASE)

# Words that stand before a name without being part of it.
TITLES = words("""
mr mrs ms miss mx dr prof professor sir dame lord lady general gen colonel col captain capt
major maj lieutenant lt admiral adm sergeant sgt commander president senator sen governor
gov judge justice king queen prince princess pope rev reverend father emperor
empress duke duchess count countess baron earl archbishop bishop cardinal sheikh emir
sultan tsar czar shah
""")
# Words that may join the capitalised words of one name.
CONNECTORS = words("of for on de del della di da du des la le van von der den bin ibn al y")
# The last word of a name that says what it names.
ORG_HEADS = words("""
department committee bank ministry council agency party union organisation organization
company corporation commission university institute court congress parliament senate
assembly fund association federation office service bureau authority board group society
foundation academy school college museum hospital church army navy police league movement
institution laboratory trust network channel broadcasting network press times post
""")
PLACE_HEADS = words("""
sea ocean river lake mountains mount mountain island islands bay gulf street road bridge
square city county province state states republic kingdom valley canal strait peninsula
desert park coast harbour harbor airport station tower hall palace castle cathedral basin
region forest plain plains stadium arena theatre theater
""")
DOCUMENT_HEADS = words("""
treaty edict act agreement accord convention pact declaration charter constitution bill
law report protocol proclamation decree statute ordinance
""")
# Prepositions after which a name is a place more often than anything else.
PLACE_PREPOSITIONS = words("in at from to near into across throughout towards toward via")
# Nouns for what a person is or does: "X, the Russian president," or "explorer X" make X
# a person.
ROLE_NOUNS = words("""
president minister secretary adviser advisor strategist ambassador senator leader chief
head director chairman chairwoman chair spokesman spokeswoman spokesperson governor mayor
successor predecessor founder author editor king queen prince princess general commander
envoy representative judge officer prosecutor counsel deputy ceo executive manager
inventor engineer architect designer scientist captain chancellor premier speaker
commissioner owner publisher composer painter writer poet astronomer physicist chemist
mathematician economist diplomat negotiator coach principal dean rector curator
conductor pilot explorer priest bishop monk nun pastor minister soldier officer historian
philosopher artist singer actor actress novelist journalist professor teacher student
researcher archeologist archaeologist biologist botanist geologist climatologist
anthropologist sociologist politician lawyer banker merchant farmer settler missionary
emperor empress pope saint duke duchess earl lord lady knight colonel lieutenant sergeant
admiral marshal wife husband son daughter father mother brother sister widow heir
""")
