"""What a figure is, when and where: read from its own clause, row and article, in layouts written for these tests."""

from __future__ import annotations

from ingest.chunking import chunk_article
from ingest.cleaning import clean
from ingest.facts import pay_facts, row_facts
from ingest.money import find_money
from ingest.places import gazetteer
from ingest.tables import table_rows


def _facts(text: str, *, title: str = "ML pay", section: str = "", as_of: str = "") -> dict:
    return {f.text: f for f in pay_facts(text, title=title, section=section, as_of=as_of)}


def test_a_speakers_label_in_an_interview_does_not_hide_each_figures_statistic() -> None:
    text = (
        "A: For staff engineers in Geneva the 25th percentile is CHF 171,000, the median is CHF 189,500 "
        "and the 75th percentile is CHF 214,000."
    )
    facts = _facts(text)
    assert [facts[k].label for k in ("CHF 171,000", "CHF 189,500", "CHF 214,000")] == [
        "25th percentile",
        "median",
        "75th percentile",
    ]
    assert {f.location for f in facts.values()} == {"Geneva"}


def test_a_chunk_opening_at_a_tables_header_keeps_its_caption() -> None:
    prose = "The survey method is described below in some detail, with no figures in this paragraph at all. " * 2
    caption = "Table 2. Median gross base salary of machine learning engineers in two Iberian cities, EUR per year"
    cells = [("Junior", 51, 47), ("Mid-level", 66, 61), ("Senior", 88, 80), ("Staff", 104, 96)]
    rows = "\n".join(f"{level} | {a},000 | {b},000" for level, a, b in cells)
    article = clean(f"# Pay\n{prose}\n{caption}\nLevel | Porto | Valencia\n{rows}", title=None, trust_headings=True)
    chunks = chunk_article(article.text, chunk_size=300, chunk_overlap=60)
    assert chunks[-1].text.startswith(caption)  # the overlap opened it at the header line
    facts = _facts(chunks[-1].text, title="Pay", section=chunks[-1].section)
    senior = facts["EUR 80,000"]
    assert (senior.location, senior.level, senior.label.lower()) == ("Valencia", "senior", "median")


def test_a_chunk_opening_at_a_markdown_tables_alignment_row_knows_its_header() -> None:
    sentence = "Where the numbers come from: community survey answers and job ads with salary ranges, cleaned by hand. "
    prose = sentence * 2
    cities = [("Kaunas", "LT", "EUR", "3,400"), ("Tartu", "EE", "EUR", "3,600"), ("Brno", "CZ", "CZK", "78,000")]
    rows = "\n".join(f"| {c} | {cc} | Mid | {cur} | {v} |" for c, cc, cur, v in cities)
    text = f"# Pay rows\n{prose}\n| City | Country | Level | CCY | Monthly gross |\n|---|---|---|---|---|\n{rows}"
    chunks = chunk_article(clean(text, title=None, trust_headings=True).text, chunk_size=260, chunk_overlap=0)
    last = chunks[-1]  # split right after the header line: it opens at "|---|"
    assert "Brno" in last.text and "Where" not in last.text
    facts = _facts(last.text, title="Pay rows", section=last.section)
    brno = facts["CZK 78,000"]
    assert (brno.location, brno.level, brno.period) == ("Brno", "mid", "month")


def test_a_town_whose_name_is_a_word_in_no_language_counts_alone() -> None:
    geo = gazetteer()
    assert geo.find("my offer in Tartu was EUR 4,800") == ["Tartu"]
    assert geo.find("startups in Herzliya") == ["Herzliya"]
    assert geo.find("Universidad del Pacífico alumni") == []  # a town's name that is a Spanish word
    assert geo.find("Dr Keren Cohen, a senior MLE") == [] and geo.find("said Alice Welland") == []  # a person's name


def test_a_rows_year_cell_dates_its_figures() -> None:
    lines = ["city | level | median | year", "Lyon | senior | €71,000 | 2024", "Lyon | senior | €74,500 | 2025"]
    rows = table_rows(lines)
    years = [f.as_of for i in (1, 2) for f in row_facts(rows[i], lines[i], title="ML pay", section="", as_of="2026")]
    assert years == ["2024", "2025"]


