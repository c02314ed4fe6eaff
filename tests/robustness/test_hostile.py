"""Broken and hostile input end to end through `conflict-kg build`: nothing crashes, no good article is lost,
every bad input is reported with its reason, and hostile text stays inert data in every export.
"""
from __future__ import annotations

import json
import os
import subprocess
import time

import pytest
from rdflib import RDF, URIRef

from conflict_kg.cli import main

from .conftest import CK, evidence, export_is_complete, labels, parse_exports
from .test_html_browser import Dom, canary, chromium, payloads, requested_hosts  # noqa: F401 - fixtures

DCTERMS = "http://purl.org/dc/terms/"
GOOD = {
    "avdiivka": "Russian forces attacked Avdiivka with glide bombs on Sunday, the regional governor said.",
    "robotyne": "The 47th Mechanised Brigade repelled an assault near Robotyne on Tuesday, the General Staff said.",
    "kupiansk": "Ukrainian troops repelled Russian attacks near Kupiansk overnight, the Khortytsia group said.",
}


def run(argv, capsys) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def article_ids(out_dir) -> set[str]:
    return {str(o) for o in parse_exports(out_dir).objects(None, URIRef(DCTERMS + "identifier"))}


def mixed_folder(folder, max_bytes: int) -> tuple[set[str], dict[str, str]]:
    """Good and bad inputs side by side: (ids that must be built, {bad source: expected reason})."""
    folder.mkdir()
    good_ids = set()

    def good(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        good_ids.add(name.rsplit(".", 1)[0])

    for article_id, text in GOOD.items():
        good(f"{article_id}.txt", text.encode("utf-8"))
    good("kharkiv-cp1251.txt", "Російські війська обстріляли Харків у понеділок, повідомив губернатор Олег Синєгубов."
         .encode("cp1251"))
    good("kherson-latin1.txt", "Les forces russes ont bombardé Kherson, a déclaré l'armée ukrainienne à Kyiv."
         .encode("latin-1"))
    good("odesa-utf16.txt", "\ufeffRussian drones attacked Odesa overnight, the Ukrainian Air Force said."
         .encode("utf-16-le"))
    long_line = ("Russian forces shelled Kherson and Ukrainian artillery answered near Kupiansk while the brigade "
                 "held the line " * 1800)[:200_000]
    good("long-line.txt", long_line.encode("utf-8"))
    good("malformed.html", b"<html><head><title>Strike on Dnipro</title><body><div><p>Russian missiles struck "
                           b"Dnipro on Friday, the mayor said.<p>The 93rd Mechanised Brigade repelled attacks near "
                           b"Bakhmut <b><i>overnight</div></span></table><p>Three people were wounded in Dnipro.")
    records = [
        {"id": "wire-1", "text": "Ukrainian forces struck a Russian air base in Crimea, the navy said.",
         "title": "Strike on Crimea"},
        "{this is not json",
        {"id": "wire-2", "text": "Russian troops attacked Pokrovsk with artillery, the army said."},
    ]
    (folder / "wire.jsonl").write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
                                       encoding="utf-8")
    good_ids |= {"wire-1", "wire-2"}

    bad = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b" \n\t\n  ", "file contains only whitespace"),
        "report.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n", "binary file (PDF), not an article"),
        "map.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG), not an article"),
        "nul.txt": (b"Kyiv\x00\x00 report", "binary file (contains NUL bytes), not an article"),
        "huge.txt": (b"Kyiv was shelled. " * (max_bytes // 18 + 10), f"over the limit of {max_bytes:,} bytes"),
    }
    expected = {str(folder / name): reason for name, (data, reason) in bad.items()}
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    expected[f"{folder / 'wire.jsonl'}:2"] = "broken JSON"
    nested = folder / "nested"
    nested.mkdir()
    (nested / "loop").symlink_to(folder, target_is_directory=True)
    expected[str(nested / "loop")] = "symlink loop"
    return good_ids, expected


@pytest.mark.slow
def test_mixed_folder_builds_every_good_article_and_reports_every_bad_input(tmp_path, capsys, warm_pipeline):
    max_bytes = 300_000
    good_ids, bad = mixed_folder(tmp_path / "in", max_bytes)
    started = time.monotonic()
    status, out, err = run(["build", tmp_path / "in", "--out", tmp_path / "out", "--max-bytes", max_bytes], capsys)
    elapsed = time.monotonic() - started

    assert status == 0, err
    assert elapsed < 300, f"the build took {elapsed:.0f}s: hostile input must not make it hang"
    for source, reason in bad.items():
        line = next((line for line in err.splitlines() if line.startswith(f"{source}: skipped at ingest: ")), None)
        assert line is not None, f"{source} not reported:\n{err}"
        assert reason in line
    assert f"articles read: {len(good_ids) + len(bad)}, built: {len(good_ids)}, skipped: {len(bad)}" in err
    export_is_complete(tmp_path / "out")
    assert article_ids(tmp_path / "out") == good_ids  # nothing lost


def test_file_over_max_bytes_is_refused_naming_the_file_its_size_and_the_limit(tmp_path, capsys, warm_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD["avdiivka"], encoding="utf-8")
    big = folder / "dump.txt"
    big.write_bytes(b"Ukrainian forces held Kupiansk. " * 40_000)  # 1,280,000 bytes
    status, _, err = run(["build", folder, "--out", tmp_path / "out", "--max-bytes", "1000000"], capsys)
    assert status == 0
    assert f"{big}: skipped at ingest: file is 1,280,000 bytes, over the limit of 1,000,000 bytes" in err
    assert article_ids(tmp_path / "out") == {"ok"}


def test_article_text_over_max_chars_is_refused_naming_the_file_its_length_and_the_limit(
        tmp_path, capsys, warm_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD["robotyne"], encoding="utf-8")
    (folder / "long.txt").write_text("Ukrainian forces held Kupiansk. " * 100, encoding="utf-8")
    status, _, err = run(["build", folder, "--out", tmp_path / "out", "--max-chars", "2000"], capsys)
    assert status == 0
    assert f"{folder / 'long.txt'}: skipped at extract: article text is 3,199 characters, " \
           "over the limit of 2,000 characters for one article" in err
    assert article_ids(tmp_path / "out") == {"ok"}


HOSTILE_TEXT = (
    'Ukrainian forces captured Bakhmut"> <script>alert(1)</script> after heavy fighting, the General Staff said.\n\n'
    "Russian troops attacked Avdiivka </script><img src=x onerror=alert(1)> with glide bombs, officials said.\n\n"
    'Russian forces captured Vuhledar @prefix ex: <http://x> . _:b0 """ \\ on Wednesday, the ministry said.\n\n'
    "The 47th Mechanised Brigade repelled an assault near Robotyne on Tuesday, the brigade said.\n"
)
HOSTILE_AUTHOR = 'Ivan "The" <Petrenko>'


def hostile_folder(folder, canary_url: str) -> None:
    folder.mkdir()
    (folder / "front.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    records = [
        {"id": 'h1"><script>alert(1)</script>', "url": "javascript:alert(1)", "author": HOSTILE_AUTHOR,
         "title": '</script><script>alert(1)</script> """ @prefix',
         "publisher": "Kyiv Independent",
         "text": "Ukrainian forces captured Bakhmut \"\"\" _:b0 <http://x> on Monday, the General Staff said.\n"
                 "The 47th Mechanised Brigade repelled an attack near Robotyne on Tuesday."},
    ]
    for number, payload in enumerate(payloads(canary_url)):
        records.append({"id": f"payload-{number}", "title": payload,
                        "text": f"Russian forces captured Vuhledar {payload} on Wednesday, the ministry said."})
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def test_hostile_text_survives_every_rdf_export_as_plain_literals(tmp_path, capsys, warm_pipeline):
    hostile_folder(tmp_path / "in", "http://127.0.0.1:9")
    status, _, err = run(["build", tmp_path / "in", "--out", tmp_path / "out", "--strict"], capsys)
    assert status == 0, err
    graph = parse_exports(tmp_path / "out")  # rdflib and pyoxigraph, all four syntaxes, same triples

    assert HOSTILE_AUTHOR in labels(graph)
    assert "Robotyne" in {label.split()[0] for label in labels(graph)}
    said = evidence(graph)
    assert 'Russian troops attacked Avdiivka </script><img src=x onerror=alert(1)> with glide bombs, officials said.' \
        in said
    hostile_evidence = {e for e in said if any(mark in e for mark in ("<script>", "\"\"\"", "@prefix", "_:b0", "onerror"))}
    assert len(hostile_evidence) >= 3, said
    identifiers = {str(o) for o in graph.objects(None, URIRef(DCTERMS + "identifier"))}
    assert 'h1"><script>alert(1)</script>' in identifiers
    titles = {str(o) for o in graph.objects(None, URIRef(DCTERMS + "title"))}
    assert '</script><script>alert(1)</script> """ @prefix' in titles
    # Nothing hostile became structure: no IRI carries markup or points at a hostile URL.
    iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    assert not [iri for iri in iris if set(iri) & set('<>"\\ {}|^`') or iri.startswith(("http://x", "javascript:"))]


def _drawn_counts(out_dir) -> tuple[int, int]:
    graph = parse_exports(out_dir)
    kinds = {URIRef(CK + k) for k in ("MilitaryUnit", "Person", "Place", "Organisation", "WeaponSystem")}
    nodes = {s for s, _, o in graph.triples((None, RDF.type, None)) if o in kinds}
    edges = {(graph.value(c, RDF.subject), graph.value(c, RDF.predicate), graph.value(c, RDF.object))
             for c in graph.subjects(RDF.type, URIRef(CK + "Claim"))}
    return len(nodes), len(edges)


@pytest.mark.slow
def test_hostile_build_renders_in_chromium_without_running_or_fetching_anything(
        chromium, canary, tmp_path, capsys, warm_pipeline):  # noqa: F811 - fixtures imported above
    canary_url, hits = canary
    hostile_folder(tmp_path / "in", canary_url)
    status, _, err = run(["build", tmp_path / "in", "--out", tmp_path / "out"], capsys)
    assert status == 0, err
    page = tmp_path / "out" / "graph.html"
    net_log = tmp_path / "net-log.json"
    result = subprocess.run(
        [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={net_log}",
         "--virtual-time-budget=3000", "--window-size=1200,800", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = Dom(result.stdout)
    nodes, edges = _drawn_counts(tmp_path / "out")
    assert edges > 0
    container = next(attrs for tag, attrs in dom.elements if attrs.get("id") == "ck-network")
    assert container.get("data-rendered") == f"{nodes} nodes, {edges} edges"
    assert container.get("data-csp-violations") == "0"
    assert dom.title == "conflict-kg knowledge graph"
    assert not any(attrs.get("id") == "pwned-marker" or "data-pwned" in attrs for _, attrs in dom.elements)
    assert not {"img", "iframe", "link", "a"} & {tag for tag, _ in dom.elements}
    assert not [(tag, name) for tag, attrs in dom.elements for name in attrs if name.startswith("on")]
    assert hits == [], f"the page requested {hits}"
    assert not {host for host in requested_hosts(net_log) if host in ("127.0.0.1", "x")}


def test_symlink_loop_given_directly_is_reported_and_the_rest_is_built(tmp_path, capsys, warm_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD["kupiansk"], encoding="utf-8")
    os.symlink(folder, folder / "again")
    (tmp_path / "self").symlink_to(tmp_path / "self")
    status, _, err = run(["build", folder, tmp_path / "self", "--out", tmp_path / "out"], capsys)
    assert status == 0
    assert f"{folder / 'again'}: skipped at ingest: " in err and "symlink loop" in err
    assert f"{tmp_path / 'self'}: skipped at ingest: " in err
    assert article_ids(tmp_path / "out") == {"ok"}
