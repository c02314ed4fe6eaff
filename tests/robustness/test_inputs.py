"""Bad and awkward inputs at the ingest level: each gives a clear problem or a correct article,
and never stops the other inputs from being read."""
from __future__ import annotations

import json
import os

import pytest

from conflict_kg.extract import ingest
from conflict_kg.extract.ingest import IngestProblem, read_articles
from conflict_kg.extract.model import RawArticle

GOOD_TEXT = "Ukrainian forces repelled an attack near Robotyne on Thursday, the General Staff said."


def read_with_good_neighbour(tmp_path, bad_path, **options):
    """Read `bad_path` followed by a good file; return (result for bad_path, the good article)."""
    good = tmp_path / "zz-good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    results = list(read_articles([bad_path, good], **options))
    assert len(results) == 2
    assert results[1] == RawArticle(id="zz-good", text=GOOD_TEXT, source=str(good))
    return results[0]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"  \n\t\r\n  \n", "file contains only whitespace")],
)
def test_empty_and_whitespace_only_files_are_problems(tmp_path, content, reason):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    result = read_with_good_neighbour(tmp_path, path)
    assert result == IngestProblem(str(path), f"{path}: {reason}")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("map.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        ("dump.txt", b"Kyiv\x00\x00\x01\x02 report", "contains NUL bytes"),
    ],
)
def test_binary_files_are_problems_naming_the_kind(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    result = read_with_good_neighbour(tmp_path, path)
    assert result == IngestProblem(str(path), f"{path}: binary file ({kind}), not an article")


def test_binary_file_found_in_a_folder_is_reported_too(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "b.txt").write_text(GOOD_TEXT, encoding="utf-8")
    problem, article = list(read_articles([folder]))
    assert problem.reason == f"{folder / 'a.png'}: binary file (PNG), not an article"
    assert article.text == GOOD_TEXT


CYRILLIC = (
    "Російські війська обстріляли Харків у понеділок, повідомив голова обласної адміністрації. "
    "Двоє людей поранені, пошкоджено житловий будинок."
)
RUSSIAN = "Войска отступили от города после тяжёлых боёв, сообщило министерство обороны в воскресенье."
LATIN_ACCENTS = (
    "Les forces ukrainiennes ont repris le contrôle de la ville après des combats acharnés près de la "
    "frontière. Le ministère a déclaré que la situation était stable à Kharkiv."
)


@pytest.mark.parametrize(
    ("text", "encoding", "prefix"),
    [
        (CYRILLIC, "cp1251", b""),
        (LATIN_ACCENTS, "latin-1", b""),
        (CYRILLIC + "\n" + LATIN_ACCENTS, "utf-16-le", b"\xff\xfe"),
        (CYRILLIC + "\n" + LATIN_ACCENTS, "utf-16-be", b"\xfe\xff"),
        (RUSSIAN, "koi8_r", b""),
        (RUSSIAN, "cp1251", b""),
    ],
)
def test_legacy_and_utf16_encodings_round_trip(tmp_path, text, encoding, prefix):
    path = tmp_path / "encoded.txt"
    path.write_bytes(prefix + text.replace("\n", "\r\n").encode(encoding))
    result = read_with_good_neighbour(tmp_path, path)
    assert isinstance(result, RawArticle)
    assert result.text == text


def test_undecodable_bytes_are_rejected_clearly(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    result = read_with_good_neighbour(tmp_path, path)
    assert result == IngestProblem(
        str(path), f"{path}: cannot decode text (not UTF-8, UTF-16 or a recognised legacy encoding)"
    )


def test_a_200000_character_single_line_is_read_whole(tmp_path):
    text = ("Artillery duels continued along the Zaporizhzhia front " * 4000)[:200_000]
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = read_with_good_neighbour(tmp_path, path)
    assert isinstance(result, RawArticle)
    assert len(result.text) == 200_000
    assert result.text == text


def test_file_over_the_size_limit_is_refused_naming_size_and_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("x" * 5_000, encoding="utf-8")
    result = read_with_good_neighbour(tmp_path, path, max_bytes=4_096)
    assert result == IngestProblem(
        str(path), f"{path}: file is 5,000 bytes, over the limit of 4,096 bytes; skipped"
    )


def test_over_long_jsonl_line_is_refused_and_the_next_line_is_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "big", "text": "y" * 10_000}),
        json.dumps({"id": "small", "text": "Drones attacked Odesa."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_articles([path], max_bytes=1_000))
    assert results[0] == IngestProblem(
        f"{path}:1", f"{path}:1: line is over the limit of 1,000 bytes; skipped"
    )
    assert results[1].id == "small" and results[1].source == f"{path}:2"
    assert len(results) == 2


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><div><p>Russian forces shelled Nikopol on Friday, the governor said, and "
        "damaged a power line.<p><b>unclosed <i>tags everywhere",
        "<<<>>>&&&;;;</div></div></body><p",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Shelling near Kupiansk intensified "
        "on Sunday, officials reported, forcing more evacuations.</p></body></html>",
        "\x0b\x0c<html>\udc80</html>".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    ],
)
def test_malformed_html_does_not_crash(tmp_path, markup):
    path = tmp_path / "broken.html"
    path.write_text(markup, encoding="utf-8")
    result = read_with_good_neighbour(tmp_path, path)
    if isinstance(result, IngestProblem):
        assert result.reason.startswith(f"{path}: no readable text found in the HTML")
    else:
        assert result.id == "broken" and result.text.strip()