def test_last_year_and_now_count_from_the_articles_date() -> None:
    facts = _facts(
        "ML engineer pay in Lyon grew slowly: the median was €66,000 last year against €68,500 now.", as_of="May 2026"
    )
    assert (facts["€66,000"].as_of, facts["€68,500"].as_of) == ("2025", "2026")
    facts = _facts(
        "The Lyon median for ML engineers rose from €61,000 in the 2024 edition to €64,000 this year.", as_of="2026"
    )
    assert (facts["€61,000"].as_of, facts["€64,000"].as_of) == ("2024", "2026")


def test_a_figure_before_a_year_is_not_a_range_after_a_verb_of_change() -> None:
    assert [m.text for m in find_money("The median climbed from EUR 45,200 to EUR 48,500.")] == [
        "EUR 45,200",
        "EUR 48,500",
    ]
    assert [m.text for m in find_money("Offers range from EUR 45,200 to EUR 48,500.")] == ["EUR 45,200 to EUR 48,500"]


def test_exchange_rates_are_not_pay_but_a_converted_salary_is() -> None:
    text = "Exchange rates used (units per US dollar): INR 83.2, JPY 151, KRW 1,350."
    assert pay_facts(text, title="ML salaries", section="Median salary by country", as_of="") == []
    facts = _facts("A senior ML engineer in Lyon earns €90,000, about USD 97,000 at the current exchange rate.")
    assert set(facts) == {"€90,000", "USD 97,000"}


def test_a_company_headquartered_somewhere_is_no_place_of_the_figure() -> None:
    geo = gazetteer()
    assert geo.find("engineers working for a firm headquartered in the United States", employers=False) == []
    assert geo.find("engineers based in Lisbon", employers=False) == ["Lisbon"]
    assert geo.find("offers from American firms", employers=False) == []


def test_a_city_by_its_clipped_local_name() -> None:
    assert gazetteer().find("joburg vs cape town") == ["Johannesburg", "Cape Town"]


def test_a_newsletters_issue_date_dates_the_article() -> None:
    text = "THE WEEKLY TENSOR, a newsletter\nIssue 12, September 2026\n\nSome text about ML careers here for readers."
    assert clean(text, title=None).as_of == "September 2026"


def test_a_year_told_before_dates_the_next_sentences_past_figures_and_a_later_year_is_a_forecast() -> None:
    text = (
        "In 2024 research scientists at Lyon labs earned a median of EUR 98,000. Applied scientists earned EUR 81,000. "
        "A postdoc at a French university earned about EUR 36,000, and a lecturer EUR 44,000. "
        "Recruiters expect research scientists to reach EUR 104,000 in 2027 and postdocs EUR 38,500."
    )
    facts = _facts(text, as_of="March 2026")
    assert [(facts[k].role, facts[k].as_of) for k in ("EUR 81,000", "EUR 36,000", "EUR 44,000")] == [
        ("Applied scientists", "2024"),
        ("postdoc", "2024"),
        ("lecturer", "2024"),
    ]
    assert facts["EUR 38,500"].projected and facts["EUR 38,500"].as_of == "2027" and not facts["EUR 98,000"].projected
    facts = _facts("In 2024 the median was EUR 60,000. Seniors make EUR 85,000.", as_of="2026")
    assert facts["EUR 85,000"].as_of == "2026"  # said in the present: not the year told before


