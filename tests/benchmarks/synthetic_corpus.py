"""A corpus of short synthetic war reports for benchmarks: `write_corpus(folder, n, seed)`.

Each article is a few sentences built from templates over real unit, place and weapon names, so the
extractor finds entities and relations in every one; the same (n, seed) always gives the same files.
`change_articles(folder, fraction, seed)` rewrites a fraction of them (a re-build's changed articles).
"""
from __future__ import annotations

import random
from pathlib import Path

UNITS = ["the 47th Mechanised Brigade", "the 93rd Mechanised Brigade", "the 3rd Assault Brigade",
         "the 92nd Assault Brigade", "the 25th Airborne Brigade", "the 58th Combined Arms Army",
         "the 1st Guards Tank Army", "the 20th Combined Arms Army"]
PLACES = ["Avdiivka", "Bakhmut", "Robotyne", "Kupiansk", "Vuhledar", "Chasiv Yar", "Pokrovsk",
          "Kharkiv", "Kherson", "Zaporizhzhia", "Sumy", "Izium", "Lyman", "Soledar", "Toretsk"]
WEAPONS = ["a T-72 tank", "a Su-25 jet", "a Ka-52 helicopter", "an Orlan-10 drone", "a BMP-2 vehicle",
           "a Lancet drone", "a Grad launcher"]
SOURCES = ["the General Staff said", "the regional governor said", "the brigade said on Telegram",
           "a spokesman told reporters", "the Defence Ministry said"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{unit} repelled an assault near {place} on {day}, {source}.",
    "Russian forces attacked {place} with glide bombs on {day}, {source}.",
    "Ukrainian troops captured positions east of {place}, {source}.",
    "{unit} destroyed {weapon} near {place} on {day}, {source}.",
    "Air defence shot down {weapon} over {place} overnight, {source}.",
    "{unit} used {weapon} in fighting around {place}, {source}.",
    "Shelling of {place} killed two civilians on {day}, {source}.",
]


def article_text(rng: random.Random, number: int) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        sentences.append(rng.choice(TEMPLATES).format(
            unit=rng.choice(UNITS), place=rng.choice(PLACES), weapon=rng.choice(WEAPONS),
            day=rng.choice(DAYS), source=rng.choice(SOURCES)))
    sentences = [s[0].upper() + s[1:] for s in sentences]
    return f"Report {number} from the front\n\n" + " ".join(sentences) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 11) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(n):
        path = folder / f"report_{number:06d}.txt"
        path.write_text(article_text(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


def change_articles(folder: Path, fraction: float, seed: int = 12) -> int:
    paths = sorted(folder.glob("*.txt"))
    rng = random.Random(seed)
    changed = rng.sample(paths, max(1, round(len(paths) * fraction)))
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + article_text(rng, 0).split("\n\n", 1)[1],
                        encoding="utf-8")
    return len(changed)
