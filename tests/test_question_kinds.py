"""What a member's question asks, as members write it: currencies, sources, sides, kinds of answer and roles."""

from __future__ import annotations

import pytest

from bot.question import PAY, asked_figure, asked_roles, comparison_split, parse, question_parts


@pytest.mark.parametrize(
    ("question", "currencies"),
    [
        ("how high can top AI engineers in pune go? give me usd and lakh pls", ["USD", "INR"]),
        ("hcmc MLE pay in dong? just the VND figure, dont care about the usd one", ["VND"]),
        ("do php devs in manila earn more than ML engineers?", []),
        ("is it all worth it at the top?", []),
        ("who earns more as an ml engineer, manila or seoul? usd numbers pls", ["USD"]),  # a code naming figures
    ],
)
def test_currency_codes_in_lower_case_and_ones_set_aside(question: str, currencies: list[str]) -> None:
    assert parse(question).currencies == currencies


def test_a_later_part_asking_who_says_so_asks_a_source() -> None:
    parts = question_parts("median MLE salary in seoul in KRW — and which firm is that number from?")
    assert [asked_figure(p, pay=True) for p in parts] == ["money", "source"]


def test_a_place_naming_the_table_pointed_at_is_not_asked() -> None:
    assert parse("in the europe IT vs non-IT table, what does an ML engineer in lisbon make?").places == ["Lisbon"]
    assert parse("the US report: what do ML leads earn?").places == ["United States"]  # nothing else is asked
    assert parse("ML pay in the US vs Europe").places == ["United States", "Europe"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("which cloud techs are worth knowing for MLE pay?", "item"),
        ("which languages are worth learning for a data scientist?", "item"),
        ("what kind of bonus should I ask for as an ML lead?", "reason"),
        ("how many papers do you have when you get hired as a research scientist?", "count"),
        ("when do RSUs vest at most big tech firms?", "time"),
        ("median base for seniors, and when does the equity vest?", "money"),
        ("how common is pytorch in ML job ads?", "percent"),  # how widespread something is: a share
        ("any tips on negotiating my first ML salary?", "reason"),  # advice, though pay is named
    ],
)
def test_the_kind_of_answer_a_question_asks(question: str, kind: str) -> None:
    assert asked_figure(question, pay=bool(parse(question).pay)) == kind


def test_who_earns_more_a_or_b_compares_the_two() -> None:
    q = parse("who's paid more right now: an ML lead in canada or a lead data scientist in mexico?")
    assert q.compare and q.places == ["Canada", "Mexico"]
    assert len(comparison_split(q.normalized)) == 2
    assert not parse("which city pays more for ML engineers?").compare  # no two things offered


def test_an_academic_post_is_a_role_of_its_own() -> None:
    q = parse("france: how does a postdoc salary compare with a research scientist at an industry lab?")
    assert [r.head for r in asked_roles(q)] == ["postdoc", "scientist"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "does databricks experience help lead ML engineers?",
        "is kafka worth learning for pay?",
    ],
)
def test_the_chunk_sharing_most_rare_words_is_always_read(corpus_store, question: str) -> None:
    import numpy as np

    from bot.retrieval import Retriever

    retriever = Retriever(corpus_store[1])
    vector = retriever.embed_query(question)
    passages = retriever.search(question, vector)
    scores = retriever._lexical_scores(question)
    best = retriever._loaded().ids[int(np.argmax(scores))]
    assert best in [p.chunk_id for p in passages]


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("ML engineer w/ 6 yrs exp in auckland?", 6),
        ("Staff MLE, 9 YOE, what's the band?", 9),
        ("I'm a 3rd year analyst", None),
    ],
)
def test_the_askers_years_of_experience(question: str, years: int | None) -> None:
    assert parse(question).experience == years


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("what years of experience count as junior, and what's the salary at that level?", ["time", "money"]),
        ("what does mid-level mean in years, and what's the pay band for it?", ["time", "money"]),
        ("how many years do you need for a lead role, and is a master's required?", ["time", ""]),
    ],
)
def test_each_part_of_a_message_asks_its_own_kind(question: str, kinds: list[str]) -> None:
    assert [asked_figure(p, pay=bool(PAY.search(p))) for p in question_parts(question)] == kinds


def test_how_much_about_a_role_in_a_place_asks_pay_and_a_pay_gap_a_share() -> None:
    q = parse("data engineer 4+ yrs in austria — how much?")
    assert q.pay and q.experience == 4
    assert parse("gender pay gap in ML roles in canada?").answer_type == "percent"
    assert parse("how big is the pay gap between lisbon and porto?").answer_type != "percent"


