"""Corrections an article makes to its own figures, on text written for these tests."""

from __future__ import annotations

from ingest.corrections import amount, apply_corrections, corrections
from ingest.facts import pay_facts


def test_amounts_are_read_as_written() -> None:
    assert [amount(a) for a in ("96k", "€92.000", "CZK 56,000", "128'000", "4.5k")] == [
        96_000,
        92_000,
        56_000,
        128_000,
        4_500,
    ]


def test_a_correction_names_the_wrong_figure_and_the_right_one() -> None:
    assert corrections("[11:02] ola: typo above - 81k not 87k, sorry")[0][:2] == (87_000, 81_000)
    text = "Our 2024 guide listed EUR 61,000 for Porto, but that was a mistake: the correct figure was EUR 54,000."
    assert corrections(text)[0][:2] == (61_000, 54_000)
    assert corrections("Pay rose from 80k to 90k, not a mistake.") == []  # a change, not a correction
    two = "That was wrong: 21,000 PLN is the Gdansk figure. The correct Poznan number is 19,000 PLN."
    assert corrections(two) == []  # each sentence names one figure: which replaces which is not said


def test_a_corrected_figure_goes_and_its_fix_takes_its_job_and_place() -> None:
    text = (
        "[10:01] ola: Senior ML Engineer, Lyon, 7 yoe. Base €87.000, bonus 8%.\n"
        "[10:03] ola: typo above: 81k not 87k. Base is €81.000."
    )
    facts = [pay_facts(text, title="#salary-sharing", section="", as_of="")]
    apply_corrections(facts, text)
    stated = {f.text: f for f in facts[0]}
    assert "€87.000" not in stated
    fixed = stated["€81.000"]
    assert (fixed.role, fixed.location, fixed.level) == ("Senior ML Engineer", "Lyon", "senior")


def test_advice_naming_two_figures_is_no_correction() -> None:
    assert corrections("Don't make the mistake of accepting 80k instead of 95k.") == []
    assert corrections("Erratum: the median is 1,234.567 890 not 12") == []  # unreadable digits are skipped


def test_an_update_naming_the_figure_it_replaces_is_a_correction() -> None:
    text = "UPDATE (3 March 2025): the letter arrived. Final base: NZ$166,500 (not NZ$158,000 as I wrote above)."
    assert corrections(text)[0][:2] == (158_000, 166_500)


def test_a_page_that_updates_yearly_corrects_nothing_and_a_decimal_comma_k_is_read() -> None:
    assert corrections("We update this page yearly. Median base is $150k, not $200k as many recruiters claim.") == []
    assert corrections("Typo above: €92,5k not €96,5k.")[0][:2] == (96_500, 92_500)
