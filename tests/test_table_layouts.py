"""Tables and lists in the layouts moderators paste: exports, place columns, captions, lead-ins.

Each test states what a row or list item must be attributed to from its own cells, headers and the line
that introduces it, never from a title that happens to name another place.
"""

from __future__ import annotations

from ingest.chunking import chunk_article
from ingest.cleaning import clean
from ingest.facts import pay_facts
from ingest.tables import table_rows

EXPORT = (
    "Pay pulse 2025 — survey export\n"
    "Notes: base salary, gross, in local currency.\n"
    "role\tcity\tlevel\tcurrency\tperiod\tbase_p25\tbase_median\tbonus_pct\tn\n"
    "ML Engineer\tDubai\tSenior\tAED\tmonth\t38,000\t45,000\t15\t51\n"
    "Data Scientist\tCape Town\tMid\tZAR\tyear\t650,000\t780,000\t8\t56\n"
)


def _facts(text: str, title: str = "ML pay", section: str = "") -> list:
    return pay_facts(text, title=title, section=section, as_of="")


def test_a_tab_separated_export_is_read_as_a_table() -> None:
    body = clean(EXPORT).text
    facts = _facts(body, title="Pay pulse 2025")
    got = {(f.text, f.role, f.location, f.level, f.period, f.label) for f in facts}
    assert got == {
        ("AED 38,000", "ML Engineer", "Dubai", "senior", "month", "base p25"),
        ("AED 45,000", "ML Engineer", "Dubai", "senior", "month", "base median"),
        ("ZAR 650,000", "Data Scientist", "Cape Town", "mid", "year", "base p25"),
        ("ZAR 780,000", "Data Scientist", "Cape Town", "mid", "year", "base median"),
    }  # the bonus % and response counts are not pay


def test_a_header_cell_naming_a_statistic_with_a_digit_still_heads_the_table() -> None:
    lines = ["role | base_p25 | base_p75", "ML Engineer | AED 38,000 | AED 52,000"]
    assert table_rows(lines)[1].headers == ["role", "base p25", "base p75"]


def test_place_columns_give_the_currency_of_bare_ranges() -> None:
    text = (
        "Role | Sydney (AUD) | Auckland (NZD)\n"
        "Senior ML Engineer | 180,000 – 230,000 | 150,000 – 185,000\n"
        "Graduate ML Engineer | 85,000 – 105,000 | 72,000 – 88,000"
    )
    facts = _facts(text, section="Base salary ranges by role and city")
    got = {(f.location, f.level): (f.currency, f.low, f.high) for f in facts}
    assert got == {
        ("Sydney", "senior"): ("AUD", 180_000, 230_000),
        ("Auckland", "senior"): ("NZD", 150_000, 185_000),
        ("Sydney", "entry"): ("AUD", 85_000, 105_000),
        ("Auckland", "entry"): ("NZD", 72_000, 88_000),
    }


def test_a_currency_column_and_level_columns() -> None:
    text = (
        "| City | Currency | Junior (0–2 yrs) | Senior (6–9 yrs) |\n|---|---|---|---|\n"
        "| Zurich | CHF | 105,000 | 158,000 |\n| Warsaw | PLN | 168,000 | 336,000 |"
    )
    facts = _facts(text, section="Median base salary, ML Engineer, by city and level")
    assert {(f.location, f.level, f.text) for f in facts} == {
        ("Zürich", "junior", "CHF 105,000"),
        ("Zürich", "senior", "CHF 158,000"),
        ("Warsaw", "junior", "PLN 168,000"),
        ("Warsaw", "senior", "PLN 336,000"),
    }


def test_a_pooled_table_takes_the_region_its_title_covers_not_the_first_city_named() -> None:
    text = "| Role | Median |\n|---|---|\n| Data Scientist | €82,000 |"
    facts = _facts(
        text,
        title="European ML Pay: What Zurich, Munich, Dublin and Lisbon Actually Pay",
        section="Senior-level pay by role (all cities pooled)",
    )
    assert [f.location for f in facts] == ["Europe"]