def test_a_figures_experience_band_is_its_columns_header_or_its_lines_label() -> None:
    from ingest.facts import experience_band

    quote = "Median base by experience\nRole | 0–2 yrs | 3–5 yrs | 6+ yrs\nData engineer | €50,000 | €64,000 | €80,500"
    assert experience_band(quote, "€64,000").group() == "3–5 yrs"
    assert experience_band(quote, "EUR 80,500").group() == "6+ yrs"
    assert experience_band("- 5–8 years: NZD 11k–14k", "NZD 11k–14k").group() == "5–8 years"
    assert experience_band("The median is €70,000.", "€70,000") is None


def test_a_time_ago_is_no_experience_and_the_nearest_band_labels_a_figure() -> None:
    from ingest.facts import experience_band

    assert parse("what did ML engineers 10 years ago earn in berlin?").experience is None
    assert experience_band("- 2–4 years: HKD 45k; 9+ years: HKD 170k", "HKD 170k").group() == "9+ years"
    assert experience_band("- 5–8 years: HKD 70k", "HKD 170k") is None


def test_a_numbered_item_is_one_answerable_line_under_the_title_that_leads_into_its_list() -> None:
    from ingest.chunking import list_lead_ins, sentence_spans, sentences

    assert sentences("  3. PyTorch - 47%") == ["3. PyTorch - 47%"]
    text = "Most requested tools (share of ads)\n  1. Python - 81% of ads\n  2. SQL - 54%"
    assert [text[a:b] for a, b in sentence_spans(text)][1:] == ["1. Python - 81% of ads", "2. SQL - 54%"]
    assert set(list_lead_ins(text.splitlines()).values()) == {"Most requested tools (share of ads)"}
    q = parse("top 5 skills in canadian ML job ads?")
    assert (q.top, q.answer_type) == (5, "item") and parse("what do the top 10% earn?").top == 0


def test_a_comparison_names_a_place_by_sharing_a_word_and_a_region_asked_by_name_holds_the_city() -> None:
    assert parse("data engineer rates eastern vs western europe?").places == ["Eastern Europe", "Western Europe"]
    q = parse("Lyon-based MLE here, what's senior pay in Europe supposed to be?")
    assert (q.places, q.areas) == (["Lyon"], ["Europe"])
    assert parse("ML pay in Lyon?").areas == []


def test_a_preference_no_figure_of_a_place_escapes_is_dropped() -> None:
    from langchain_core.documents import Document

    from bot.evidence import Candidate, _no_preference_without_choice
    from ingest.facts import Fact

    doc = Document(page_content="", metadata={})

    def ad(employers: str) -> Candidate:
        fact = Fact(kind="salary", quote="€1", text="€1", employers=employers)
        c = Candidate(text="€1", doc=doc, fact=fact, place="Lyon", parts={"dense": 0.5, "employers": -0.2})
        c.by_part = [0.3]
        return c

    every = [ad("seed-stage startup"), ad("listed enterprise")]
    _no_preference_without_choice(every, "employers")
    assert all("employers" not in c.parts and c.by_part == [0.5] for c in every)
    some = [
        ad("seed-stage startup"),
        Candidate(text="€2", doc=doc, fact=Fact(kind="salary", quote="€2", text="€2"), place="Lyon"),
    ]
    _no_preference_without_choice(some, "employers")
    assert "employers" in some[0].parts


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("us vs europe for senior data engineers?", ["United States", "Europe"]),
        ("data engineer pay in the us", ["United States"]),
        ("nyc or sf for a staff MLE?", ["New York City", "San Francisco"]),
        ("can you tell us the data engineer pay in norway", ["Norway"]),
    ],
)
def test_a_places_initials_in_lower_case(question: str, places: list[str]) -> None:
    assert parse(question).places == places


def test_since_a_year_asks_the_history_from_it_not_that_year_alone() -> None:
    q = parse("how much has lyon senior data engineer base gone up since 2022")
    assert (q.years, q.since) == ([], "2022")
    assert parse("senior data engineer base in lyon in 2022?").years == ["2022"]
    assert parse("how much did lyon data engineer base go up since last yr").since == "last"


def test_a_negation_ends_where_a_new_clause_begins() -> None:
    q = parse("staff data engineer tc in lyon?? dont care about base i want total")
    assert q.ruled_out == ["base"] and q.bases == ["total"]


def test_ds_in_lower_case_is_a_data_scientist() -> None:
    assert parse("mid ds pay in lille?").role.text == "mid data scientist"


