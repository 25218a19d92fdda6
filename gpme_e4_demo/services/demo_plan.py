"""Two fiscal years of business of the demo training company, as a plan.

No Odoo import: the plan is plain data computed from a seed and a date, so the
same install gives the same company (deterministic) and the plan can be read
and tested without a database. ``models/gpme_demo_business_builder.py``
turns it into records.
"""

import calendar
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

SEED = 2027


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def fiscal_years(today):
    """The last complete fiscal year and the current one, which ends at the
    end of next month: what the students record today falls in it.

    :return: ((start1, end1), (start2, end2))
    """
    next_month = add_months(today.replace(day=1), 1)
    end2 = month_end(next_month)
    start2 = add_months(next_month, -11)
    end1 = start2 - timedelta(days=1)
    start1 = add_months(start2, -12)
    return (start1, end1), (start2, end2)


# --- The company's market --------------------------------------------------
# (key, name, segment, city, payment term key, pricelist key, payer profile,
#  weight in the turnover)
CUSTOMERS = [
    (
        "lemaire",
        "Cabinet Lemaire Expertise Comptable",
        "pro",
        "Lyon",
        "30",
        "public",
        "ontime",
        8,
    ),
    (
        "garage",
        "Garage Rhône Auto Services",
        "pro",
        "Vénissieux",
        "30",
        "public",
        "late",
        5,
    ),
    (
        "bellecour",
        "Agence Immobilière Bellecour",
        "pro",
        "Lyon",
        "30",
        "public",
        "ontime",
        6,
    ),
    (
        "veto",
        "Clinique vétérinaire des Pentes",
        "pro",
        "Lyon",
        "immediate",
        "public",
        "ontime",
        3,
    ),
    (
        "morel",
        "Imprimerie Morel & Fils",
        "pro",
        "Villeurbanne",
        "45eom",
        "key",
        "partial",
        7,
    ),
    ("vial", "Transports Vial SAS", "pro", "Saint-Priest", "45eom", "key", "late", 9),
    ("lugdunum", "Hôtel Le Lugdunum", "pro", "Lyon", "30", "public", "ontime", 4),
    ("dumas", "Dumas Architectes Associés", "pro", "Écully", "30", "public", "bad", 3),
    (
        "villeurbanne",
        "Mairie de Villeurbanne",
        "public",
        "Villeurbanne",
        "30",
        "market",
        "late",
        10,
    ),
    (
        "claudel",
        "Lycée professionnel Camille Claudel",
        "public",
        "Lyon",
        "30",
        "market",
        "ontime",
        6,
    ),
    (
        "arbresle",
        "Communauté de communes du Pays de l'Arbresle",
        "public",
        "L'Arbresle",
        "30",
        "market",
        "late",
        4,
    ),
    (
        "givors",
        "Centre hospitalier de Givors",
        "public",
        "Givors",
        "30",
        "market",
        "ontime",
        5,
    ),
    (
        "garnier",
        "Sophie Garnier",
        "private",
        "Caluire-et-Cuire",
        "immediate",
        "public",
        "ontime",
        1,
    ),
    ("perrin", "Julien Perrin", "private", "Lyon", "immediate", "public", "ontime", 1),
    ("benali", "Nadia Benali", "private", "Bron", "immediate", "public", "ontime", 1),
]
PROSPECTS = [
    ("kiwee", "Kiwee Lab (start-up)", "Lyon"),
    ("roche", "Roche & Mercier Avocats", "Lyon"),
    ("jaures", "Collège Jean Jaurès", "Vaulx-en-Velin"),
]
# (key, name, kind, city, country code, payment term key)
SUPPLIERS = [
    ("dauphine", "Papeteries du Dauphiné", "goods", "Grenoble", "FR", "45eom"),
    ("infodistrib", "InfoDistrib Pro", "goods", "Lyon", "FR", "30"),
    ("toner", "Toner Express", "goods", "Villefranche-sur-Saône", "FR", "30"),
    ("ergonomia", "Mobilier Ergonomia", "goods", "Roanne", "FR", "45eom"),
    ("ergoline", "Ergoline GmbH", "goods", "Stuttgart", "DE", "30"),
    ("bureaudesign", "Bureau Design Pro", "goods", "Saint-Étienne", "FR", "30"),
    ("perret", "Transports Perret Logistique", "services", "Corbas", "FR", "30"),
    ("sci", "SCI Les Terreaux", "overheads", "Lyon", "FR", "immediate"),
    ("orange", "Orange Business", "overheads", "Paris", "FR", "immediate"),
    ("rhoneauto", "Rhône Utilitaires", "assets", "Vénissieux", "FR", "immediate"),
]
# (key, name, category, cost, sale price, VAT rate, kind, main supplier,
#  usual quantity)
PRODUCTS = [
    (
        "ramette",
        "Ramette papier A4 80 g (500 feuilles)",
        "paper",
        3.10,
        5.90,
        20,
        "consu",
        "dauphine",
        40,
    ),
    (
        "enveloppes",
        "Enveloppes C5 à fenêtre (boîte de 500)",
        "paper",
        14.50,
        26.00,
        20,
        "consu",
        "dauphine",
        4,
    ),
    (
        "classeurs",
        "Classeurs à levier dos 80 mm (lot de 10)",
        "paper",
        11.20,
        21.50,
        20,
        "consu",
        "dauphine",
        5,
    ),
    (
        "agenda",
        "Agenda professionnel 2 jours par page",
        "paper",
        6.80,
        14.90,
        20,
        "consu",
        "dauphine",
        6,
    ),
    (
        "guide",
        "Guide pratique de la gestion de PME (livre)",
        "books",
        15.00,
        24.00,
        5.5,
        "consu",
        "dauphine",
        2,
    ),
    (
        "toner_hp",
        "Toner laser noir compatible HP 59A",
        "it",
        38.00,
        69.00,
        20,
        "consu",
        "toner",
        6,
    ),
    (
        "cartouches",
        "Cartouches jet d'encre couleur (pack de 4)",
        "it",
        21.00,
        39.90,
        20,
        "consu",
        "toner",
        5,
    ),
    ("cle_usb", "Clé USB 64 Go", "it", 5.40, 11.90, 20, "consu", "infodistrib", 10),
    (
        "casque",
        "Casque téléphonique USB avec micro",
        "it",
        24.00,
        49.00,
        20,
        "consu",
        "infodistrib",
        3,
    ),
    (
        "fauteuil",
        "Fauteuil de bureau ergonomique",
        "furniture",
        142.00,
        259.00,
        20,
        "consu",
        "ergonomia",
        2,
    ),
    (
        "bureau",
        "Bureau réglable en hauteur 160 cm",
        "furniture",
        298.00,
        489.00,
        20,
        "consu",
        "ergonomia",
        1,
    ),
    (
        "caisson",
        "Caisson mobile 3 tiroirs",
        "furniture",
        76.00,
        139.00,
        20,
        "consu",
        "bureaudesign",
        2,
    ),
    (
        "installation",
        "Livraison et installation de mobilier",
        "services",
        0.0,
        65.00,
        20,
        "service",
        False,
        2,
    ),
    (
        "install_domicile",
        "Installation de mobilier au domicile (logement de plus de 2 ans)",
        "services",
        0.0,
        60.00,
        10,
        "service",
        False,
        1,
    ),
    (
        "contrat",
        "Contrat de maintenance imprimantes (mois)",
        "services",
        0.0,
        45.00,
        20,
        "service",
        False,
        1,
    ),
]
CATEGORIES = {
    "paper": "Papeterie",
    "books": "Livres et agendas",
    "it": "Consommables informatiques",
    "furniture": "Mobilier de bureau",
    "services": "Services",
}
# Products each segment usually buys.
SEGMENT_PRODUCTS = {
    "pro": [
        "ramette",
        "enveloppes",
        "classeurs",
        "agenda",
        "toner_hp",
        "cartouches",
        "cle_usb",
        "casque",
        "fauteuil",
        "caisson",
        "installation",
        "contrat",
    ],
    "public": [
        "ramette",
        "enveloppes",
        "classeurs",
        "toner_hp",
        "cartouches",
        "fauteuil",
        "bureau",
        "caisson",
        "installation",
        "guide",
    ],
    "private": [
        "fauteuil",
        "bureau",
        "caisson",
        "install_domicile",
        "guide",
        "cle_usb",
    ],
}
LOST_REASONS = [
    "Perdu : prix jugé trop élevé face à un concurrent en ligne.",
    "Perdu : délai de livraison trop long pour le client.",
    "Perdu : projet reporté à l'an prochain par le client.",
]
# How much larger than the usual quantity each segment orders.
SEGMENT_SIZE = {"pro": 7, "public": 14, "private": 1.5}
# Monthly activity: more orders at the start of the school year and in January.
SEASON = [1, 0, 0, 0, -1, 0, -1, -2, 2, 1, 0, 0]


