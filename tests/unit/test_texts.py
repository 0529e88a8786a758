"""Translatable text and its fallback rule (language asked for, then English, then Finnish)."""

from desk_app.domain.texts import Texts


def test_text_in_the_language_asked_for():
    texts = Texts({"fi": "Työnhaku", "en": "Job search", "sv": "Jobbsökning"})
    assert texts.best("sv") == ("Jobbsökning", "sv")


def test_falls_back_to_english_then_finnish_and_says_so():
    assert Texts({"fi": "Työnhaku", "en": "Job search"}).best("uk") == ("Job search", "en")
    assert Texts({"fi": "Työnhaku"}).best("ar") == ("Työnhaku", "fi")


def test_blank_translations_count_as_missing():
    texts = Texts({"fi": "Työnhaku", "en": "  "})
    assert "en" not in texts
    assert texts.best("en") == ("Työnhaku", "fi")


def test_no_text_at_all():
    assert Texts().best("fi") == ("", "")