def test_a_figures_band_of_experience_is_kept_with_it_at_ingest() -> None:
    from ingest.facts import pay_facts

    text = "- 2–4 years: HKD 45k–62k\n- 9+ years: HKD 170k"
    facts = pay_facts(text, title="Pay", section="Data engineers in Hong Kong", as_of="2026")
    assert [f.experience for f in facts] == ["2–4 years", "9+ years"]


def test_what_they_offered_asks_pay() -> None:
    assert parse("what did they offer the senior data engineer in lille").pay


def test_ai_and_ml_are_kin_fields_not_one() -> None:
    from ingest.roles import stated_role

    ml, ai = stated_role("ML engineer"), stated_role("AI Engineer")
    assert 0.5 < ml.similarity(ai) < ml.similarity(stated_role("Machine Learning Engineer")) == 1.0


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("median base for a mid data engineer in lyon? saw a compare page w lille/nantes", ["Lyon"]),
        ("I moved from Paris last year. What do data engineers earn in Lyon?", ["Lyon"]),
        ("data engineer salary in lyon. compare with lille", ["Lyon", "Lille"]),
        ("i live in nantes and wont commute to paris. what band am i on?", ["Nantes"]),  # Paris set aside
    ],
)
def test_places_a_message_only_tells_of_are_not_asked(question: str, places: list[str]) -> None:
    assert parse(question).places == places


def test_years_asked_as_a_band_or_a_floor_are_the_askers_experience() -> None:
    from bot.question import parse

    assert parse("mid ml eng (3-5 yoe) in pune, how many lpa").experience == 4
    assert parse("8+ yoe ai eng in manila?").experience == 8
    assert parse("pay for someone who left 2-3 years ago").experience is None


def test_what_someone_is_making_asks_pay_and_making_something_does_not() -> None:
    from bot.question import parse

    assert parse("what were data engineers in quito making back in 2021").pay
    assert not parse("is making LLM apps a good career move?").pay


@pytest.mark.parametrize(
    ("question", "word"),
    [("ai product manager salery in singapore", "salary"), ("experiance needed", "experience")],
)
def test_a_word_one_typo_from_a_domain_word_is_that_word(question: str, word: str) -> None:
    assert word in parse(question).normalized


def test_a_level_named_as_a_reference_and_a_role_being_left_are_not_asked() -> None:
    q = parse("whats a principal ml engineer paid in the us? like staff/principal level, above lead")
    assert "lead" not in q.levels and "lead" in q.excluded_levels
    roles = asked_roles(parse("ai product manager pay in singapore? thinking of switching from ml eng"))
    assert [r.head for r in roles] == ["manager"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("junior mle here, what should i learn next to reach mid level?", "item"),
        ("why should i learn kubernetes?", "reason"),
    ],
)
def test_what_to_learn_asks_for_skills(question: str, kind: str) -> None:
    assert parse(question).answer_type == kind


def test_compare_to_splits_a_comparison_and_a_shortening_meets_its_word() -> None:
    from ingest.search_index import terms

    assert len(comparison_split("how does ML engineer pay compare to the non-IT average?")) == 2
    assert terms("avg salary, 5 yrs exp") == terms("average salary, 5 years experience")


def test_a_region_members_name_is_never_corrected_into_a_city() -> None:
    assert parse("is the gcp cert worth it in latam?").places == ["Latin America"]


@pytest.mark.parametrize(
    ("question", "codes", "levels"),
    [
        ("senior ml engineer salary in Q3 2024 in Berlin?", [], ["senior"]),  # a quarter is no level code
        ("do I need B2 German for a GPT-4 job?", [], []),
        ("Is lead pay higher than senior pay in Berlin?", [], ["lead", "senior"]),  # a comparison asks both
    ],
)
def test_quarters_and_versions_are_no_level_codes_and_a_comparison_keeps_both_levels(
    question: str, codes: list[str], levels: list[str]
) -> None:
    q = parse(question)
    assert (q.codes, q.levels) == (codes, levels)


def test_a_sentence_on_withheld_tax_or_a_team_with_no_data_scientists_is_no_withheld_figure() -> None:
    from bot.answer import WITHHELD

    assert not WITHHELD.search("Income tax is withheld at source.")
    assert not WITHHELD.search("Firms with no data science team hire generalists.")
    assert WITHHELD.search("We did not have enough placements in Kraków to publish figures (n<10).")


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("senior offer, I live in leeds and wont commute to london. what band am i on?", ["Leeds"]),
        ("ml pay in berlin, not munich", ["Berlin"]),
        ("london vs manchester senior pay?", ["London", "Manchester"]),
    ],
)
def test_a_place_the_member_sets_aside_is_not_asked(question: str, places: list[str]) -> None:
    assert parse(question).places == places