def test_a_nested_list_item_is_read_with_the_items_it_sits_under() -> None:
    text = (
        "# Pay reference\n\nReference figures for data roles in two countries, per month, from verified offers.\n\n"
        "- Chile (CLP, bruto mensual)\n  - Santiago\n    - ML Engineer\n      - Junior: $ 1.900.000 / mes\n"
        "      - Semi-senior: $ 2.800.000 / mes\n    - Data Engineer\n      - Junior: $ 1.600.000 / mes\n"
        "- Brazil (BRL)\n  - Curitiba\n    - ML Engineer\n      - Pleno: R$ 11.200 / mês\n"
    )
    article = clean(text, title=None, trust_headings=True)
    facts = {f.text: f for f in pay_facts(article.text, title="Pay reference", section="", as_of="2026")}
    santiago = facts["$ 2.800.000"]
    assert (santiago.role, santiago.location, santiago.level, santiago.currency) == (
        "ML Engineer",
        "Santiago",
        "mid",
        "CLP",
    )
    assert (facts["$ 1.600.000"].role, facts["$ 1.600.000"].level) == ("Data Engineer", "junior")
    curitiba = facts["R$ 11.200"]
    assert (curitiba.location, curitiba.level, curitiba.period) == ("Curitiba", "mid", "month")
    assert "- Junior: $ 1.900.000" not in article.text  # the item carries its parents: nothing is lost, nothing guessed


def test_a_figure_with_its_currency_under_a_role_heading_is_pay() -> None:
    text = "🇳🇿 NEW ZEALAND (NZD per month)\n\n🤖 Machine Learning Engineers\n- 2–4 years: NZD 9k–12k"
    (fact,) = pay_facts(text, title="Recruiter notes", section="Machine Learning Engineers", as_of="")
    assert (fact.role, fact.currency, fact.low, fact.high) == ("Machine Learning Engineers", "NZD", 9000, 12000)


def test_subregions_lie_between_a_country_and_its_continent() -> None:
    geo = gazetteer()
    assert geo.find("contractor rates in Western Europe vs South Asia") == ["Western Europe", "Southern Asia"]
    assert geo.within("Munich", "Western Europe") and not geo.within("Warsaw", "Western Europe")
    assert geo.within("Hanoi", "South-eastern Asia") and geo.within("Western Europe", "Europe")


def test_a_region_quoted_in_dollars_stays_a_region() -> None:
    from ingest.facts import fill_locations

    facts = pay_facts(
        "| Skill | North America |\n|---|---|\n| MLOps | $142 |", title="Rates", section="USD per hour", as_of=""
    )
    fill_locations(facts)
    assert [(f.location, f.period) for f in facts] == [("North America", "hour")]


def test_a_year_a_figure_is_compared_with_is_not_its_own_and_a_city_offering_pay_keeps_it() -> None:
    facts = _facts("ML engineer pay in Lyon rose 5% from last year to €70,000.", as_of="2026")
    assert facts["€70,000"].as_of == "2026"
    (fact,) = pay_facts("Berlin offers ML engineers a median of €72,000.", title="Pay", section="", as_of="")
    assert fact.location == "Berlin"


def test_a_row_naming_the_work_paid_for_carries_it() -> None:
    text = "| Skill | Eastern Europe |\n|---|---|\n| Data labeling QA | $22 |\n| Median | $41 |"
    facts = {f.text: f for f in pay_facts(text, title="Contractor rates", section="USD per hour", as_of="")}
    assert (facts["$22"].role, facts["$22"].location) == ("Data labeling QA", "Eastern Europe")
    assert facts["$41"].role == ""  # a statistic's row names no work


def test_a_figure_converted_to_another_currency_keeps_the_level_of_the_one_it_restates() -> None:
    text = "Juniors are paid RM 7,000 a month, and seniors RM 20,000 a month, which converts to US$55,000 a year."
    facts = {f.text: f for f in pay_facts(text, title="ML pay", section="Kuala Lumpur", as_of="2025")}
    assert (facts["US$55,000"].level, facts["US$55,000"].location) == ("senior", "Kuala Lumpur")
    facts = _facts("Mid-level engineers earn €5,000 a month (about US$65,000 a year).", section="Lisbon")
    assert facts["US$65,000"].level == "mid"


