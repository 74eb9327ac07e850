"""Month and weekday names in the languages Daylio exports in, for reading its date columns.

Daylio writes `date` ("June 22", "7 września", "16 de octubre") and `weekday` in the phone's
language. Names are matched case-insensitively and with or without accents.
"""

from __future__ import annotations

import unicodedata

_MONTHS = {
    "en": "january february march april may june july august september october november december",
    "en_short": "jan feb mar apr may jun jul aug sep oct nov dec",
    "pl": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
    "pl_genitive": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
_EXTRA_MONTHS = {"setiembre": 9, "jänner": 1, "sept": 9}

_WEEKDAYS = {
    "en": "monday tuesday wednesday thursday friday saturday sunday",
    "en_short": "mon tue wed thu fri sat sun",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "pt_short": "segunda terça quarta quinta sexta sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
}
_EXTRA_WEEKDAYS = {"sonnabend": 5}


def fold(word: str) -> str:
    """Lower case without accents: "Września" and "wrzesnia" fold alike (ł becomes l too)."""
    decomposed = unicodedata.normalize("NFKD", word.strip().lower().rstrip("."))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l")


def _table(names: dict[str, str], extra: dict[str, int], start: int) -> dict[str, int]:
    table: dict[str, int] = {}
    for words in names.values():
        for number, word in enumerate(words.split(), start=start):
            table[fold(word)] = number
    table.update({fold(k): v for k, v in extra.items()})
    return table


MONTHS = _table(_MONTHS, _EXTRA_MONTHS, 1)
"""Folded month name -> month number (1-12)."""
WEEKDAYS = _table(_WEEKDAYS, _EXTRA_WEEKDAYS, 0)
"""Folded weekday name -> Python weekday (Monday = 0)."""