def test_malformed_html_with_body_text_keeps_its_text(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><body><div><p>Russian forces shelled Nikopol on Friday, the governor said, and "
        "damaged a power line.<p><b>unclosed <i>tags everywhere",
        encoding="utf-8",
    )
    [article] = list(read_articles([path]))
    assert article.text.startswith("Russian forces shelled Nikopol on Friday")


def test_jsonl_broken_lines_are_problems_with_line_numbers_and_others_are_kept(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a", "text": "Kherson was shelled."}\n'
        '{"id": "b", "text": \n'
        "not json at all\n"
        '["a", "list"]\n'
        '{"id": "", "text": "Empty id."}\n'
        '{"id": "f", "text": "Sumy was shelled."}\n',
        encoding="utf-8",
    )
    results = list(read_articles([path]))
    assert [(r.id, r.source) for r in results if isinstance(r, RawArticle)] == [
        ("a", f"{path}:1"),
        ("f", f"{path}:6"),
    ]
    found = [(p.source, p.reason) for p in results if isinstance(p, IngestProblem)]
    assert [source for source, _ in found] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert found[0][1].startswith(f"{path}:2: broken JSON")
    assert found[1][1].startswith(f"{path}:3: broken JSON")
    assert found[2][1] == f"{path}:4: expected a JSON object, found list"
    assert found[3][1] == f"{path}:5: record has no 'id'"


def test_symlink_loop_in_a_folder_is_reported_and_not_followed(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    os.symlink(root, root / "sub" / "loop")
    results = list(read_articles([root]))
    assert results == [
        RawArticle(id="a", text=GOOD_TEXT, source=str(root / "sub" / "a.txt")),
        IngestProblem(
            str(root / "sub" / "loop"),
            f"{root / 'sub' / 'loop'}: symlink loop (points back to a parent folder), skipped",
        ),
    ]


def test_broken_symlink_is_a_problem(tmp_path):
    link = tmp_path / "gone.txt"
    os.symlink(tmp_path / "nowhere.txt", link)
    result = read_with_good_neighbour(tmp_path, link)
    assert result == IngestProblem(str(link), f"{link}: broken symbolic link")


def test_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = read_with_good_neighbour(tmp_path, fifo)
    assert result == IngestProblem(str(fifo), f"{fifo}: not a regular file")


def test_unreadable_file_is_a_problem(tmp_path):
    # Tests usually run as root, which reads files whatever their mode; then the check cannot be
    # made with real permissions and is skipped (the simulated test below covers the handling).
    path = tmp_path / "locked.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read a mode-000 file (root)")
        result = read_with_good_neighbour(tmp_path, path)
    finally:
        path.chmod(0o644)
    assert result == IngestProblem(str(path), f"{path}: cannot read file (Permission denied)")


def test_permission_error_while_opening_is_a_problem(tmp_path, monkeypatch):
    # Simulates the unreadable file for root: the module's `open` fails as the OS would for
    # a mode-000 file; everything else (stat, the other file) is real.
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_TEXT, encoding="utf-8")

    def refusing_open(path, *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", refusing_open, raising=False)
    result = read_with_good_neighbour(tmp_path, locked)
    assert result == IngestProblem(str(locked), f"{locked}: cannot read file (Permission denied)")


def test_unlistable_folder_is_a_problem(tmp_path, monkeypatch):
    folder = tmp_path / "sealed"
    folder.mkdir()
    real_scandir = os.scandir

    def refusing_scandir(path):
        if os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", refusing_scandir)
    result = read_with_good_neighbour(tmp_path, folder)
    assert result == IngestProblem(str(folder), f"{folder}: cannot list folder (Permission denied)")