@dataclass
class Quote:
    customer: str
    day: date
    lines: list  # [(product key, quantity)]
    lost: str = ""
    state: str = "invoiced"  # invoiced | lost | open | ordered
    pay: list = field(default_factory=list)  # [(date, share of the total)]
    refund: tuple = ()  # (date, product key, quantity, reason)


@dataclass
class Purchase:
    supplier: str
    day: date
    lines: list  # [(product key, quantity)]
    state: str = "billed"  # billed | cancelled | rfq
    need: str = ""
    pay: list = field(default_factory=list)
    refund: tuple = ()


@dataclass
class Plan:
    fy1: tuple
    fy2: tuple
    quotes: list
    purchases: list
    # (supplier, date, label, untaxed amount, account key, pay date or None)
    bills: list


def _pay_dates(rng, profile, invoice_day, due_day, today):
    """Payments of an invoice as [(date, share)] according to the payer."""
    if profile == "ontime":
        day = due_day - timedelta(days=rng.randint(0, 6))
        day = max(day, invoice_day)
        return [(day, 1.0)] if day < today else []
    if profile == "late":
        # Pays weeks after the due date: the last invoices are overdue.
        day = due_day + timedelta(days=rng.randint(12, 40))
        return [(day, 1.0)] if day < today - timedelta(days=LATE_DAYS) else []
    if profile == "partial":
        # Pays half at the due date, the rest months later: the last
        # invoices are still half paid.
        first = due_day + timedelta(days=rng.randint(0, 8))
        second = first + timedelta(days=rng.randint(25, 50))
        if second >= today - timedelta(days=PARTIAL_DAYS):
            return [(first, 0.5)] if first < today else []
        return [(first, 0.5), (second, 0.5)]
    # "bad": pays late, and leaves the last invoices unpaid.
    day = due_day + timedelta(days=rng.randint(30, 75))
    return [(day, 1.0)] if day < today - timedelta(days=120) else []


