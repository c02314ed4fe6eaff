"""Numbered units within one article: a short form joins only the one unit whose full designation
covers it, and a unit of one parent formation is never the same-numbered unit of another."""
from __future__ import annotations

import pytest

from conflict_kg.extract.entities import UnitDesignation, group_mentions, unit_designation
from conflict_kg.extract.model import EntityType, Mention


def units_of(extract_text, text):
    """label -> aliases of every military unit found in the text."""
    return {e.label: e.aliases for e in extract_text(text).entities if e.type is EntityType.MILITARY_UNIT}


def test_designation_reads_number_noun_and_words_and_leaves_out_the_parent():
    assert unit_designation("24th Separate Mechanized Brigade") == UnitDesignation("24", "brigade", frozenset({"separate", "mechanized"}))
    assert unit_designation("the 24th brigade's") == UnitDesignation("24", "brigade", frozenset())
    assert unit_designation("1st company of the 3rd Assault Brigade") == UnitDesignation("1", "company", frozenset())
    assert unit_designation("Azov Brigade") is None


@pytest.mark.parametrize("full, short, joins", [
    ("24th Separate Mechanized Brigade", "24th brigade", True),
    ("24th Separate Mechanized Brigade", "24th Mechanized Brigade", True),
    ("24th Separate Mechanized Brigade", "24th battalion", False),  # the nouns differ
    ("24th Separate Mechanized Brigade", "24th Tank Brigade", False),  # "tank" is not in the full name
])
def test_designation_covers_a_short_form_only_when_number_noun_and_words_agree(full, short, joins):
    assert unit_designation(full).covers(unit_designation(short)) is joins


def test_short_form_joins_the_one_unit_that_covers_it_through_an_intermediate_form(extract_text):
    units = units_of(extract_text, "The 61st Separate Mechanized Brigade dug in north of Lyman. "
                                   "The 61st Mechanized Brigade said shelling eased, and the 61st brigade rotated troops.")
    assert units == {"61st Separate Mechanized Brigade": {"61st Mechanized Brigade", "61st brigade"}}


def test_short_form_two_units_could_stand_for_stays_apart(extract_text):
    units = units_of(extract_text, "The 61st Mechanized Brigade held Lyman while the 61st Assault Brigade "
                                   "moved south. Later the 61st brigade reported two prisoners.")
    assert set(units) == {"61st Mechanized Brigade", "61st Assault Brigade", "61st brigade"}


def test_short_form_of_another_kind_of_unit_does_not_join(extract_text):
    units = units_of(extract_text, "The 61st Separate Mechanized Brigade dug in. The 61st battalion of "
                                   "the territorial defence arrived a day later.")
    assert "61st Separate Mechanized Brigade" in units and not units["61st Separate Mechanized Brigade"]


def test_companies_of_two_brigades_are_two_units_named_with_their_brigade(extract_text):
    units = units_of(extract_text, "The 2nd company of the 61st brigade cleared a treeline, and the 2nd "
                                   "company of the 92nd brigade held the road.")
    assert units["2nd company of the 61st brigade"] == {"2nd company"}
    assert units["2nd company of the 92nd brigade"] == {"2nd company"}


def test_company_of_a_brigade_is_not_a_separate_company_with_the_same_number(extract_text):
    units = units_of(extract_text, "The 1st company of the 3rd Assault Brigade led the attack on Andriivka. "
                                   "The 1st Separate Assault Company held the flank. Later the 1st company took prisoners.")
    assert "1st company of the 3rd Separate Assault Brigade" in units
    assert "1st Separate Assault Company" in units
    assert "1st company" in units  # the later bare form could be either: it stays apart


def test_bare_company_joins_the_one_company_of_a_brigade_named_before(extract_text):
    units = units_of(extract_text, "The 1st company of the 3rd Assault Brigade led the attack on Andriivka. "
                                   "Later the 1st company took prisoners.")
    assert units["1st company of the 3rd Separate Assault Brigade"] == {"1st company"}
    assert "1st company" not in units


def test_surname_joins_a_full_name_the_knowledge_base_knows():
    text = "Governor Ivan Fedorov said five bombs fell. Rescuers worked all night, Fedorov said."
    full, surname = text.index("Ivan Fedorov"), text.rindex("Fedorov")
    mentions = (Mention(text="Ivan Fedorov", name="Ivan Fedorov", type=EntityType.PERSON, start=full,
                        end=full + 12, kb_id="ivan-fedorov", origin="gazetteer"),
                Mention(text="Fedorov", name="Fedorov", type=EntityType.PERSON, start=surname, end=surname + 7))
    (person,) = group_mentions(mentions, text)
    assert (person.key, person.aliases) == ("ivan-fedorov", frozenset({"Fedorov"}))


def test_a_designation_written_with_another_spelling_joins_the_known_unit(extract_text):
    text = ("The 51st Airborne Regiment of the 106th VDV Division advanced on the village. "
            "Other elements of the 106th Airborne Division held the road.")
    units = [e for e in extract_text(text).entities if "106th" in e.label and " of " not in e.label]
    assert [u.kb_id for u in units] == ["106th-guards-airborne-division"]