def test_an_employer_column_scopes_the_figure_and_is_no_place() -> None:
    text = (
        "| Employer type | Median total comp, Dublin |\n|---|---|\n"
        "| US big tech (EU office) | €165,000 |\n| Bank / insurer | €121,000 |"
    )
    facts = _facts(text, section="What employer type does to a senior offer")
    assert {f.text: (f.location, f.employers) for f in facts} == {
        "€165,000": ("Dublin", "US big tech (EU office)"),
        "€121,000": ("Dublin", "Bank / insurer"),
    }


def test_a_caption_names_the_role_its_rows_leave_open() -> None:
    text = (
        "Table 2. Senior ML Engineer contractor day rates\n"
        "Location | Currency | Day rate\nSydney | AUD | 1,100 – 1,400\nAuckland | NZD | 900 – 1,150"
    )
    facts = _facts(text, section="Contractor rates")
    assert {(f.role, f.location, f.period, f.text) for f in facts} == {
        ("Senior ML Engineer", "Sydney", "day", "AUD 1,100 – 1,400"),
        ("Senior ML Engineer", "Auckland", "day", "NZD 900 – 1,150"),
    }


def test_a_list_takes_place_and_year_from_the_line_that_introduces_it() -> None:
    text = (
        "Agency recruiter here, I place ML people at banks. For 2025 the ranges I'm seeing for base in Toronto:\n"
        "- ML engineer, intermediate (2–5 yrs): roughly CAD 115,000 to 140,000\n"
        "- senior: roughly CAD 150,000 to 185,000\n"
        "Montreal generally runs lower."
    )
    facts = _facts(text, title="Toronto vs Montreal vs Vancouver offers", section="Replies")
    assert {(f.location, f.level, f.as_of, f.text) for f in facts} == {
        ("Toronto", "mid", "2025", "CAD 115,000 to 140,000"),
        ("Toronto", "senior", "2025", "CAD 150,000 to 185,000"),
    }
    assert all("For 2025 the ranges I'm seeing for base in Toronto:" in f.quote for f in facts)  # cited with it


def test_a_perk_listed_under_a_pay_lead_in_is_not_pay() -> None:
    text = "The package for a senior hire usually includes:\n- Transport: AED 1,500 to 3,000 a month\n"
    assert _facts(text, title="Gulf hiring notes", section="Offers") == []


def test_a_chunk_opening_mid_list_repeats_the_line_that_introduces_it() -> None:
    items = "\n".join(f"- Level {k}: roughly CAD {k}00,000" for k in range(1, 30))
    chunks = chunk_article(
        f"# Pay\n## Replies\nLong intro sentence. For 2025 the ranges in Toronto:\n{items}",
        chunk_size=300,
        chunk_overlap=0,
    )
    assert len(chunks) > 2
    assert all("For 2025 the ranges in Toronto:" in c.text for c in chunks)
    assert not any("Long intro sentence" in c.text for c in chunks[1:])


def test_a_numbered_offer_line_is_an_item_not_a_heading() -> None:
    text = "Offers so far:\n1) Toronto, one of the Big Five Banks, Senior ML Engineer\nbase 165,000 / bonus 15%\n"
    assert "## 1)" not in clean(text, title="Offers").text


PDF_TEXT = """Harbour Partners | Data Salary Guide 2026                                Page 1 of 3

KENYA (NAIROBI)

Monthly base salary, KES

Role                       Junior              Senior
Data Scientist             120,000 – 180,000   450,000 – 650,000
Machine Learning Engineer  140,000 – 200,000   500,000 – 750,000


harbour.example/guide    (c) 2026 Harbour Partners. Confidential to recipients.
Harbour Partners | Data Salary Guide 2026                                Page 2 of 3
Notes  on  hiring  are  written  with  double  spaces  here.
harbour.example/guide    (c) 2026 Harbour Partners. Confidential to recipients.
Harbour Partners | Data Salary Guide 2026                                Page 3 of 3
harbour.example/guide    (c) 2026 Harbour Partners. Confidential to recipients.
"""