# A partial payer leaves the invoices of these last days half paid.
PARTIAL_DAYS = 150
# A late payer has not paid the invoices due in these last days yet.
LATE_DAYS = 30
TERM_DAYS = {"immediate": 0, "30": 30, "45eom": 45}


def due_date(term, day):
    if term == "45eom":
        return month_end(day + timedelta(days=45))
    return day + timedelta(days=TERM_DAYS[term])


def build_plan(today, seed=SEED):
    rng = random.Random(seed)
    fy1, fy2 = fiscal_years(today)
    customers = {c[0]: c for c in CUSTOMERS}
    weights = [c[7] for c in CUSTOMERS]
    products = {p[0]: p for p in PRODUCTS}
    quotes = []
    start = fy1[0]
    months = (today.year - start.year) * 12 + today.month - start.month + 1
    for index in range(months):
        month = add_months(start, index)
        last = month_end(month).day if month_end(month) < today else today.day
        # Second year: a little more business (the turnover grows).
        count = (
            5 + SEASON[month.month - 1] + (1 if index >= 12 and index % 3 == 0 else 0)
        )
        for __ in range(count):
            key = rng.choices(list(customers), weights)[0]
            segment = customers[key][2]
            day = month.replace(day=rng.randint(1, last))
            keys = rng.sample(SEGMENT_PRODUCTS[segment], rng.randint(1, 3))
            factor = SEGMENT_SIZE[segment]
            lines = [
                (k, max(1, round(products[k][8] * factor * rng.uniform(0.6, 1.8))))
                for k in keys
            ]
            quote = Quote(key, day, lines)
            if rng.random() < 0.16:
                quote.state = "lost"
                quote.lost = rng.choice(LOST_REASONS)
            quotes.append(quote)
    # Payments, decided once the invoice dates are known.
    for quote in quotes:
        if quote.state != "invoiced":
            continue
        __, __, __, __, term, __, profile, __ = customers[quote.customer]
        invoice_day = quote.day + timedelta(days=rng.randint(0, 5))
        invoice_day = min(invoice_day, today, month_end(quote.day))
        quote.day = invoice_day
        quote.pay = _pay_dates(
            rng, profile, invoice_day, due_date(term, invoice_day), today
        )
    # Credit notes: goods returned or damaged, a few per year.
    invoiced = [
        q
        for q in quotes
        if q.state == "invoiced" and any(products[k][6] == "consu" for k, __ in q.lines)
    ]
    for quote in rng.sample(invoiced, 6):
        key, qty = next((k, q) for k, q in quote.lines if products[k][6] == "consu")
        day = min(quote.day + timedelta(days=rng.randint(3, 12)), today)
        reason = rng.choice(
            [
                "Avoir : articles livrés endommagés",
                "Avoir : erreur de référence, articles repris",
                "Avoir : geste commercial sur retard de livraison",
            ]
        )
        quote.refund = (day, key, max(1, qty // 2), reason)
    # The current month: quotations being negotiated and orders not invoiced.
    current = today.replace(day=1)
    for index, (key, state) in enumerate(
        [
            ("vial", "open"),
            ("claudel", "open"),
            ("kiwee", "open"),
            ("roche", "open"),
            ("lemaire", "ordered"),
            ("villeurbanne", "ordered"),
        ]
    ):
        segment = customers[key][2] if key in customers else "pro"
        day = min(current + timedelta(days=index * 3), today)
        keys = rng.sample(SEGMENT_PRODUCTS[segment], 2)
        quotes.append(Quote(key, day, [(k, products[k][8]) for k in keys], state=state))

    purchases = []
    suppliers = {s[0]: s for s in SUPPLIERS}
    # Restocking every two months: what was sold over the period, rounded up
    # to the supplier's packs, ordered from the product's main supplier.
    for index in range(0, months, 2):
        period_start = add_months(start, index)
        period_end = add_months(start, index + 2)
        sold = defaultdict(float)
        for quote in quotes:
            if quote.state == "invoiced" and period_start <= quote.day < period_end:
                for key, qty in quote.lines:
                    if products[key][7]:
                        sold[key] += qty
        by_supplier = defaultdict(list)
        for key in sorted(sold):
            pack = max(1, products[key][8])
            by_supplier[products[key][7]].append(
                (key, pack * -(-int(sold[key] * 1.05) // pack))
            )
        for supplier in sorted(by_supplier):
            day = min(period_start.replace(day=rng.randint(2, 8)), today)
            purchase = Purchase(supplier, day, by_supplier[supplier])
            bill_day = day + timedelta(days=3)
            pay_day = due_date(suppliers[supplier][5], bill_day) - timedelta(
                days=rng.randint(0, 3)
            )
            purchase.pay = [(pay_day, 1.0)] if pay_day < today else []
            purchases.append(purchase)
    # Calls for tenders: the same need asked to three suppliers, one chosen.
    needs = [
        (
            add_months(start, 4).replace(day=9),
            "Fauteuils ergonomiques pour le marché de la Mairie de Villeurbanne",
            "fauteuil",
            12,
            ["ergonomia", "ergoline", "bureaudesign"],
            "ergoline",
        ),
        (
            add_months(start, 15).replace(day=6),
            "Caissons mobiles pour l'aménagement de l'agence Bellecour",
            "caisson",
            10,
            ["bureaudesign", "ergonomia", "ergoline"],
            "bureaudesign",
        ),
        (
            min(current + timedelta(days=1), today),
            "Bureaux réglables pour le lycée Camille Claudel",
            "bureau",
            8,
            ["ergonomia", "ergoline", "bureaudesign"],
            None,
        ),
    ]
    for day, need, product, qty, asked, chosen in needs:
        for supplier in asked:
            state = (
                "billed" if supplier == chosen else ("cancelled" if chosen else "rfq")
            )
            purchase = Purchase(supplier, day, [(product, qty)], state=state, need=need)
            if state == "billed":
                pay_day = due_date(suppliers[supplier][5], day + timedelta(days=5))
                purchase.pay = [(pay_day, 1.0)]
                purchase.refund = (
                    (
                        day + timedelta(days=12),
                        product,
                        1,
                        "Avoir : fauteuil livré défectueux, retourné",
                    )
                    if product == "fauteuil"
                    else ()
                )
            purchases.append(purchase)
    # Overheads and an investment: bills without purchase order.
    bills = []
    for index in range(0, months, 3):
        month = add_months(start, index)
        bills.append(
            (
                "sci",
                month.replace(day=1),
                "Loyer du trimestre : local commercial et entrepôt",
                6450.0,
                "rent",
                month.replace(day=5),
            )
        )
        amount = round(rng.uniform(310, 360), 2)
        bills.append(
            (
                "orange",
                month.replace(day=10),
                "Abonnement téléphonie et internet (trimestre)",
                amount,
                "telecom",
                month.replace(day=12),
            )
        )
        amount = round(rng.uniform(900, 1500), 2)
        bills.append(
            (
                "perret",
                month.replace(day=25),
                "Livraisons aux clients du trimestre",
                amount,
                "transport",
                add_months(month.replace(day=25), 1),
            )
        )
    invest = add_months(start, 13).replace(day=14)
    bills.append(
        (
            "rhoneauto",
            invest,
            "Véhicule utilitaire Renault Kangoo Van (immobilisation)",
            21500.0,
            "vehicle",
            invest + timedelta(days=3),
        )
    )
    bills = [
        b if b[5] is None or b[5] < today else b[:5] + (None,)
        for b in bills
        if b[1] <= today
    ]
    return Plan(fy1, fy2, quotes, purchases, bills)


# --- Identity of the partners ----------------------------------------------
def siren(first8):
    """A SIREN from its first eight digits: the ninth is the Luhn key."""
    total = 0
    for index, char in enumerate(reversed(first8)):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return first8 + str((10 - total % 10) % 10)


def french_vat(number):
    """The intra-community VAT number of a SIREN: FR + key + SIREN, the key
    being (12 + 3 × (SIREN mod 97)) mod 97."""
    return "FR%02d%s" % ((12 + 3 * (int(number) % 97)) % 97, number)


def german_vat(first8):
    """A German USt-IdNr: DE + eight digits + an ISO 7064 MOD 11,10 key."""
    product = 10
    for char in first8:
        total = (int(char) + product) % 10 or 10
        product = 2 * total % 11
    return "DE%s%d" % (first8, (11 - product) % 10)


# key: (street, zip code, first eight digits of the SIREN, or None for an
# individual). Fictitious numbers with valid keys.
ADDRESSES = {
    "lemaire": ("18 rue Servient", "69003", "51234871"),
    "garage": ("145 boulevard Joliot-Curie", "69200", "42871233"),
    "bellecour": ("3 place Bellecour", "69002", "79012458"),
    "veto": ("27 montée de la Grande-Côte", "69001", "83345012"),
    "morel": ("62 rue Francis-de-Pressensé", "69100", "38456120"),
    "vial": ("9 rue du Lyonnais", "69800", "40112587"),
    "lugdunum": ("44 quai Jules-Courmont", "69002", "44789013"),
    "dumas": ("5 chemin du Vieux-Moulin", "69130", "81256347"),
    "villeurbanne": ("Place Lazare-Goujon", "69100", "21690264"),
    "claudel": ("15 rue Camille-Claudel", "69008", "19690112"),
    "arbresle": ("117 rue Pierre-Passemard", "69210", "24690071"),
    "givors": ("9 avenue du Professeur-Fleming", "69700", "26690020"),
    "garnier": ("21 chemin de Crépieux", "69300", None),
    "perrin": ("7 rue Duguesclin", "69006", None),
    "benali": ("34 avenue Franklin-Roosevelt", "69500", None),
    "kiwee": ("40 rue du Professeur-Grignard", "69007", "90123478"),
    "roche": ("101 cours Lafayette", "69003", "50987124"),
    "jaures": ("2 rue Jean-Jaurès", "69120", "19690983"),
    "dauphine": ("8 avenue Alsace-Lorraine", "38000", "33301245"),
    "infodistrib": ("70 rue de Gerland", "69007", "45678912"),
    "toner": ("230 rue de la Sous-Préfecture", "69400", "52398741"),
    "ergonomia": ("12 rue de Charlieu", "42300", "31245698"),
    "ergoline": ("Königstraße 28", "70173", "14725836"),
    "bureaudesign": ("4 rue des Aciéries", "42000", "48899102"),
    "perret": ("ZI du Corbas, 11 rue Marcel-Mérieux", "69960", "39877456"),
    "sci": ("6 place des Terreaux", "69001", "41233098"),
    "orange": ("111 quai du Président-Roosevelt", "92130", "38012986"),
    "rhoneauto": ("88 avenue Jean-Jaurès", "69200", "35567201"),
}


def partner_identity(key, country="FR"):
    """{street, zip, vat} of a partner of the plan."""
    street, zip_code, first8 = ADDRESSES[key]
    vals = {"street": street, "zip": zip_code}
    if first8:
        vals["vat"] = (
            german_vat(first8) if country == "DE" else french_vat(siren(first8))
        )
    return vals