def test_a_top_share_names_a_group_not_a_percentage_answer() -> None:
    from bot.question import states_figure

    assert not states_figure("percent", "- Top 10%: Over $366,000")
    assert states_figure("percent", "certifications are correlated with a 10–20% salary uplift")


def test_different_numbers_from_the_sources_is_a_comparison_of_them() -> None:
    assert parse("ive seen diff numbers for sr mle pay in singapore, what do ur sources say?").compare
    assert parse("what do the articles say about ML pay in Oslo?").compare


def test_how_often_pay_comes_is_not_the_period_asked() -> None:
    from bot.question import requested_period

    assert requested_period("they pay 14 times a year, how much gross per payslip is that?") == "payslip"
    assert requested_period("paid twice a month, what's the salary per year?") == "year"


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("what do senior ML engineers make in valencia spain?", ["Valencia, Spain"]),  # not Venezuela's, nor all Spain
        ("ml engineer pay in valencia, spain", ["Valencia, Spain"]),
        ("ML pay in Spain vs Valencia", ["Spain", "Valencia"]),
    ],
)
def test_a_city_named_with_its_country_is_that_city_alone(text: str, places: list[str]) -> None:
    assert parse(text).places == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("senior ml engineer in cebu (not manila) how much per month?", ["Cebu City"]),  # Cebu City by its name
        ("istanbul senior MLE median monthly base in lira?", ["Istanbul"]),  # the Turkish lira, not Lira in Uganda
    ],
)
def test_a_citys_short_name_and_a_currency_named_like_a_town(text: str, places: list[str]) -> None:
    assert parse(text).places == places


def test_review_cases_of_places_roles_and_advice() -> None:
    """Namesakes stay apart, a figure after an abbreviation keeps its role, a grade's steps are no advice."""
    from ingest.places import gazetteer
    from ingest.roles import alternative_roles, find_role

    assert parse("ML salary in London, Canada?").places == ["London, Canada"]  # not the UK's London
    assert gazetteer().country("London, Canada") == "Canada"
    assert not gazetteer().within("San Jose", "San José")  # the US city and Costa Rica's capital
    assert find_role("Senior MLE 120k in Berlin").text == "Senior MLE"
    assert [r.text for r in alternative_roles("NLP / LLM engineer")] == ["NLP / LLM engineer"]  # one role
    assert len(alternative_roles("Data Scientist / Machine Learning Engineer")) == 2
    assert parse("what is the monthly pay at steps 1 and 2 of grade DS 4 in Lagos?").answer_type != "reason"


def test_a_place_set_aside_is_kept_as_such_and_a_local_currency_names_its_country() -> None:
    q = parse("most common salary range for lead ml engineers overall (not nyc)?")
    assert q.places == [] and q.set_aside == ["New York City"]  # not asked, even when it is the only place named
    assert parse("jkt ML intern stipend vs junior ML eng salary, per month in rupiah?").places == ["Indonesia"]
    assert parse("what do seniors make in usd?").places == []  # a reserve currency names no country


def test_a_part_is_answered_by_its_own_best_evidence_unless_a_shown_line_is_that() -> None:
    from langchain_core.documents import Document

    from bot.answer import _part_answer
    from bot.evidence import Candidate

    text = "Lead AI developers in Pune earn $2,300 a month. Top AI engineers earn $68,000+."
    doc = Document(id="a:1", page_content=text)
    shown = Candidate(text="Lead AI developers in Pune earn $2,300 a month.", doc=doc, by_part=[1.05, 0.94])
    ceiling = Candidate(text="Top AI engineers earn $68,000+.", doc=doc, by_part=[0.70, 0.96])
    assert _part_answer([shown, ceiling], [shown], 1) is ceiling  # nearly as good is not its answer
    assert _part_answer([shown, ceiling], [shown], 0) is None


@pytest.mark.slow
def test_a_part_on_a_topic_of_its_own_is_answered_by_the_line_nearest_it_not_the_rests(corpus_store) -> None:
    from bot.answer import Answerer

    settings, store = corpus_store
    answer = Answerer(settings, store=store).answer(
        "how common is pytorch in ML job posts? also by how much do cloud certs raise pay"
    )
    assert "42%" in answer.answer and "10–20%" in answer.answer, answer.answer
