"""Compile the guard's lists of forenames and surnames (data/forenames.txt, data/surnames.txt) and of common
English words (data/common_words.txt) from the person and lorem providers of Faker (MIT licence, a development
dependency), so the running app loads three small text files and needs no names package.

    uv run --frozen python -m sightline.casework.guard.build_names

The `names-dataset` package was considered and not used: its wheel is 56 MB, it needs about 3 GB of memory to
load, and its names were extracted from the 2021 leak of Facebook users' data (its own README says so), which a
safeguarding product should not ship.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).with_name("data")
# The communities a partnership in England serves: British and Irish names first, then the most common heritages
# of children in English schools (South Asian, West and East African, Polish, Romanian, Lithuanian, Portuguese,
# Turkish), each from Faker's provider for that locale (Latin script only).
LOCALES = [
    "en_GB",
    "en_IE",
    "en_US",
    "en_NZ",
    "en_IN",
    "en_PK",
    "en_NG",
    "en_KE",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "tw_GH",
    "pl_PL",
    "ro_RO",
    "lt_LT",
    "pt_PT",
    "tr_TR",
]
# Given names common among children born in England and Wales since 2010 that Faker's lists lack, written by the
# project (no list copied).
RECENT_FORENAMES = """
Aiden Alfie Albie Archie Arlo Arthur Ayaan Bobby Caleb Dexter Eli Elijah Ezra Finley Frankie Freddie Harley
Harrison Hunter Jaxon Jenson Jude Kai Leo Louie Luca Mason Max Milo Muhammad Mohammed Nathan Noah Otis Reggie
Riley Roman Ronnie Rory Rowan Sonny Stanley Teddy Theo Theodore Tommy Tyler Zachary Zayn Ibrahim Yusuf Musa
Aria Ada Ava Bonnie Darcie Delilah Eden Elsie Esme Eva Evie Florence Freya Hallie Harper Isla Ivy Layla Lola
Luna Maisie Margot Maryam Matilda Mila Millie Nova Orla Phoebe Poppy Rosie Sienna Sofia Thea Willow Zara Aisha
Hafsa Inaaya Kacper Jakub Zofia Oliwia Amelia Olivia Oliver Isabella Sophia Mia Lily Grace Daisy Jack Harry
Amira Zain Imran Tunde Chidi Adebayo Oluwaseun Tobi Femi Kemi Zeynep Mustafa Ayesha Safiya Rayan Kian Tiana
""".split()  # noqa: SIM905 - a list of names reads best as names
# Surnames common in England that the providers lack, written by the project.
EXTRA_SURNAMES = """
Uddin Miah Bibi Islam Ahmadi Mohamed Mohammed Abdi Osman Farah Nowak Kowalski Wójcik
""".split()  # noqa: SIM905 - a list of names reads best as names
SURNAME_ATTRIBUTES = (
    "last_names",
    "last_names_male",
    "last_names_female",
    "male_last_names",
    "unisex_last_names",
)
NAME = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$")


def _latin(word: str) -> bool:
    return all(char.isascii() or unicodedata.name(char, "").startswith("LATIN") for char in word)


def _names(attributes: tuple[str, ...]) -> list[str]:
    found: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in attributes:
            found.update(getattr(provider, attribute, ()))
    return sorted(
        name.strip()
        for name in found
        if len(name.strip()) > 1 and NAME.match(name.strip()) and _latin(name) and name[:1].isupper()
    )


def _write(name: str, words: list[str], source: str) -> None:
    import faker

    header = [
        f"# {source}",
        f"# Compiled from Faker {faker.VERSION} (MIT licence) by sightline/casework/guard/build_names.py;",
        "# do not edit by hand: change the script and run it again.",
    ]
    (DATA / name).write_text("\n".join([*header, *words]) + "\n", encoding="utf-8")


def build() -> None:
    forenames = sorted(
        set(_names(("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")))
        | set(RECENT_FORENAMES)
    )
    _write(
        "forenames.txt",
        forenames,
        f"Forenames: Faker's person providers for {', '.join(LOCALES)}, and recent given names the script adds.",
    )
    _write(
        "surnames.txt",
        sorted(set(_names(SURNAME_ATTRIBUTES)) | set(EXTRA_SURNAMES)),
        f"Surnames: Faker's person providers for {', '.join(LOCALES)}, and others the script adds.",
    )
    from faker.providers.lorem.en_US import Provider as Lorem

    _write(
        "common_words.txt", sorted(set(Lorem.word_list)), "Common English words: Faker's en_US lorem words."
    )


if __name__ == "__main__":
    build()