def test_a_table_laid_out_with_spaces_is_read_by_its_columns_and_page_furniture_is_dropped() -> None:
    body = clean(PDF_TEXT, title="Data Salary Guide 2026").text
    assert "Page 2 of 3" not in body and "Confidential to recipients" not in body
    assert "Notes  on  hiring" in body  # one line with double spaces is not a table
    facts = _facts(body, title="Data Salary Guide 2026", section="KENYA (NAIROBI)")
    assert {(f.role, f.level, f.period, f.text) for f in facts} == {
        ("Data Scientist", "junior", "month", "KES 120,000 – 180,000"),
        ("Data Scientist", "senior", "month", "KES 450,000 – 650,000"),
        ("Machine Learning Engineer", "junior", "month", "KES 140,000 – 200,000"),
        ("Machine Learning Engineer", "senior", "month", "KES 500,000 – 750,000"),
    }


def test_a_padded_markdown_table_and_a_header_repeated_over_tables_are_kept() -> None:
    table = "| City      | Junior  | Senior  |\n|-----------|---------|---------|\n| Toronto   | 87,300  | 163,200 |\n"
    body = clean(f"# Pay\n## Base salary (CAD per year)\n{table}\n{table}\n{table}", trust_headings=True).text
    assert body.count("| City      | Junior  | Senior  |") == 3


def test_a_caption_introducing_a_table_with_a_colon_prices_its_bare_cells() -> None:
    text = (
        "3.1 Median gross monthly salary, MXN, all levels combined (Table 3.1):\n"
        "Occupation | Monterrey | Mérida\nML engineer | 64,000 | 46,000"
    )
    facts = _facts(text, title="Mexico labour brief", section="3. Pay by occupation and city")
    assert {(f.location, f.period, f.text) for f in facts} == {
        ("Monterrey", "month", "MXN 64,000"),
        ("Mérida", "month", "MXN 46,000"),
    }


def test_a_hard_wrapped_paragraph_is_one_line_again_and_a_wrapped_bullet_too() -> None:
    text = (
        "Notes\n"
        "Employees accrue an end-of-service gratuity\n"
        "of half a month's base per year for the first five years.\n"
        "  • In South Africa, Microsoft Azure and Fabric skills dominate because the big banks are\n"
        "    Microsoft shops; the DP-600 certification added 8–12% to offers.\n"
        "  • In the Gulf, AWS certifications are the most requested.\n"
        "Role | Junior | Senior\nData Scientist | 18,000 | 38,000\n"
    )
    lines = clean(text, title="Guide").text.splitlines()
    assert (
        "Employees accrue an end-of-service gratuity of half a month's base per year for the first five years." in lines
    )
    assert any(
        x.endswith("big banks are Microsoft shops; the DP-600 certification added 8–12% to offers.") for x in lines
    )
    assert "Role | Junior | Senior" in lines and "Data Scientist | 18,000 | 38,000" in lines


def test_bare_cells_take_a_currency_cell_only_when_it_is_one() -> None:
    text = "| Segment | Salary | Years |\n|---|---|---|\n| All | ~150,000 | 2024–2025 |\n| Top | 210,000 | 2025 |"
    facts = _facts(text, section="ML engineer salaries (USD)")
    assert {(f.currency, f.low) for f in facts} == {("USD", 150_000), ("USD", 210_000)}  # not ALL/TOP, no years


def test_a_first_row_of_thousands_is_data_not_a_header() -> None:
    rows = table_rows(["| Level | Berlin | Munich |", "| Senior | 120k | 150k |", "| Staff | 150k | 180k |"])
    assert rows[1].headers == ["Level", "Berlin", "Munich"] and rows[2].cells[0] == "Staff"


def test_a_note_above_a_table_is_no_caption_and_a_heading_is_never_joined_to_the_next_line() -> None:
    assert (
        table_rows(["Note: figures exclude bonus", "| Level | Pay |", "|---|---|", "| Senior | $150,000 |"])[3].caption
        == ""
    )
    body = clean("# Pay\n## Machine learning salaries in Europe for 2025\neBay and Spotify pay the most.\n").text
    assert "## Machine learning salaries in Europe for 2025\neBay and Spotify pay the most." in body


