"""`conflict-kg reconcile`: queries, decisions and the client, against a local fake of the services."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from conflict_kg.cli import main
from conflict_kg.extract.model import EntityType
from conflict_kg.graph.iri import article_iri, entity_iri
from conflict_kg.graph.links_file import read_links
from conflict_kg.graph.model import ArticleRecord, GeoPoint, GraphEntity, knowledge_graph
from conflict_kg.graph.rdf import write_rdf
from conflict_kg.graph.reconcile import load_vocabulary, parse_candidates, run_reconcile, unlinked_entities
from conflict_kg.graph.service_client import ClientSettings, ServiceClient, ServiceError
from conflict_kg.graph.verify_kb import CuratedQid, verify_qids
from fake_services import FakeServices, candidate

HUMAN = ("Q5", "human")
UNIT = ("Q176799", "military unit")
WEAPON = ("Q15142894", "weapon model")
VILLAGE = ("Q532", "village")
MONSTER = ("Q2239243", "legendary creature")
DISAMBIGUATION = ("Q4167410", "Wikimedia disambiguation page")

KRAKEN = entity_iri("MilitaryUnit", "kraken")
ANDRIIVKA = entity_iri("Place", "andriivka")
SHAHED = entity_iri("WeaponSystem", "shahed-136")
SYRSKYI = entity_iri("Person", "oleksandr syrskyi")
LINKED = entity_iri("MilitaryUnit", "azov brigade")


def entity(iri, type_, label, **more) -> GraphEntity:
    return GraphEntity(iri=iri, type=type_, label=label, aliases=(), articles=("a",), mention_count=1, **more)


@pytest.fixture
def export(tmp_path) -> Path:
    """An export with four unlinked entities and one the knowledge base links already."""
    nodes = [entity(KRAKEN, EntityType.MILITARY_UNIT, "Kraken"),
             entity(ANDRIIVKA, EntityType.PLACE, "Andriivka", same_as=("https://sws.geonames.org/700001/",),
                    link_confidence=0.7, location=GeoPoint(48.0, 37.9, "UA")),
             entity(SHAHED, EntityType.WEAPON_SYSTEM, "Shahed-136"),
             entity(SYRSKYI, EntityType.PERSON, "Oleksandr Syrskyi"),
             entity(LINKED, EntityType.MILITARY_UNIT, "Azov Brigade", same_as=("http://www.wikidata.org/entity/Q1",),
                    link_confidence=1.0)]
    g = knowledge_graph([ArticleRecord(iri=article_iri("a"), id="a", source="a.txt")], nodes, [])
    folder = tmp_path / "export"
    folder.mkdir()
    write_rdf(g, folder)
    return folder


@pytest.fixture
def services():
    with FakeServices() as fake:
        yield fake


def quick_client(**settings) -> ServiceClient:
    waits = []
    client = ServiceClient(ClientSettings(**{"min_interval": 0, "backoff": 0.5, "timeout": 5, **settings}),
                           sleep=waits.append)
    client.waits = waits  # what it would have slept, without sleeping
    return client


def rows_by_entity(path: Path) -> dict:
    links = read_links(path)
    assert links.problems == ()
    return {row.entity: row for row in links.rows}


def test_only_entities_without_a_wikidata_link_are_sent_with_type_and_context(export, services, tmp_path):
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    queries = {q["query"]: q for q in services.sent_queries()}
    assert set(queries) == {"Kraken", "Andriivka", "Shahed-136", "Oleksandr Syrskyi"}
    assert queries["Oleksandr Syrskyi"]["type"] == "Q5"
    assert queries["Shahed-136"]["type"] == "Q15142894"
    assert queries["Kraken"]["type"] == "Q176799"
    assert queries["Andriivka"]["properties"] == [{"pid": "P17", "v": "Q212"}, {"pid": "P1566", "v": "700001"}]
    assert "properties" not in queries["Kraken"]


def test_a_unique_match_is_accepted_with_its_evidence(export, services, tmp_path):
    services.candidates["Oleksandr Syrskyi"] = [candidate("Q9001", "Oleksandr Syrskyi", 98, HUMAN, match=True)]
    report = run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    row = rows_by_entity(tmp_path / "links.tsv")[SYRSKYI]
    assert (row.qid, row.score, row.matched_label, row.matched_type, row.status) == (
        "Q9001", 98, "Oleksandr Syrskyi", "human", "accepted")
    assert row.date and row.label == "Oleksandr Syrskyi" and row.entity_type == "Person"
    assert report.accepted == 1 and report.decided == 4


def test_an_ambiguous_name_is_settled_by_type(export, services, tmp_path):
    services.candidates["Kraken"] = [candidate("Q9010", "Kraken", 100, MONSTER),
                                     candidate("Q9011", "Kraken", 92, UNIT),
                                     candidate("Q9012", "Kraken", 91, DISAMBIGUATION)]
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    row = rows_by_entity(tmp_path / "links.tsv")[KRAKEN]
    assert (row.qid, row.status) == ("Q9011", "accepted")


def test_an_ambiguous_place_is_settled_by_its_geonames_id(export, services, tmp_path):
    services.candidates["Andriivka"] = [
        candidate("Q9020", "Andriivka", 85, VILLAGE, features={"P17": 100, "P1566": 0}),
        candidate("Q9021", "Andriivka", 85, VILLAGE, features={"P17": 100, "P1566": 100})]
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    row = rows_by_entity(tmp_path / "links.tsv")[ANDRIIVKA]
    assert (row.qid, row.status) == ("Q9021", "accepted")
    assert "GeoNames ID 700001" in row.reason


def test_a_candidate_in_another_country_is_ruled_out(export, services, tmp_path):
    services.candidates["Andriivka"] = [
        candidate("Q9020", "Andriivka", 92, VILLAGE, features={"P17": 0}),
        candidate("Q9021", "Andriivka", 88, VILLAGE, features={"P17": 100})]
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    row = rows_by_entity(tmp_path / "links.tsv")[ANDRIIVKA]
    assert (row.qid, row.status) == ("Q9021", "accepted")


def test_two_close_candidates_of_the_right_type_are_left_for_review(export, services, tmp_path):
    services.candidates["Oleksandr Syrskyi"] = [candidate("Q9030", "Oleksandr Syrskyi", 90, HUMAN),
                                                candidate("Q9031", "Oleksandr Syrskyi", 86, HUMAN)]
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    row = rows_by_entity(tmp_path / "links.tsv")[SYRSKYI]
    assert (row.qid, row.status) == ("Q9030", "rejected")
    assert "Q9031" in row.reason


def test_a_person_candidate_that_is_not_human_is_rejected_whatever_its_score(export, services, tmp_path):
    services.candidates["Oleksandr Syrskyi"] = [candidate("Q9040", "Syrskyi", 100, ("Q101352", "family name"))]
    services.candidates["Shahed-136"] = [candidate("Q9041", "Shahed-136", 70, WEAPON)]
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    rows = rows_by_entity(tmp_path / "links.tsv")
    assert rows[SYRSKYI].status == "rejected" and "family name" in rows[SYRSKYI].reason
    assert rows[SHAHED].status == "rejected" and "below the threshold" in rows[SHAHED].reason


def test_no_match_is_written_as_a_row_to_pin_by_hand(export, services, tmp_path):
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    row = rows_by_entity(tmp_path / "links.tsv")[SHAHED]
    assert (row.qid, row.status, row.reason) == ("", "rejected", "no candidate")


def test_the_client_sends_a_user_agent(export, services, tmp_path):
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    assert services.requests[0]["headers"]["User-Agent"].startswith("conflict-kg/")


def test_429_and_5xx_are_retried_honouring_retry_after_else_backing_off(export, services, tmp_path):
    services.faults = [("status", 429, {"Retry-After": "7"}), ("status", 503), ("status", 502)]
    services.candidates["Kraken"] = [candidate("Q9011", "Kraken", 95, UNIT)]
    client = quick_client()
    run_reconcile(export, tmp_path / "links.tsv", client, services.reconcile_url)
    assert client.waits == [7.0, 1.0, 2.0]  # Retry-After, then 0.5 * 2**1, 0.5 * 2**2
    assert rows_by_entity(tmp_path / "links.tsv")[KRAKEN].status == "accepted"


def test_a_timeout_is_retried(export, services, tmp_path):
    services.faults = [("sleep", 1.5)]
    services.candidates["Kraken"] = [candidate("Q9011", "Kraken", 95, UNIT)]
    client = quick_client(timeout=0.5)
    run_reconcile(export, tmp_path / "links.tsv", client, services.reconcile_url)
    assert len(client.waits) == 1
    assert rows_by_entity(tmp_path / "links.tsv")[KRAKEN].qid == "Q9011"


def test_malformed_json_costs_only_its_batch(export, services, tmp_path):
    services.faults = [("malformed",)] * 3  # the first batch, on every attempt
    services.candidates["Shahed-136"] = [candidate("Q9041", "Shahed-136", 95, WEAPON)]
    failures = []
    report = run_reconcile(export, tmp_path / "links.tsv", quick_client(retries=2), services.reconcile_url,
                           batch_size=2, on_failure=failures.append)
    assert len(failures) == 1 and "malformed JSON" in failures[0]
    assert set(rows_by_entity(tmp_path / "links.tsv")) == {ANDRIIVKA, SHAHED}  # the second batch
    assert report.decided == 2 and "2 not reconciled" in report.summary()


def test_the_time_budget_stops_the_run_and_keeps_what_was_decided(export, services, tmp_path):
    # the clock jumps past the budget once the first batch has been answered
    client = ServiceClient(ClientSettings(min_interval=0, budget=50),
                           clock=lambda: 100.0 if services.requests else 0.0, sleep=lambda s: None)
    report = run_reconcile(export, tmp_path / "links.tsv", client, services.reconcile_url, batch_size=2)
    assert report.decided == 2 and report.stopped and "time budget" in report.stopped
    assert set(rows_by_entity(tmp_path / "links.tsv")) == {KRAKEN, SYRSKYI}


def test_an_answer_without_a_result_list_is_a_service_error():
    with pytest.raises(ServiceError, match="without a 'result' list"):
        parse_candidates({"results": []}, "here")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_without_network_one_line_exit_3_and_nothing_changed(export, tmp_path, capsys):
    links = tmp_path / "links.tsv"
    links.write_text("# my review\n", encoding="utf-8")
    code = main(["reconcile", str(export), "--out", str(links), "--service", f"http://127.0.0.1:{closed_port()}/api"])
    err = capsys.readouterr().err
    assert code == 3
    assert len(err.strip().splitlines()) == 1 and "no network" in err and "nothing was changed" in err
    assert links.read_text(encoding="utf-8") == "# my review\n"


def test_verify_without_network_is_one_line_too(capsys):
    code = main(["reconcile", "--verify", "--api", f"http://127.0.0.1:{closed_port()}/w/api.php"])
    assert code == 3 and len(capsys.readouterr().err.strip().splitlines()) == 1


def test_rerunning_keeps_the_rows_already_reviewed(export, services, tmp_path):
    services.candidates["Kraken"] = [candidate("Q9011", "Kraken", 95, UNIT)]
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url)
    path = tmp_path / "links.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("Q9011", "Q9999").replace("\taccepted\t", "\tpinned\t"),
                    encoding="utf-8")
    services.requests.clear()
    services.candidates["Kraken"] = [candidate("Q9012", "Kraken", 99, UNIT)]
    report = run_reconcile(export, path, quick_client(), services.reconcile_url)
    assert services.sent_queries() == [] and report.kept == 4
    assert (rows_by_entity(path)[KRAKEN].qid, rows_by_entity(path)[KRAKEN].status) == ("Q9999", "pinned")


def test_unlinked_entities_reads_type_label_country_and_geonames(export):
    found = {e.iri: e for e in unlinked_entities(export)}
    assert LINKED not in found
    assert (found[ANDRIIVKA].country, found[ANDRIIVKA].geonames) == ("UA", "700001")
    assert found[SYRSKYI].type is EntityType.PERSON


def test_verify_reports_merged_missing_label_and_type_disagreements(services):
    services.entities = {
        "Q100": {"id": "Q100", "labels": {"en": {"value": "Oleksandr Syrskyi"}},
                 "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}]}},
        "Q101": {"id": "Q200", "redirects": {"from": "Q101", "to": "Q200"}, "labels": {}},
        "Q103": {"id": "Q103", "labels": {"en": {"value": "Mykolaiv Shipyard"}}, "aliases": {"en": []}},
        "Q104": {"id": "Q104", "labels": {"en": {"value": "Kyrylo Budanov"}},
                 "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q101352"}}}}]}},
    }
    services.faults = [("maxlag", 4)]
    curated = [CuratedQid("syrskyi", EntityType.PERSON, ("Oleksandr Syrskyi", "Syrskyi"), "Q100"),
               CuratedQid("merged", EntityType.ORGANISATION, ("Something",), "Q101"),
               CuratedQid("deleted", EntityType.ORGANISATION, ("Gone",), "Q102"),
               CuratedQid("yard", EntityType.ORGANISATION, ("Black Sea Shipyard",), "Q103"),
               CuratedQid("budanov", EntityType.PERSON, ("Kyrylo Budanov",), "Q104")]
    client = quick_client()
    found = {d.kb_id: d for d in verify_qids(curated, client, load_vocabulary(), api=services.api_url)}
    assert client.waits == [4.0]  # maxlag's Retry-After
    assert set(found) == {"merged", "deleted", "yard", "budanov"}
    assert found["merged"].kind == "merged" and "Q200" in found["merged"].detail
    assert found["deleted"].kind == "missing"
    assert found["yard"].kind == "label" and "Mykolaiv Shipyard" in found["yard"].detail
    assert found["budanov"].kind == "type"
    request = services.requests[-1]["params"]
    assert request["action"] == "wbgetentities" and request["maxlag"] == "5"
    assert request["ids"] == "Q100|Q101|Q102|Q103|Q104"


def test_an_accepted_candidate_is_rechecked_on_wikidata(export, services, tmp_path):
    services.candidates["Andriivka"] = [candidate("Q9021", "Andriivka", 95, VILLAGE)]
    services.candidates["Oleksandr Syrskyi"] = [candidate("Q9001", "Oleksandr Syrskyi", 97, HUMAN)]
    services.candidates["Kraken"] = [candidate("Q9011", "Kraken", 95, UNIT)]
    def claim(value):
        return [{"mainsnak": {"datavalue": {"value": value}}}]

    services.entities = {
        "Q9021": {"id": "Q9021", "claims": {"P17": claim({"id": "Q159"}), "P1566": claim("700001")}},
        "Q9001": {"id": "Q9001", "claims": {"P31": claim({"id": "Q5"})}},
        "Q9011": {"id": "Q9050", "redirects": {"from": "Q9011", "to": "Q9050"}},
    }
    run_reconcile(export, tmp_path / "links.tsv", quick_client(), services.reconcile_url, api=services.api_url)
    rows = rows_by_entity(tmp_path / "links.tsv")
    assert rows[ANDRIIVKA].status == "rejected" and "lies in Q159, not Q212" in rows[ANDRIIVKA].reason
    assert rows[SYRSKYI].status == "accepted" and rows[SYRSKYI].reason.endswith("confirmed on Wikidata")
    assert rows[KRAKEN].status == "rejected" and "merged into Q9050" in rows[KRAKEN].reason
    asked = [r["params"] for r in services.requests if "params" in r]
    assert len(asked) == 1 and asked[0]["ids"] == "Q9001|Q9011|Q9021" and asked[0]["props"] == "claims"


def test_when_wikidata_cannot_answer_the_decision_stays_and_says_so(export, services, tmp_path):
    services.candidates["Kraken"] = [candidate("Q9011", "Kraken", 95, UNIT)]
    services.faults = [("sleep", 0), ("status", 500)]  # the reconciliation request goes through, Wikidata fails
    client = quick_client(retries=0)
    run_reconcile(export, tmp_path / "links.tsv", client, services.reconcile_url, api=services.api_url)
    row = rows_by_entity(tmp_path / "links.tsv")[KRAKEN]
    assert row.status == "accepted" and "not re-checked on Wikidata (" in row.reason


def test_verify_from_the_command_line_lists_each_disagreement_and_exits_1(services, capsys):
    from conflict_kg.graph.verify_kb import curated_qids

    first = curated_qids()[0]
    services.entities = {first.qid: {"id": first.qid, "labels": {"en": {"value": "Something Else Entirely"}}}}
    code = main(["reconcile", "--verify", "--api", services.api_url, "--budget", "60"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{first.kb_id} ({first.qid}): label: Wikidata calls it 'Something Else Entirely'" in out
    assert f"{len(curated_qids())} QIDs checked" in err


def test_reconcile_from_the_command_line_writes_the_file_and_summarises(export, services, tmp_path, capsys):
    services.candidates["Kraken"] = [candidate("Q9011", "Kraken", 95, UNIT)]
    services.entities = {"Q9011": {"id": "Q9011", "claims": {}}}
    out = tmp_path / "links.tsv"
    code = main(["reconcile", str(export), "--out", str(out), "--service", services.reconcile_url,
                 "--api", services.api_url])
    stdout, stderr = capsys.readouterr()
    assert code == 0 and f"wrote {out}" in stdout
    assert "4 entities without a Wikidata link: 0 already in the links file, 4 sent to the service, 1 accepted" in stderr
    assert read_links(out).used()[KRAKEN].qid == "Q9011"


def test_a_service_refusing_the_first_request_stops_the_run_in_one_line(export, services, tmp_path, capsys):
    services.faults = [("status", 404)]
    code = main(["reconcile", str(export), "--out", str(tmp_path / "links.tsv"), "--service", services.reconcile_url])
    err = capsys.readouterr().err
    assert code == 2 and "HTTP 404" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "links.tsv").exists() and len(services.requests) == 1


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    from email.utils import format_datetime
    from datetime import datetime, timedelta, timezone

    from conflict_kg.graph.service_client import _retry_after

    assert _retry_after("120") == 120.0
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 25 <= _retry_after(later) <= 30
    assert _retry_after("soon") is None and _retry_after(None) is None


def test_a_long_retry_after_beyond_the_budget_stops_instead_of_retrying_early(export, services, tmp_path):
    services.faults = [("status", 503, {"Retry-After": "3600"})]
    client = quick_client(budget=60)
    report = run_reconcile(export, tmp_path / "links.tsv", client, services.reconcile_url)
    assert client.waits == [] and report.stopped and "waiting 3600 s" in report.stopped
    assert not (tmp_path / "links.tsv").exists()