def test_a_period_said_before_a_figure_is_its_own_and_a_rate_is_no_pay() -> None:
    text = "The median for ML engineers of EUR 58,800 corresponds to a monthly gross of about EUR 4,200, paid 14 times."
    facts = _facts(text, section="Vienna")
    assert (facts["EUR 58,800"].period, facts["EUR 4,200"].period) == ("year", "month")
    text = "At the reference rate (EUR 1 = USD 1.09), the ML engineer median of EUR 70,000 is about USD 76,300."
    assert set(_facts(text, section="Lyon")) == {"EUR 70,000", "USD 76,300"}


def test_a_job_ads_min_and_max_columns_are_one_range_dated_by_its_posting() -> None:
    lines = ["title,city,min_salary,max_salary,currency,posted", "ML Engineer,Lyon,61000,74000,EUR,2025-11"]
    from ingest.loaders import csv_to_text

    text = csv_to_text("\n".join(lines))
    (fact,) = pay_facts(text, title="Job ads export", section="", as_of="")
    assert (fact.low, fact.high, fact.currency, fact.location, fact.as_of) == (61000, 74000, "EUR", "Lyon", "2025")


def test_a_transcripts_speaker_keeps_the_role_they_stated_under_their_recurring_heading() -> None:
    from ingest.chunking import Chunk
    from ingest.pipeline import speaker_roles

    chunks = [
        Chunk("I'm a Senior MLOps Engineer at a bank, with 6 years of experience.", "Lena (Vienna)", 0),
        Chunk("I'm a Staff Data Scientist in retail.", "Omar (Cairo)", 1),
        Chunk("My base is EUR 74,000.", "Lena (Vienna)", 2),
        Chunk("Mine is EGP 1.2 million. That's roughly USD 24,000.", "Omar (Cairo)", 3),
    ]
    roles = speaker_roles(chunks)
    assert roles == {"Lena (Vienna)": "Senior MLOps Engineer", "Omar (Cairo)": "Staff Data Scientist"}
    facts = _facts(chunks[3].text, section=f"{chunks[3].section}\n{roles['Omar (Cairo)']}")
    assert facts["USD 24,000"].location == "Cairo"  # a conversion in the next sentence is still Cairo's


def test_pay_of_someone_the_writer_speaks_of_is_theirs() -> None:
    text = "I'm a senior data scientist on EUR 70,000. My manager, with 12 years in, is at roughly EUR 98,000."
    facts = _facts(text, section="Lisbon")
    assert facts["EUR 98,000"].role == "manager" and facts["EUR 70,000"].role == "senior data scientist"
    from ingest.roles import find_role, stated_role

    asked = find_role("senior data scientist")
    assert asked.similarity(stated_role("manager")) == 0  # another job: never the data scientist's pay
    assert find_role("Zurich Hiring Manager Interview") is None  # a title naming a manager is no job paid


def test_a_digest_section_titled_between_rules_heads_its_lines() -> None:
    text = (
        "Weekly pay digest\n\nHello readers, a short issue this week with two cities.\n\n"
        "------------------------------\n 1) Portugal -- Lisbon vs Porto, senior data engineers\n"
        "------------------------------\n\n"
        "  Lisbon ........ EUR 54,000 gross a year\n  Porto ..... EUR 47,500 gross a year\n"
    )
    article = clean(text, title=None)
    assert "## 1) Portugal -- Lisbon vs Porto, senior data engineers" in article.text.splitlines()
    chunk = chunk_article(article.text, chunk_size=800, chunk_overlap=0)[-1]
    facts = _facts(chunk.text, section=chunk.section)
    assert {k: (f.location, f.level, f.role) for k, f in facts.items()} == {
        "EUR 54,000": ("Lisbon", "senior", "senior data engineers"),
        "EUR 47,500": ("Porto", "senior", "senior data engineers"),
    }


def test_a_figure_the_article_says_was_wrong_is_not_stated() -> None:
    facts = _facts(
        "Last month we wrote that a senior data engineer in Lyon earns €5,900 a month. That was wrong: it is the "
        "Nice figure. The correct Lyon number is €6,400 a month.",
        section="Correction: Lyon data engineers",
    )
    assert "€5,900" not in facts
    assert (facts["€6,400"].location, facts["€6,400"].period) == ("Lyon", "month")