def test_a_fixed_width_header_with_a_unit_line_and_a_rule_heads_its_rows() -> None:
    text = (
        "Table 1. Gross monthly earnings by occupation, October 2025 (PLN)\n\n"
        "Occupation                   Employees   Median   P90\n"
        "                             (thous.)\n"
        "------------------------------------------------------\n"
        "Data analyst                 38.4        11,200   17,900\n"
        "Machine learning engineer    9.3         19,500   30,900\n"
        "\nPosted by anna\n----------------------------------------\nGreat thread.\n"
    )
    body = clean(text, title="Earnings bulletin").text
    assert "----------------------------------------" in body  # a rule that heads no table stays
    facts = _facts(body, title="Earnings bulletin", section="Distribution of earnings")
    assert {(f.role, f.label, f.period, f.text) for f in facts} == {
        ("Data analyst", "Median", "month", "PLN 11,200"),
        ("Data analyst", "P90", "month", "PLN 17,900"),
        ("Machine learning engineer", "Median", "month", "PLN 19,500"),
        ("Machine learning engineer", "P90", "month", "PLN 30,900"),
    }


WRAPPED_GUIDE = (
    "Andes Talent | Data & AI Salary Guide 2026                                 1\n"
    "\n"
    "Our 2026 guide draws on 640 placements made across Peru and Chile between\n"
    "January and December 2025, plus a survey of hiring managers in Lima and\n"
    "Santiago. Every figure is a monthly gross base salary for a permanent role.\n"
    "Contractors were surveyed separately and appear in their own table further\n"
    "down, as daily rates; both tables come from the same placement records and\n"
    "the same survey window, so they can be compared with some care.\n"
    "Language: Spanish was required in 81% of Lima postings and in 64% of\n"
    "Santiago postings, so a newcomer without it should target exporters first.\n"
    "Data Scientist: Junior PEN 6,000 · Senior PEN 14,000 · Lead PEN 19,500 in Lima\n"
    "Machine Learning Engineer: Junior PEN 7,000 · Senior PEN 16,000 in Lima\n"
    "\f"
    "Andes Talent | Data & AI Salary Guide 2026                                 2\n"
    "\n"
    "Contract day rates (PEN or CLP per day)\n"
    "\n"
    "Role                      Lima          Santiago\n"
    "ML Engineer               1,150 - 1,400 190,000 - 240,000\n"
    "Data Engineer             980 - 1,250   170,000 - 210,000\n"
    "\f"
    "Andes Talent | Data & AI Salary Guide 2026                                 3\n"
)


def test_a_pdf_dumps_numbered_page_headers_are_dropped_and_its_columns_cut_where_its_header_starts_them() -> None:
    body = clean(WRAPPED_GUIDE, title="Andes salary guide").text
    assert "Andes Talent |" not in body
    assert "ML Engineer | 1,150 - 1,400 | 190,000 - 240,000" in body.splitlines()
    table = body[body.index("Contract day rates") :]
    facts = _facts(table, title="Andes salary guide", section="Contract day rates (PEN or CLP per day)")
    assert {(f.location, f.text, f.period) for f in facts} == {
        ("Lima", "PEN 1,150 - 1,400", "day"),
        ("Santiago", "CLP 190,000 - 240,000", "day"),  # of the caption's two currencies, the one Chile pays in
        ("Lima", "PEN 980 - 1,250", "day"),
        ("Santiago", "CLP 170,000 - 210,000", "day"),
    }


def test_a_paragraph_wrapped_at_a_fixed_width_is_joined_where_the_next_word_would_not_have_fitted() -> None:
    lines = clean(WRAPPED_GUIDE, title="Andes salary guide").text.splitlines()
    assert (
        "Language: Spanish was required in 81% of Lima postings and in 64% of Santiago postings, so a newcomer "
        "without it should target exporters first." in lines
    )
    assert any(x.startswith("Data Scientist: Junior PEN 6,000") for x in lines)  # a labelled line is its own item
    assert any(x.startswith("Machine Learning Engineer: Junior PEN 7,000") for x in lines)


def test_cells_grouped_by_spaces_take_the_rows_currency_and_a_footnoted_place_is_still_read() -> None:
    text = (
        "| City | Currency | Junior | Senior |\n"
        "|---|---|---|---|\n"
        "| Gothenburg | SEK | 41 000–47 000 | 66 000–79 000 |\n"
        "| Tampere² | EUR | 3 400–3 900 | 5 100–6 300 |\n"
    )
    got = {(f.text, f.location, f.level) for f in _facts(text, title="Data engineer pay")}
    assert got == {
        ("SEK 41 000–47 000", "Gothenburg", "junior"),
        ("SEK 66 000–79 000", "Gothenburg", "senior"),
        ("EUR 3 400–3 900", "Tampere", "junior"),
        ("EUR 5 100–6 300", "Tampere", "senior"),
    }


