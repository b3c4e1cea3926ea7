"""Write the backfill samples of data/samples/backfill/ (deterministic: the same files on every run).

    .venv/bin/python data/samples/backfill/make_samples.py

- maven_sales_teams.csv, maven_sales_pipeline.csv: a made-up extract of 300 deals in the shape of
  the Maven "CRM Sales Opportunities" sample (its columns and stages, 2017 dates); open deals
  have no close date or value, Prospecting deals no engage date, lost deals a value of 0.
- salesforce_reps.csv, salesforce_Opportunity.csv, salesforce_OpportunityHistory.csv: 24 deals of
  a Salesforce org as a Data Loader export of Opportunity (API names) with the OpportunityHistory
  rows of their stage, amount and close date changes — slips included.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent

OFFICES = {"Central": "Dana Whitfield", "East": "Rafael Okoro", "West": "Mei Takahashi"}
AGENTS = [
    ("Lena Hartwig", "Central"), ("Tomas Becker", "Central"), ("Priya Raman", "Central"),
    ("Owen Castillo", "Central"), ("Hana Novak", "East"), ("Jamal Pierce", "East"),
    ("Sofia Lindqvist", "East"), ("Grant Mbeki", "East"), ("Yuki Mori", "West"),
    ("Carlos Reyes", "West"), ("Ingrid Sølvberg", "West"), ("Noah Abernathy", "West"),
]  # fmt: skip
PRODUCTS = {
    "GTX Basic": 550, "GTX Pro": 4800, "MG Special": 55, "MG Advanced": 3400,
    "GTX Plus Basic": 1100, "GTX Plus Pro": 5500, "GTK 500": 26800,
}  # fmt: skip
ACCOUNTS = [
    "Alderbrook", "Brightwell", "Cobaltix", "Dunmore Foods", "Elmstead", "Fairhaven Labs",
    "Granitehold", "Harborview", "Ironleaf", "Juniper Grid", "Kestrel Works", "Lakemont",
    "Meridian Cargo", "Northfold", "Oakhurst Retail", "Pinecrest", "Quarry Bay", "Redwater",
    "Silverline", "Tidewell", "Umberfield", "Valecrest", "Westbrook Energy", "Yarrow Health",
]  # fmt: skip
EXTRACT_DAY = date(2017, 12, 31)


def _write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def maven(rng: random.Random) -> None:
    _write(
        "maven_sales_teams.csv",
        ["sales_agent", "manager", "regional_office"],
        [[agent, OFFICES[office], office] for agent, office in AGENTS],
    )
    rows: list[list[object]] = []
    for n in range(300):
        agent = AGENTS[rng.randrange(len(AGENTS))][0]
        product = rng.choice(list(PRODUCTS))
        account = rng.choice(ACCOUNTS) if rng.random() > 0.08 else ""
        engaged = date(2016, 10, 20) + timedelta(days=rng.randrange(430))
        cycle = rng.randrange(5, 140)
        closed = engaged + timedelta(days=cycle)
        if closed <= EXTRACT_DAY and rng.random() < 0.8:
            won = rng.random() < 0.63
            value = round(PRODUCTS[product] * rng.uniform(0.85, 1.15)) if won else 0
            row = ["Won" if won else "Lost", engaged.isoformat(), closed.isoformat(), value]
        elif rng.random() < 0.35:
            row = ["Prospecting", "", "", ""]
        else:
            row = ["Engaging", engaged.isoformat(), "", ""]
        opp_id = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(8))
        rows.append([opp_id, agent, product, account, *row])
        del n
    _write(
        "maven_sales_pipeline.csv",
        [
            "opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date",
            "close_date", "close_value",
        ],
        rows,
    )  # fmt: skip


# Salesforce's standard sales process: stage, probability, forecast category (stored value).
LADDER = [
    ("Prospecting", 10, "Pipeline"), ("Qualification", 10, "Pipeline"),
    ("Needs Analysis", 20, "Pipeline"), ("Value Proposition", 50, "Pipeline"),
    ("Id. Decision Makers", 60, "Pipeline"), ("Perception Analysis", 70, "BestCase"),
    ("Proposal/Price Quote", 75, "BestCase"), ("Negotiation/Review", 90, "Forecast"),
]  # fmt: skip
WON, LOST = ("Closed Won", 100, "Closed"), ("Closed Lost", 0, "Omitted")
OWNERS = [
    ("005Hs00000A1bQ2IAJ", "Alice Moreau", "North"), ("005Hs00000A1bQ3IAJ", "Ben Okafor", "North"),
    ("005Hs00000A1bQ4IAJ", "Chen Wei", "East"), ("005Hs00000A1bQ5IAJ", "Dara Quinn", "East"),
]  # fmt: skip
SF_DAY = datetime(2026, 11, 29, 18, 0)


def _sf_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def salesforce(rng: random.Random) -> None:
    _write("salesforce_reps.csv", ["rep", "name", "region"], [list(o) for o in OWNERS])
    opps: list[list[object]] = []
    history: list[list[object]] = []
    for n in range(24):
        opp_id = f"006Hs00001Q{n:03d}IAV"
        owner = OWNERS[n % len(OWNERS)][0]
        moment = datetime(2026, 5, 4, 9, 0) + timedelta(
            days=rng.randrange(160), minutes=rng.randrange(480)
        )
        created = moment
        amount = rng.randrange(20, 400) * 500
        close = (moment + timedelta(days=rng.randrange(45, 120))).date()
        step = 0
        state = LADDER[0]
        while True:
            history.append([
                f"008Hs0000{len(history):06d}", opp_id, owner, _sf_time(moment), state[0], amount,
                round(amount * state[1] / 100, 2), close.isoformat(), state[1], state[2], "false",
            ])  # fmt: skip
            if state in (WON, LOST):
                break
            moment += timedelta(days=rng.randrange(6, 24), minutes=rng.randrange(600))
            if moment >= SF_DAY:
                break
            roll = rng.random()
            if roll < 0.22:  # the close date slips by a month or two
                close = close + timedelta(days=rng.randrange(28, 70))
            elif roll < 0.32:
                amount = max(5000, amount + rng.randrange(-40, 60) * 500)
            elif step + 1 < len(LADDER) and (moment.date() < close or rng.random() < 0.5):
                step += rng.choice((1, 1, 2))
                state = LADDER[min(step, len(LADDER) - 1)]
            else:
                state = WON if rng.random() < 0.6 else LOST
                close = moment.date()
        closed = state in (WON, LOST)
        opps.append([
            opp_id, f"{rng.choice(ACCOUNTS)} {rng.choice(['renewal', 'expansion', 'new logo', 'pilot'])}",
            f"001Hs00000{n:04d}", owner, state[0], amount, state[1], close.isoformat(),
            _sf_time(created), state[2], str(closed).lower(), str(state == WON).lower(),
        ])  # fmt: skip
    _write(
        "salesforce_Opportunity.csv",
        [
            "Id", "Name", "AccountId", "OwnerId", "StageName", "Amount", "Probability",
            "CloseDate", "CreatedDate", "ForecastCategoryName", "IsClosed", "IsWon",
        ],
        opps,
    )  # fmt: skip
    _write(
        "salesforce_OpportunityHistory.csv",
        [
            "Id", "OpportunityId", "CreatedById", "CreatedDate", "StageName", "Amount",
            "ExpectedRevenue", "CloseDate", "Probability", "ForecastCategory", "IsDeleted",
        ],
        history,
    )  # fmt: skip


if __name__ == "__main__":
    maven(random.Random(2017))
    salesforce(random.Random(2026))