def test_a_heading_comparing_two_cities_scopes_neither() -> None:
    facts = _facts(
        "Remote contracts for German firms pay senior ML engineers about EUR 6,000 a month.",
        section="Portugal -- Porto vs Braga, senior ML engineers",
    )
    assert facts["EUR 6,000"].location == "Portugal"


def test_a_figure_restated_in_brackets_keeps_its_period() -> None:
    facts = _facts("Remote work pays data engineers in Lima around USD 4,000 a month (about PEN 15,000 at that rate).")
    assert facts["PEN 15,000"].period == "month"


def test_an_offer_broken_down_in_a_two_column_fixed_width_table() -> None:
    text = (
        "An offer for a staff data engineer in Oslo, shared by a reader:\n\n"
        "  Part                NOK per year\n  ------------------  ------------\n"
        "  Base salary              980,000\n  Annual bonus              90,000\n  ------------------  ------------\n"
        "  Total comp             1,070,000\n"
    )
    article = clean(text, title="Offers")
    facts = _facts(article.text.split("\n", 1)[1])
    assert (facts["NOK 980,000"].basis, facts["NOK 1,070,000"].basis, facts["NOK 90,000"].label) == (
        "base",
        "total",
        "bonus",
    )
    assert {f.location for f in facts.values()} == {"Oslo"}


def test_east_asian_myriad_amounts_and_their_notes() -> None:
    moneys = find_money("| 1억 3,500만원 | 2,400万円 | 45万元 |")
    assert [(m.currency, m.low) for m in moneys] == [("KRW", 135_000_000), ("JPY", 24_000_000), ("CNY", 450_000)]
    facts = _facts(
        "Salaries are quoted in 万円, so 600万円 means 6 million yen. A senior data engineer in Nagoya is on about "
        "880万円, roughly US$58,000 at ¥152 to the dollar."
    )
    assert set(facts) == {"880万円", "US$58,000"}
    assert facts["880万円"].location == "Nagoya"


def test_a_two_level_header_names_each_column_by_both_levels() -> None:
    lines = [
        "Role | Level | Lyon (EUR) | Lille (EUR)",
        "Base | Total | Base | Total",
        "Data Engineer | Senior | 61,000 | 66,500 | 57,000 | 60,000",
    ]
    rows = table_rows(lines)
    facts = {f.text: f for f in row_facts(rows[2], lines[2], title="Pay", section="", as_of="2025")}
    assert {k: (f.location, f.basis, f.level) for k, f in facts.items()} == {
        "EUR 61,000": ("Lyon", "base", "senior"),
        "EUR 66,500": ("Lyon", "total", "senior"),
        "EUR 57,000": ("Lille", "base", "senior"),
        "EUR 60,000": ("Lille", "total", "senior"),
    }


def test_a_datelines_date_comes_before_a_date_quoted_in_the_notes() -> None:
    text = (
        "# Recruiter index 2025\n*Oslo, 4 June 2025* — The index covers data engineers.\n\n"
        + "- Senior data engineers in Oslo earn NOK 82,000 a month.\n" * 16
        + "\nNotes: last year's index was published on 30 May 2024."
    )
    assert clean(text, title=None, trust_headings=True).as_of == "4 June 2025"
    slides = "Slide 1 — Pay briefing\n- Effective date: 1 April 2025\n- Mid data engineer, Perth: A$150k base\n"
    assert clean(slides, title=None).as_of == "1 April 2025"


def test_a_numbered_slides_title_is_a_heading() -> None:
    text = "Slide 3 — Overview\n- a\n- b\n\nSlide 4 — Perth: mid & senior\n- Mid data engineer, Perth: A$150k base\n"
    headings = [x for x in clean(text, title="Deck").text.splitlines() if x.startswith("## ")]
    assert headings == ["## Slide 3 — Overview", "## Slide 4 — Perth: mid & senior"]