def test_a_fixed_width_spanning_header_names_the_columns_under_it() -> None:
    from ingest.cleaning import clean
    from ingest.facts import pay_facts

    text = """Table 4. Leeds and Bristol - base salary (GBP)

                            ---- Leeds ----          ---- Bristol ----
Role              Level    P25      Median          P25      Median
----------------  ------   -------  -------         -------  -------
ML Engineer       Mid      £51,000  £57,000         £53,000  £60,000
"""
    cleaned = clean(text, title="UK pay").text
    assert "Leeds P25 | Leeds Median | Bristol P25 | Bristol Median" in cleaned
    facts = {f.text: f for f in pay_facts(cleaned, title="UK pay", section="", as_of="")}
    assert (facts["£57,000"].location, facts["£60,000"].location) == ("Leeds", "Bristol")


def test_an_email_threads_quoted_replies_read_as_plain_text_their_wrapped_lines_joined() -> None:
    text = (
        "Subject: RE: hiring plan\n\n"
        "Agreed, go ahead.\n\n"
        "On Mon, 3 Mar 2025 at 10:00, Lena wrote:\n"
        "> For the Tbilisi platform req the hiring manager wants, in this order,\n"
        "> Kubernetes in production, Terraform, Argo Workflows and some Go,\n"
        "> Python. A CKA is preferred but not required.\n"
        ">\n"
        ">> City | Role | Base\n"
        ">> Tbilisi | MLOps Engineer | GEL 7,400 / month\n"
    )
    lines = clean(text, title="hiring plan").text.splitlines()
    assert (
        "For the Tbilisi platform req the hiring manager wants, in this order, Kubernetes in production, Terraform, "
        "Argo Workflows and some Go, Python. A CKA is preferred but not required." in lines
    )
    assert "Tbilisi | MLOps Engineer | GEL 7,400 / month" in lines
    assert clean("> 5 years of experience pays more.\nOtherwise less.", title="x").text.splitlines()[1].startswith(">")


def test_a_cards_level_term_frames_the_figures_under_it_and_a_spaced_slash_names_the_period() -> None:
    text = (
        "Machine Learning Engineer\n"
        "Quito, Ecuador\n"
        "Level — Senior\n"
        "Base salary — USD 3,900 / month\n"
        "Contract rate — USD 38 / hour\n"
        "Day rate — USD 290 / day\n"
        "Nairobi, Kenya\n"
        "Base salary — KES 410,000 / month\n"
    )
    facts = {
        f.text: f for f in pay_facts(clean(text, title="Salary cards").text, title="Salary cards", section="", as_of="")
    }
    assert (facts["USD 3,900"].level, facts["USD 3,900"].period) == ("senior", "month")
    assert (facts["USD 38"].period, facts["USD 290"].period) == ("hour", "day")
    assert (facts["KES 410,000"].location, facts["KES 410,000"].level) == ("Nairobi", "")


def test_a_word_hyphenated_at_a_wrapped_lines_end_is_whole_again_a_compound_keeps_its_hyphen() -> None:
    text = (
        "Contract day rates for ML Engineers are quoted per eight-hour day and\n"
        "split by status. For senior-level ML Engineer contracts in Lon-\n"
        "don, the median day rate was £700, part of it lost to the National Insur-\n"
        "ance levy and to an end-of-\n"
        "service payment that contractors in Edinburgh do not see either.\n"
    )
    body = clean(text, title="Rates").text
    assert "contracts in London, the median day rate" in body
    assert "National Insurance levy" in body and "an end-of-service payment" in body


