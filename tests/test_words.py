"""One word per thing (docs/words.md): every message that names a batch says 採購案 in Chinese,
and none uses the words the app gave up."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"
GIVEN_UP = ("案別", "租賃案", "建置案")


def messages(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as f:
        for message in read_po(f):
            if message.id:
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                yield ids, strings


def test_a_batch_is_a_batch_in_english_and_chinese():
    named = [(ids, strings) for ids, strings in messages("zh_Hant") if "batch" in ids[0].lower()]
    assert len(named) > 20
    for ids, strings in named:
        assert all("採購案" in s for s in strings), ids[0]


@pytest.mark.parametrize("word", GIVEN_UP)
def test_no_message_uses_a_word_given_up(word):
    assert [ids[0] for ids, strings in messages("zh_Hant") if any(word in s for s in strings)] == []


def test_the_menu_and_the_list_say_batches():
    english = {ids[0] for ids, _strings in messages("zh_Hant")}
    assert "Batches" in english
    assert "Leases" not in english and "Batches and leases" not in english