def test_a_line_opening_with_approx_restates_the_figure_above_in_another_currency() -> None:
    text = "Average: QAR 24,000/month\n≈ USD 6,600 /month\nMedian: QAR 22,500/month"
    facts = _facts(text, section="Data Engineer in Doha")
    assert {k: f.restated for k, f in facts.items()} == {"QAR 24,000": False, "USD 6,600": True, "QAR 22,500": False}


def test_a_total_listing_its_parts_with_plus_signs_is_total() -> None:
    facts = _facts("In Lyon, senior data engineers' median total compensation (base + bonus + RSUs) was €98,000.")
    assert facts["€98,000"].basis == "total"


def test_a_short_line_naming_a_place_heads_the_offers_under_it() -> None:
    text = (
        "Offers I made this quarter, all monthly gross.\n\n🏙️ LYON office\n\n📊 Data Engineer, mid → €4,200/month\n\n"
        "🏯 LILLE office\n\n📊 Data Engineer, mid → €3,900/month\n"
    )
    headings = [x for x in clean(text, title="Offers").text.splitlines() if x.startswith("## ")]
    assert headings == ["## LYON office", "## LILLE office"]


def test_a_sentence_opening_with_a_place_is_that_places_and_a_team_lead_is_a_role() -> None:
    text = "In Lyon, the median for ML engineers is EUR 52,000, with the gap to Paris narrowing."
    (fact,) = pay_facts(text, title="France AI pay", section="", as_of="")
    assert fact.location == "Lyon"
    (both,) = pay_facts("Lyon and Lille pay ML engineers about EUR 50,000.", title="Pay", section="", as_of="")
    assert both.location == "France"  # places named together share the figure
    from ingest.roles import find_role

    assert find_role("AI Team Lead at a bank").head == "lead"


def test_a_figure_after_its_own_band_of_years_is_not_the_subjects_level() -> None:
    text = "Freshers in Chennai earn a median of ₹8 LPA, engineers with 4–6 years a median of ₹19 lakh a year (19 LPA)."
    facts = {f.text: f for f in pay_facts(text, title="India pay", section="", as_of="")}
    assert facts["₹8 LPA"].level == "entry"  # a fresher is India's new graduate
    assert (facts["₹19 lakh"].level, facts["₹19 lakh"].experience) == ("", "4–6 years")
    assert facts["19 LPA"].level == ""  # the same figure again, of the same band


def test_a_conversion_stays_with_the_figure_it_converts() -> None:
    text = "The Doha senior package of QAR 40,000 a month is roughly £8,700 at current exchange rates."
    facts = {f.text: f for f in pay_facts(text, title="Gulf pay", section="Doha vs London", as_of="")}
    assert facts["£8,700"].location == "Doha" and facts["£8,700"].restated


def test_a_chat_posters_fields_and_local_money_frame_their_bare_figures() -> None:
    text = (
        "[10:14] jo_k: I'll go first. Data Scientist, Senior, Graz, 6 yoe. Base 71k, bonus 4k.\n"
        "[10:20] ueli: Basel, ML Engineer, Mid, 3 yoe. CHF 121'500 base."
    )
    facts = {f.text: f for f in pay_facts(text, title="#salary-sharing export", section="", as_of="")}
    assert (facts["71k"].location, facts["71k"].level, facts["71k"].currency) == ("Graz", "senior", "EUR")
    swiss = facts["CHF 121'500"]
    assert (swiss.low, swiss.location, swiss.level) == (121_500, "Basel", "mid")


def test_a_figure_of_some_years_ago_is_dated_back_from_its_article() -> None:
    text = "When I was a senior in Denver, which was three years ago, my base was $150,000."
    (fact,) = pay_facts(text, title="Panel", section="", as_of="2026")
    assert fact.as_of == "2023"


