"""Dates and times as readers read them."""

import datetime

from django.template import Context, Template
from django.utils import translation


def test_an_english_sentence_ending_on_a_time_ends_with_one_full_stop():
    moment = datetime.datetime(2026, 12, 7, 20, 26)
    with translation.override("en"):
        text = Template("Recorded on {{ moment }}.").render(Context({"moment": moment}))
    assert text == "Recorded on Dec. 7, 2026, 8:26 PM."


def test_french_times_keep_the_french_format():
    moment = datetime.datetime(2026, 12, 7, 20, 26)
    with translation.override("fr"):
        text = Template("{{ moment }}").render(Context({"moment": moment}))
    assert "20:26" in text