def test_a_cell_under_a_level_header_is_a_level_not_a_job() -> None:
    text = "Level | Base | Total\nSenior | €71,000 | €82,000\nLead | €88,000 | €104,000"
    facts = {
        f.text: f for f in pay_facts(text, title="ML salaries", section="Machine Learning Engineer, Riga", as_of="")
    }
    lead = facts["€104,000"]
    assert (lead.role, lead.level, lead.location, lead.basis) == ("Machine Learning Engineer", "lead", "Riga", "total")


def test_a_tables_row_of_units_and_its_currency_note_name_its_columns_money() -> None:
    text = (
        "Median pay by city\n"
        "| Role | Gdansk | Poznan |\n"
        "|---|---|---|\n"
        "| ML Engineer | 19,800 | 18,400 |\n"
        "| *Currency / period* | PLN / month gross | PLN / month gross |\n"
        "\n"
        "Total packages\n"
        "| Role | Doha | Muscat |\n"
        "|---|---|---|\n"
        "| ML Engineer | 121,000 | 97,000 |\n"
        "*Currency: USD. Local offers were converted at the March rate.*\n"
    )
    body = clean(text, title="Pay").text
    facts = {f.text: f for f in pay_facts(body, title="Pay", section="", as_of="", currency="EUR")}
    assert (facts["PLN 19,800"].currency, facts["PLN 19,800"].period, facts["PLN 19,800"].location) == (
        "PLN",
        "month",
        "Gdańsk",
    )
    assert facts["USD 97,000"].location == "Muscat"
    assert "Currency / period" not in body  # the units moved into the header: every chunk of the table has them


def survey_facts(text: str) -> list:
    """Pay facts of a survey table of annual gross base earnings of ML engineers."""
    return pay_facts(text, title="Annual gross base earnings", section="ML engineers", as_of="")


def test_a_unit_column_gives_each_rows_currency_and_scale() -> None:
    text = (
        "Region | Unit | Stat | 2024 | 2025\n"
        "Islamabad, Pakistan | PKR '000 | Median | 2,910 | 3,300\n"
        "Surabaya, Indonesia | IDR mn | Median | 201 | 222\n"
        "Hamilton, New Zealand | NZD | Median | 98,500 | 101,000\n"
    )
    facts = {f.text: f for f in survey_facts(text)}
    assert (facts["PKR 3,300 thousand"].low, facts["PKR 3,300 thousand"].location) == (3_300_000, "Islamabad")
    assert facts["IDR 222 million"].low == 222_000_000 and facts["NZD 101,000"].low == 101_000


def test_a_count_column_is_no_pay_however_its_rows_units_scale() -> None:
    text = "Region | Unit | Median 2025 | n 2025\nKaduna, Nigeria | NGN '000 | 9,800 | 41\n"
    facts = survey_facts(text)
    assert [f.low for f in facts] == [9_800_000]


def test_a_currency_note_naming_local_money_and_a_row_of_non_currencies_relabel_nothing() -> None:
    text = (
        "| Country | Median |\n|---|---|\n| Poland | 180,000 |\n"
        "*All salaries in local currency; USD equivalents are in our appendix.*\n\n"
        "| Company | Google | Meta |\n|---|---|---|\n| Equity | RSU | RSU |\n| Base | 150,000 | 160,000 |\n"
    )
    body = clean(text, title="Pay").text
    assert "(USD)" not in body and "(RSU)" not in body and "| Equity | RSU | RSU |" in body


def test_a_unit_scale_applies_to_ranges_and_approximate_cells_too() -> None:
    text = "Region | Unit | P25–P75 | Typical\nKaduna, Nigeria | NGN '000 | 380–520 | ~450\n"
    facts = survey_facts(text)
    assert sorted((f.low, f.high) for f in facts) == [(380_000, 520_000), (450_000, 450_000)]


def test_a_long_caption_labelled_table_n_names_its_tables_currency() -> None:
    text = (
        "Table 1. Median gross monthly wage by occupation and region, Kyrgyz som (KGS), fourth quarter "
        "(October–December) 2025, full-time staff only\n"
        "Occupation | Bishkek city | Osh city\n"
        "Machine learning engineer | 118,000 | 74,000\n"
    )
    facts = {f.text: f for f in pay_facts(text, title="Factsheet", section="Median wages", as_of="")}
    assert (facts["KGS 118,000"].location, facts["KGS 118,000"].period) == ("Bishkek", "month")
