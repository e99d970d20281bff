"""Data frames printed by pandas in a notebook export, read as table rows (outputs printed by pandas 2)."""

from __future__ import annotations

from ingest.frames import printed_frames
from tests.conftest import article_facts

LONG = """         city   level currency  median_eur
0       Porto  Junior      EUR       31000
1       Porto  Senior      EUR       58500
2    Valencia  Junior      EUR       29500
3    Valencia  Senior      EUR       55000
4  Las Palmas  Junior      EUR       27000
5  Las Palmas  Senior      EUR       49000"""

PIVOT = "\n".join(  # as pandas prints it, trailing blanks and all
    [
        "level       Junior  Senior",
        "city                      ",
        "Las Palmas   27000   49000",
        "Porto        31000   58500",
        "Valencia     29500   55000",
    ]
)

TWO_LEVELS_CUT = "\n".join(  # as pandas prints it, trailing blanks and all
    [
        "role       Data Engineer         ... ML Engineer       ",
        "level             Junior    Mid  ...         Mid Senior",
        "city                             ...                   ",
        "Porto              40000  41000  ...       44000  45000",
        "Valencia           50000  51000  ...       54000  55000",
        "Las Palmas         60000  61000  ...       64000  65000",
        "",
        "[3 rows x 6 columns]",
    ]
)


def test_a_long_frame_loses_its_running_number_and_keeps_cells_with_spaces() -> None:
    assert printed_frames(LONG).splitlines() == [
        "city | level | currency | median_eur",
        "Porto | Junior | EUR | 31000",
        "Porto | Senior | EUR | 58500",
        "Valencia | Junior | EUR | 29500",
        "Valencia | Senior | EUR | 55000",
        "Las Palmas | Junior | EUR | 27000",
        "Las Palmas | Senior | EUR | 49000",
    ]


def test_a_pivot_names_its_index_and_not_the_columns_name() -> None:
    assert printed_frames(PIVOT).splitlines()[:2] == ["city | Junior | Senior", "Las Palmas | 27000 | 49000"]


def test_column_levels_join_and_left_out_columns_and_rows_are_dropped() -> None:
    assert printed_frames(TWO_LEVELS_CUT).strip().splitlines() == [
        "city | Data Engineer Junior | Data Engineer Mid | ML Engineer Mid | ML Engineer Senior",
        "Porto | 40000 | 41000 | 44000 | 45000",
        "Valencia | 50000 | 51000 | 54000 | 55000",
        "Las Palmas | 60000 | 61000 | 64000 | 65000",
    ]


def test_a_column_under_a_blank_after_a_cut_has_no_group_and_is_dropped() -> None:
    blank = TWO_LEVELS_CUT.replace("... ML Engineer       ", "...                   ")
    assert printed_frames(blank).splitlines()[0] == "city | Data Engineer Junior | Data Engineer Mid"


def test_a_fixed_width_table_keeps_the_name_of_its_first_column() -> None:
    table = "\n".join(
        [
            "Role                  Berlin    Munich",
            "Junior ML Engineer    55,000    60,000",
            "Senior ML Engineer    85,000    92,000",
        ]
    )
    assert printed_frames(table).splitlines()[0] == "Role | Berlin | Munich"


def test_prose_and_fixed_width_text_that_is_no_frame_stay_as_they_are() -> None:
    prose = "Pay rose 8% in 2024.\nSeniors in Porto now earn about EUR 58,500.\nJuniors earn EUR 31,000."
    assert printed_frames(prose) == prose
    code = 'import pandas as pd\nraw = pd.read_csv("pay.csv")\nraw.shape'
    assert printed_frames(code) == code


def test_a_notebook_frame_gives_each_figure_its_city_role_and_level() -> None:
    notebook = (
        "# Iberian data pay, 2025\n\nMedian base pay in euros per year, by role and level:\n\n```python\n"
        'pay.pivot_table(index="city", columns=["role", "level"], values="median_eur")\n```\n\n'
        + "\n".join(f"    {line}" for line in TWO_LEVELS_CUT.splitlines())
    )
    facts = article_facts("iberia-notebook.md", notebook)
    fact = next(f for text, f in facts.items() if "54000" in text)
    assert (fact.location, fact.level, fact.currency) == ("Valencia", "mid", "EUR")
    assert "ML Engineer" in fact.role
    assert not any("..." in text for text in facts)
    assert facts["EUR 60000"].location == "Las Palmas de Gran Canaria"  # not Palmas, Brazil: "Las" is of its name
