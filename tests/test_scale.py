"""Extraction as a stream: the record cache, `--jobs`, progress; the export never depends on how
extraction ran."""
from __future__ import annotations

import io
import pickle

import pytest
from rdflib import URIRef

from conflict_kg.build import EXPORT_FILES, build, render_exports
from conflict_kg.cache import RecordCache, record_key
from conflict_kg.cli import main
from conflict_kg.extract.clean import clean_article
from conflict_kg.extract.model import RawArticle
from conflict_kg.extract.nlp import parse, parse_many
from conflict_kg.extract.pipeline import extract_article
from conflict_kg.extract.spool import RecordSpool
from conflict_kg.graph.iri import article_iri
from conflict_kg.graph.rdf_files import PieceRenderer
from conflict_kg.progress import Progress

ARTICLES = {
    "a.txt": "Russian forces attacked Kharkiv with glide bombs on Monday, the regional governor said.",
    "b.txt": "The 47th Mechanised Brigade repelled an assault near Robotyne on Tuesday, the General Staff said.",
    "c.txt": "Ukrainian troops captured Hostomel airfield in a night raid, the brigade said.",
    "d.txt": "A Russian Su-25 was shot down near Bakhmut by Ukrainian air defence, the Air Force said.",
}


@pytest.fixture(autouse=True)
def one_build_time(monkeypatch):
    """Builds compared byte for byte state one build time in their dataset description."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")


@pytest.fixture()
def corpus(tmp_path, nlp):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def export_bytes(out_dir) -> dict[str, bytes]:
    return {name: (out_dir / name).read_bytes() for name in EXPORT_FILES}


def test_batched_parse_gives_the_same_docs_as_one_by_one(nlp):
    texts = list(ARTICLES.values()) + ["Kyiv.\n\nThe 93rd Brigade held Bakhmut. " * 20]
    for text, doc in zip(texts, parse_many(texts, piece_chars=200)):
        alone = parse(text, piece_chars=200)
        assert [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc] == \
               [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in alone]


def test_record_survives_the_cache_whole(tmp_path, nlp):
    raw = RawArticle(id="a", text=ARTICLES["a.txt"], source="a.txt")
    record = extract_article(clean_article(raw))
    cache = RecordCache(tmp_path / "cache")
    key = record_key(raw)
    assert cache.get(key) is None
    cache.put(key, record)
    assert cache.get(key) == record


def test_record_key_changes_with_the_article_text_source_or_metadata():
    raw = RawArticle(id="a", text="Kyiv was shelled.", source="a.txt")
    keys = {record_key(raw), record_key(RawArticle(id="a", text="Kyiv was shelled!", source="a.txt")),
            record_key(RawArticle(id="a", text="Kyiv was shelled.", source="b.txt"))}
    assert len(keys) == 3
    assert record_key(raw) == record_key(RawArticle(id="a", text="Kyiv was shelled.", source="a.txt"))


def test_damaged_cache_record_is_a_miss(tmp_path):
    cache = RecordCache(tmp_path)
    raw = RawArticle(id="a", text="Kyiv was shelled.", source="a.txt")
    key = record_key(raw)
    path = tmp_path / key[:2] / f"{key}.pickle"
    path.parent.mkdir()
    path.write_bytes(b"not a pickle")
    assert cache.get(key) is None
    path.write_bytes(pickle.dumps((1, "another key", "a record")))
    assert cache.get(key) is None


def test_rebuild_from_the_cache_is_byte_identical_and_reextracts_only_the_changed_article(corpus, tmp_path):
    fresh = build([corpus], tmp_path / "fresh")
    cache_dir = tmp_path / "cache"
    first = build([corpus], tmp_path / "first", cache_dir=cache_dir)
    second = build([corpus], tmp_path / "second", cache_dir=cache_dir)
    assert (fresh.cache_hits, first.cache_hits, second.cache_hits) == (0, 0, len(ARTICLES))
    assert export_bytes(tmp_path / "second") == export_bytes(tmp_path / "fresh") == export_bytes(tmp_path / "first")

    (corpus / "c.txt").write_text("Ukrainian troops captured Kupiansk in a night raid, the brigade said.",
                                  encoding="utf-8")
    changed = build([corpus], tmp_path / "changed", cache_dir=cache_dir)
    assert changed.cache_hits == len(ARTICLES) - 1
    assert b"Kupiansk" in (tmp_path / "changed" / "graph.ttl").read_bytes()
    assert export_bytes(tmp_path / "changed") == export_bytes(build([corpus], tmp_path / "uncached").files[0].parent)


def test_rebuild_renders_the_rdf_pieces_of_changed_articles_only(corpus, tmp_path, monkeypatch):
    rendered = []
    render_trig = PieceRenderer._trig
    monkeypatch.setattr(PieceRenderer, "_trig", lambda self, piece, *rest: rendered.append(piece.name) or render_trig(self, piece, *rest))
    cache_dir = tmp_path / "cache"
    build([corpus], tmp_path / "first", cache_dir=cache_dir)
    assert len(rendered) == len(ARTICLES) + 1  # each article's piece, and the one holding no article's triples
    assert len(list((cache_dir / "pieces").rglob("*.pickle"))) == len(ARTICLES)

    rendered.clear()
    build([corpus], tmp_path / "again", cache_dir=cache_dir)
    assert rendered == [None]  # the build time and the counts are rendered every time
    assert export_bytes(tmp_path / "again") == export_bytes(tmp_path / "first")

    rendered.clear()
    (corpus / "c.txt").write_text("Ukrainian troops captured Kupiansk in a night raid, the brigade said.",
                                  encoding="utf-8")
    build([corpus], tmp_path / "changed", cache_dir=cache_dir)
    assert rendered == [URIRef(article_iri("c")), None]
    assert b"Kupiansk" in (tmp_path / "changed" / "graph.trig").read_bytes()
    assert export_bytes(tmp_path / "changed") == export_bytes(build([corpus], tmp_path / "fresh").files[0].parent)


def test_two_processes_give_the_same_export_as_one(corpus, tmp_path):
    one = build([corpus], tmp_path / "one", jobs=1)
    two = build([corpus], tmp_path / "two", jobs=2)
    assert (one.built, two.built) == (len(ARTICLES), len(ARTICLES))
    assert export_bytes(tmp_path / "two") == export_bytes(tmp_path / "one")


def test_cli_caches_beside_the_output_folder_unless_told_not_to(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1"]) == 0
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert f"{len(ARTICLES)} of {len(ARTICLES)} records from the cache" in err
    assert any((tmp_path / ".conflict-kg-cache").rglob("*.pickle"))
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORT_FILES)
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1", "--no-cache"]) == 0
    assert f"0 of {len(ARTICLES)} records from the cache" in capsys.readouterr().err


def test_quiet_run_prints_no_timing_and_no_bar(corpus, tmp_path, capsys):
    assert main(["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "records from the cache" not in err and "extracting" not in err
    assert "articles read: 4, built: 4, skipped: 0" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_on_a_terminal_and_not_in_a_pipe():
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = Progress(stream)
        for _ in range(3):
            progress(None)
        progress.close()
    assert "3" in terminal.getvalue() and "articles" in terminal.getvalue()
    assert pipe.getvalue() == ""
    quiet = _Terminal()
    Progress(quiet, quiet=True).close()
    assert quiet.getvalue() == ""


def test_extraction_on_a_dask_cluster_gives_the_same_export_as_here(corpus, tmp_path):
    from distributed import LocalCluster

    here = build([corpus], tmp_path / "here")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = build([corpus], tmp_path / "cluster", cluster=cluster.scheduler_address)
    assert remote.built == here.built == len(ARTICLES)
    assert export_bytes(tmp_path / "cluster") == export_bytes(tmp_path / "here")


def test_cli_runs_extraction_on_the_scheduler_it_is_given(corpus, tmp_path, capsys):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        status = main(["build", str(corpus), "--out", str(tmp_path / "out"), "--cluster", cluster.scheduler_address])
        tasks = cluster.scheduler.task_prefixes
    assert status == 0
    assert "extract_chunk" in tasks
    assert "articles read: 4, built: 4, skipped: 0" in capsys.readouterr().err


def test_rebuild_with_every_record_cached_starts_no_worker_process(corpus, tmp_path, monkeypatch):
    import conflict_kg.parallel as parallel_module

    build([corpus], tmp_path / "first", cache_dir=tmp_path / "cache")

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started although every record was cached")

    monkeypatch.setattr(parallel_module, "ProcessPoolExecutor", no_pool)
    report = build([corpus], tmp_path / "second", jobs=2, cache_dir=tmp_path / "cache")
    assert report.cache_hits == len(ARTICLES)
    assert export_bytes(tmp_path / "second") == export_bytes(tmp_path / "first")


def test_a_lost_worker_costs_only_speed_its_articles_are_extracted_here(corpus, tmp_path, caplog):
    from concurrent.futures import Future

    from conflict_kg.extract.ingest import read_articles
    from conflict_kg.parallel import extract_stream

    class LosingWorkers:
        def submit(self, fn, *args):
            future = Future()
            future.set_exception(RuntimeError("worker killed"))
            return future

    outcomes = list(extract_stream(read_articles([corpus]), LosingWorkers(), 2, max_chars=10_000))
    assert [o.record.article.id for o in outcomes] == ["a", "b", "c", "d"]
    assert "worker killed" in caplog.text


def test_spooled_records_read_back_whole_in_input_and_in_article_order(nlp):
    records = [extract_article(clean_article(RawArticle(id=name, text=text, source=name)), nlp)
               for name, text in sorted(ARTICLES.items(), reverse=True)]
    spool = RecordSpool()
    for record in records:
        spool.append(record)
    assert len(spool) == 4 and list(spool) == records and spool[1:3] == records[1:3] and spool[-1] == records[-1]
    assert [r.article.id for r in spool.in_article_order()] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert render_exports(spool) == render_exports(records)
