"""A tiny corpus written for the store and server tests (real events, our own sentences)."""
from __future__ import annotations

from pathlib import Path

ARTICLES = {
    "ocheretyne": "Russian forces captured the village of Ocheretyne on 5 May 2024, the Russian Defence Ministry "
                  "said. The 47th Mechanized Brigade repelled an attack near Avdiivka.\n",
    "andriivka": "Ukraine's 3rd Separate Assault Brigade said it had recaptured Andriivka near Bakhmut. "
                 "The Wagner Group captured Bakhmut in May 2023.\n",
    "vuhledar": "Russian troops captured Vuhledar in October 2024, Ukrainian officials said.\n",
}

CAPTURES = """SELECT ?capturer ?captured ?article WHERE {
  ?claim a ck:Claim ; rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
  ?p rdfs:subPropertyOf* ck:captured .
  ?s rdfs:label ?capturer . ?o rdfs:label ?captured . ?doc dcterms:identifier ?article .
} ORDER BY ?article ?capturer ?captured"""


def write_articles(folder: Path, names=tuple(ARTICLES)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / f"{name}.txt"
        path.write_text(ARTICLES[name], encoding="utf-8")
        paths.append(path)
    return paths