def test_review_cases_a_band_after_a_figure_a_retirement_plan_and_a_big_word_are_read_as_meant() -> None:
    from bot.question import parse
    from ingest.money import find_money

    text = "Senior ML engineers in Lyon earn €90,000 with 5 years, €100,000 with 8 years."
    facts = {f.text: f for f in pay_facts(text, title="Pay", section="", as_of="")}
    assert facts["€100,000"].level == "senior"  # the band after €90,000 is that figure's
    assert [m.text for m in find_money("401k match of 6%, base $150k")] == ["$150k"]
    assert parse("is ML pay super high in Zurich?").components == []
    assert parse("how did pay change over the last 2-3 years").experience is None


def test_a_place_its_own_clause_names_after_a_figure_is_its_place_whatever_its_money() -> None:
    text = "- Leeds senior ML engineer: ~GBP 70,000/year gross, vs roughly £7,900/month tax-free in Doha"
    facts = {f.text: f for f in pay_facts(text, title="Gulf pay", section="", as_of="")}
    assert (facts["GBP 70,000"].location, facts["£7,900"].location) == ("Leeds", "Doha")
    both = "In Osaka, a mid ML engineer is on about 640万円, and in Fukuoka around 590万円."
    facts = {f.text: f for f in pay_facts(both, title="Japan pay", section="", as_of="")}
    assert facts["640万円"].location == "Osaka"  # the next clause's place is the next figure's


def test_an_engineering_managers_figure_is_a_managers_at_ingest_too() -> None:
    (fact,) = pay_facts("Engineering managers in Berlin earn €120,000.", title="ML engineer pay", section="", as_of="")
    assert fact.role.lower().startswith("engineering manager")


def test_a_sections_second_chunk_opening_on_other_people_gives_its_first_chunk_no_role() -> None:
    from ingest.chunking import Chunk
    from ingest.pipeline import speaker_roles

    chunks = [
        Chunk("| Role | Lisbon |\n| ML Engineer | €62,000 |", "4. Pay in Portugal", 0),
        Chunk("Junior ML engineers (0–2 years) in Lisbon start at around €30,000.", "4. Pay in Portugal", 1),
    ]
    assert speaker_roles(chunks) == {}


def test_a_job_cards_place_and_level_items_frame_its_pay_item() -> None:
    text = (
        "- Quito, Ecuador (hybrid, 2 days in office)\n"
        "- Level: Senior (IC4)\n"
        "- USD 4,100 – 5,000 gross per month\n"
        "- Offices in: Guayaquil and Cuenca soon\n"
    )
    (fact,) = pay_facts(text, title="Careers", section="MLOps Engineer", as_of="")
    assert (fact.location, fact.level, fact.role, fact.period) == ("Quito", "senior", "MLOps Engineer", "month")


def test_a_list_of_places_or_levels_with_no_pay_item_frames_nothing() -> None:
    for text in (
        "covers these cities:\n- Berlin\n- Munich\n- Hamburg\nThe median data scientist salary is €70,000.",
        "- Junior\n- Mid-level\n- Senior\nOverall the median ML engineer salary is €65,000.",
    ):
        (fact,) = pay_facts(text, title="Pay in Germany", section="", as_of="")
        assert (fact.location, fact.level) == ("Germany", ""), text


def test_an_intern_is_a_job_of_its_own_not_the_role_named_before() -> None:
    facts = _facts(
        "Data scientists in Tunis start at about TND 2,400 a month. ML interns in Tunis receive a stipend of "
        "TND 900 a month.",
        as_of="2026",
    )
    assert facts["TND 2,400"].role == "Data scientists"
    assert facts["TND 900"].role == "ML interns"


def test_a_us_state_code_after_a_town_places_it_in_that_state_not_at_a_namesake() -> None:
    geo = gazetteer()
    assert [geo.country(p) for p in geo.find("senior mle in cambridge MA? near MIT")] == ["United States"]
    assert [geo.country(p) for p in geo.find("Paris, TX")] == ["United States"]
    assert geo.country(geo.find("Vancouver, CA")[0]) == "Canada"  # no Californian Vancouver: not the state's
    assert geo.find("Cambridge OR Oxford") == ["Cambridge", "Oxford"]  # a word in capitals, no comma: no state
    assert [geo.country(p) for p in geo.find("Cambridge in 2025")] == ["United Kingdom"]
