"""Readability hints: Flesch-Douma, long sentences and jargon with plain alternatives."""

from models.readability import hints


def test_plain_text_scores_better_than_jargon():
    plain = hints("Noah gaat niet naar school. Thuis is veel ruzie. Wij willen dat dat stopt.")
    hard = hints("Gezien de ernstige ontwikkelingsbedreiging en het ontbreken van acceptatie van vrijwillige "
                 "hulpverlening in het vrijwillig kader verzoekt de gecertificeerde instelling een "
                 "ondertoezichtstelling, waarbij proportionaliteit en subsidiariteit uitdrukkelijk zijn gewogen.")
    assert plain["flesch_douma"] > hard["flesch_douma"]
    assert plain["level"] == "makkelijk (ongeveer B1)" and hard["level"] == "moeilijk"
    assert len(hard["long_sentences"]) == 1 and hard["long_sentences"][0]["words"] > 20
    words = {j["word"] for j in hard["jargon"]}
    assert {"ontwikkelingsbedreiging", "ondertoezichtstelling", "subsidiariteit", "vrijwillig kader"} <= words
    assert plain["jargon"] == [] and plain["long_sentences"] == []


def test_empty_text_gives_no_score():
    assert hints("  ")["flesch_douma"] is None
