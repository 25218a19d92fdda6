# ruff: noqa: E501  (the fiches' French text reads best one rubric per line)
"""What the demo students wrote: commercial context, fiches, bilans.

Plain data (no model), dates relative to today. ``documents`` are the
PGI records each student makes herself in the training company before tagging
them (see ``models/gpme_demo_class_builder.py``).
"""

from datetime import date, timedelta

from odoo.addons.gpme_e4.services.reference_date import school_year_end

from .demo_plan import french_vat, siren

CONTEXT = {
    "ctx_identity": "<p>Bureau Plus SARL, 12 rue de la République à Lyon (2e). SARL au capital de 50 000 €, créée en 2009, 6 salariés : la gérante, deux commerciaux, un acheteur-magasinier, une assistante de gestion, un livreur-installateur. SIRET 482 135 605 00020, code APE 4666Z.</p>",
    "ctx_market": "<p>Distribution de fournitures, consommables informatiques et mobilier de bureau aux entreprises et administrations de la métropole lyonnaise. Marché mûr et concurrentiel : le papier recule, les consommables et le mobilier ergonomique progressent avec le retour au bureau et le télétravail.</p>",
    "ctx_turnover": "<p>Le chiffre d'affaires progresse d'un exercice à l'autre grâce aux marchés publics et aux grands comptes (voir les indicateurs calculés par le PGI ci-dessous).</p>",
    "ctx_customers": "<p>Trois segments : professionnels (cabinets, commerces, PME), secteur public (mairie, lycée, hôpital, communauté de communes, via des marchés à procédure adaptée) et quelques particuliers pour le mobilier. Les prospects sont suivis dans le PGI.</p>",
    "ctx_competition": "<p>Concurrence des grands distributeurs en ligne (prix bas, livraison rapide) et de deux papeteries de quartier. Bureau Plus se distingue par le conseil, la livraison avec installation et la réactivité du service après-vente.</p>",
    "ctx_process": "<p>Devis établi dans le PGI, commande confirmée, livraison par le livreur de l'entreprise, facture émise à la livraison, règlement par virement. Achats : demandes de prix, bon de commande, contrôle de la facture fournisseur avec la commande, règlement à l'échéance ; rapprochement bancaire mensuel.</p>",
    "ctx_suppliers": "<p>Fournisseurs de marchandises (papeterie, consommables, mobilier — dont un fabricant allemand), prestataires de services (transport) et fournisseurs de frais généraux (loyer, télécommunications). Le pouvoir de négociation des fabricants de mobilier est fort ; celui des grossistes en papeterie est limité.</p>",
    "ctx_payment_terms": "<p>Clients : comptant pour les particuliers, 30 jours pour les professionnels et les administrations, 45 jours fin de mois pour les grands comptes. Fournisseurs : 30 jours ou 45 jours fin de mois. Les délais réels sont calculés par le PGI ci-dessous.</p>",
    "ctx_communication": "<p>Site vitrine, catalogue annuel, lettre d'information trimestrielle par courriel, salon des entreprises de Lyon, visites des commerciaux.</p>",
    "ctx_pricing": "<p>Prix de vente fixés à partir du coût d'achat (coefficient de 1,6 à 2 selon les familles), listes de prix : tarif public, grands comptes (remise 8 %), marchés publics (remise 12 %).</p>",
    "ctx_sales_org": "<p>Deux commerciaux se partagent les professionnels et le secteur public ; l'assistante de gestion établit les devis et factures et suit les règlements.</p>",
    "ctx_technology": "<p>PGI Odoo 16 (ventes, achats, facturation, banque), suite bureautique LibreOffice, messagerie Thunderbird, téléphonie IP, site internet.</p>",
}

SOFT_ODOO_SALES = (
    "tool_erp_sales",
    "Odoo",
    "16",
    "Ventes : devis, bons de commande, factures",
)
SOFT_ODOO_ACCOUNTING = (
    "tool_erp_accounting",
    "Odoo",
    "16",
    "Facturation : avoirs, règlements, rapprochement bancaire",
)
SOFT_MAIL = ("tool_email", "Thunderbird", "115", "Courriels, modèles de message")
SOFT_WRITER = ("tool_word", "LibreOffice Writer", "7.6", "Courrier, mise en page")
SOFT_IMPRESS = (
    "tool_slides",
    "LibreOffice Impress",
    "7.6",
    "Diaporama de présentation",
)
SOFT_CALC = (
    "tool_spreadsheet",
    "LibreOffice Calc",
    "7.6",
    "Tableau comparatif, calculs",
)


def _period(today, months_ago):
    day = today.replace(day=1)
    for __ in range(months_ago):
        day = (day - timedelta(days=1)).replace(day=1)
    return day


def _friday_before(day):
    return day - timedelta(days=(day.weekday() - 4) % 7)


def first_year_end(today):
    """30 June of the first year of the class of ``today``."""
    return date(school_year_end(today) - 1, 6, 30)


def internships(today):
    """The two six-week internships at Bureau Plus, Monday to Friday, in
    which the students lived their fiches: the second ends on the last
    Friday at least ten days before ``today``, the first twenty weeks
    earlier, and in the first year at the latest (by its 30 June).
    [(first day, last day)]"""
    end2 = _friday_before(today - timedelta(days=10))
    end1 = min(end2 - timedelta(weeks=20), _friday_before(first_year_end(today)))
    return [(end - timedelta(days=39), end) for end in (end1, end2)]


def _in_internship(today, number, week, days=4):
    """A fiche's period: ``days`` after the Monday of week ``week`` (from 0)
    of internship ``number`` (0 or 1), within that week."""
    start = internships(today)[number][0] + timedelta(weeks=week)
    return {
        "period_date": start.replace(day=1),
        "date_start": start,
        "date_end": start + timedelta(days=min(days, 4)),
    }


def _lea(today):
    return [
        {
            "xmlid": "demo_situation_1",
            "state": "validated",
            "tasks": ["1.1.1", "1.1.3"],
            "tools": ["tool_erp_sales", "tool_email", "tool_word", "tool_slides"],
            "software": [SOFT_ODOO_SALES, SOFT_MAIL, SOFT_WRITER, SOFT_IMPRESS],
            "values": dict(
                _in_internship(today, 0, 0),
                name="Prospecter les cabinets d'avocats du quartier de la Part-Dieu",
                is_written=True,
                written_support="email",
                with_customer=True,
                modality_id_ref="modality_sme",
                condition_id_ref="condition_autonomy",
                place="Bureau Plus SARL, Lyon (stage en entreprise)",
                duration="8 heures sur une semaine",
                frame="Stage de première année chez Bureau Plus ; la gérante veut de nouveaux clients professionnels dans le quartier de la Part-Dieu.",
                problem_management="Identifier les cabinets susceptibles d'acheter, les enregistrer dans le PGI et leur faire une offre de bienvenue rentable.",
                problem_written="Rédiger un courriel de présentation court, personnalisé et qui donne envie de demander un devis.",
                actors="La gérante (fixe la remise de bienvenue), moi (assistante commerciale), les associés des cabinets prospectés.",
                objective="Obtenir au moins deux demandes de devis en un mois.",
                constraints="Remise de bienvenue limitée à 5 % ; respect du RGPD pour les adresses professionnelles.",
                resources="Annuaire des professionnels, catalogue et tarifs, fichier clients du PGI.",
                productions="Fiche prospect créée dans le PGI, devis de bienvenue.",
                written_outputs="Courriel de présentation, diaporama de l'offre et devis envoyés au cabinet Fabre & Associés.",
                analysis="J'ai ciblé douze cabinets, créé leurs fiches et envoyé un courriel personnalisé. Deux ont répondu ; le devis envoyé au cabinet Fabre a été accepté après une relance téléphonique.",
                contribution="J'ai appris à qualifier un prospect et à tenir le fichier clients à jour dans le PGI.",
            ),
            "documents": [
                {
                    "kind": "prospect",
                    "name": "Cabinet Fabre & Associés",
                    "street": "27 rue de la Villette",
                    "zip": "69003",
                    "vat": french_vat(siren("52417896")),
                    "email": "contact@fabre-avocats.example.fr",
                    "phone": "+33 4 78 60 12 12",
                    "comment": "Prospect rencontré lors de la tournée de la Part-Dieu ; intéressé par le mobilier ergonomique.",
                    "note": "Fiche prospect que j'ai créée après le premier contact.",
                    "tasks": ["1.1.1"],
                },
                {
                    "kind": "quotation",
                    "partner_name": "Cabinet Fabre & Associés",
                    "lines": [("fauteuil", 4), ("caisson", 4)],
                    "ref": "Offre de bienvenue",
                    "note": "Devis de bienvenue envoyé avec le courriel de présentation.",
                    "tasks": ["1.1.3"],
                },
            ],
            "evidence_xmlids": ["demo_evidence_partner_1", "demo_evidence_sale_1"],
        },
        {
            "xmlid": "demo_situation_2",
            "state": "validated",
            "tasks": ["1.2.1", "1.2.2", "1.2.4", "1.2.7"],
            "tools": ["tool_erp_sales", "tool_erp_accounting", "tool_email"],
            "software": [SOFT_ODOO_SALES, SOFT_ODOO_ACCOUNTING, SOFT_MAIL],
            "values": dict(
                _in_internship(today, 0, 2),
                name="Établir le devis, la commande et la facture de fournitures de Transports Vial",
                is_grcf=True,
                with_customer=True,
                modality_id_ref="modality_sme",
                condition_id_ref="condition_autonomy",
                place="Bureau Plus SARL, Lyon (stage en entreprise)",
                duration="4 heures",
                frame="Transports Vial, grand compte (remise 8 %), commande chaque trimestre ses fournitures de bureau.",
                problem_management="Appliquer la bonne liste de prix et les conditions de paiement du client, du devis à la facture.",
                actors="Mme Élodie Vial (responsable des achats), le commercial, moi.",
                objective="Transformer la demande en commande et facturer sans erreur.",
                constraints="Conditions de paiement à 45 jours fin de mois ; livraison sous 48 heures.",
                resources="Liste de prix grands comptes, fiche client, historique des commandes dans le PGI.",
                productions="Devis, bon de commande confirmé et facture.",
                analysis="J'ai vérifié que la liste de prix grands comptes s'appliquait, puis confirmé et facturé la commande. J'ai contrôlé l'échéance calculée par le PGI.",
                contribution="Je sais suivre une vente dans le PGI du devis jusqu'à la facture.",
            ),
            "documents": [
                {
                    "kind": "quotation",
                    "partner": "vial",
                    "lines": [("ramette", 60), ("toner_hp", 8), ("classeurs", 10)],
                    "ref": "Commande trimestrielle",
                    "confirm": True,
                    "note": "Devis devenu bon de commande.",
                    "tasks": ["1.2.1", "1.2.2"],
                },
                {
                    "kind": "invoice",
                    "partner": "vial",
                    "note": "Facture de la commande, échéance à 45 jours fin de mois.",
                    "tasks": ["1.2.4"],
                },
            ],
        },
        {
            "state": "validated",
            "tasks": ["1.3.1", "1.3.2"],
            "tools": ["tool_phone", "tool_erp_accounting"],
            "software": [SOFT_ODOO_ACCOUNTING],
            "values": dict(
                _in_internship(today, 0, 4, 2),
                name="Traiter au téléphone la réclamation de la Mairie de Villeurbanne",
                is_oral=True,
                oral_nature="phone",
                with_customer=True,
                modality_id_ref="modality_sme",
                condition_id_ref="condition_assisted",
                place="Bureau Plus SARL, Lyon (stage en entreprise)",
                duration="1 heure",
                frame="Le service de la commande publique de la Mairie signale des ramettes livrées mouillées.",
                problem_management="Vérifier la livraison et proposer un avoir conforme au marché.",
                problem_oral="Calmer un interlocuteur mécontent et reformuler sa demande au téléphone.",
                actors="La responsable de la commande publique, le livreur, la gérante, moi.",
                objective="Conserver le client et régler le litige dans la semaine.",
                constraints="Avoir validé par la gérante ; facture déjà transmise au comptable public.",
                resources="Bon de livraison, facture, fiche client.",
                productions="Avoir partiel sur la facture.",
                oral_outputs="Entretien téléphonique de traitement de la réclamation.",
                analysis="J'ai laissé la cliente expliquer le problème, reformulé et proposé un avoir pour les ramettes abîmées. La gérante a validé ; la cliente a remercié pour la rapidité.",
                contribution="J'ai appris à garder mon calme et à proposer une solution concrète au téléphone.",
            ),
            "documents": [
                {
                    "kind": "credit_note",
                    "partner": "villeurbanne",
                    "product": "ramette",
                    "qty": 10,
                    "ref": "Avoir : ramettes livrées mouillées",
                    "note": "Avoir que j'ai établi après l'appel.",
                    "tasks": ["1.3.2"],
                },
            ],
        },
        {
            "state": "validated",
            "tasks": ["1.4.2", "1.4.3", "1.4.4", "1.5.1"],
            "tools": ["tool_spreadsheet", "tool_erp_sales"],
            "software": [SOFT_CALC, SOFT_ODOO_SALES],
            "values": dict(
                _in_internship(today, 1, 2),
                name="Comparer trois offres de bureaux réglables pour le lycée Camille Claudel",
                is_grcf=True,
                modality_id_ref="modality_sme",
                condition_id_ref="condition_autonomy",
                place="Bureau Plus SARL, Lyon (stage en entreprise)",
                duration="6 heures",
                frame="Le lycée Camille Claudel demande huit bureaux réglables ; Bureau Plus consulte trois fabricants.",
                problem_management="Choisir le fournisseur sur le prix, le délai et la garantie, et mettre à jour ses conditions dans le PGI.",
                actors="L'acheteur de Bureau Plus, trois fabricants, moi.",
                objective="Retenir l'offre qui garde une marge d'au moins 35 % au prix du marché public.",
                constraints="Livraison avant les vacances scolaires ; marché public remisé de 12 %.",
                resources="Catalogues des fabricants, tableau comparatif, prix fournisseurs du PGI.",
                productions="Trois demandes de prix, prix fournisseur mis à jour, tableau comparatif.",
                analysis="J'ai envoyé trois demandes de prix, comparé prix, délais et garanties dans un tableur et mis à jour le prix du fournisseur retenu dans le PGI.",
                contribution="Je sais justifier un choix de fournisseur avec des critères pondérés.",
            ),
            "documents": [
                {
                    "kind": "rfq",
                    "supplier": "ergonomia",
                    "lines": [("bureau", 8)],
                    "origin": "Bureaux réglables lycée Camille Claudel",
                    "note": "Demande de prix n° 1.",
                    "tasks": ["1.4.2"],
                },
                {
                    "kind": "rfq",
                    "supplier": "ergoline",
                    "lines": [("bureau", 8)],
                    "origin": "Bureaux réglables lycée Camille Claudel",
                    "note": "Demande de prix n° 2 (fabricant allemand).",
                    "tasks": ["1.4.2", "1.4.3"],
                },
                {
                    "kind": "supplier_price",
                    "supplier": "bureaudesign",
                    "product": "bureau",
                    "price": 289.0,
                    "min_qty": 5,
                    "delay": 6,
                    "contact": "Julien Marchand",
                    "function": "Responsable grands comptes",
                    "email": "j.marchand@bureaudesign.example.com",
                    "comment": "Fournisseur retenu pour les bureaux réglables : 289 € HT à partir de 5, livraison en 6 jours, garantie 5 ans.",
                    "note": "Prix et contact du fournisseur retenu mis à jour dans le PGI.",
                    "tasks": ["1.4.4"],
                },
            ],
        },
        {
            "state": "validated",
            "tasks": ["1.5.2", "1.5.4", "1.5.6"],
            "tools": ["tool_erp_sales", "tool_email", "tool_word"],
            "software": [SOFT_ODOO_SALES, SOFT_MAIL, SOFT_WRITER],
            "values": dict(
                _in_internship(today, 1, 0),
                name="Passer et contrôler la commande de fauteuils chez Mobilier Ergonomia",
                is_written=True,
                written_support="letter",
                modality_id_ref="modality_sme",
                condition_id_ref="condition_assisted",
                place="Bureau Plus SARL, Lyon (stage en entreprise)",
                duration="3 heures",
                frame="Réassort de fauteuils ergonomiques avant la rentrée.",
                problem_management="Commander la bonne quantité et contrôler la facture avec la commande.",
                problem_written="Demander par écrit au fournisseur de confirmer le délai de livraison.",
                actors="L'acheteur, le commercial de Mobilier Ergonomia, moi.",
                objective="Recevoir les fauteuils avant la rentrée, au prix négocié.",
                constraints="Budget d'achat du trimestre ; paiement à 45 jours fin de mois.",
                resources="Stock et ventes du trimestre, prix fournisseur du PGI.",
                productions="Bon de commande fournisseur, facture fournisseur contrôlée.",
                written_outputs="Courrier de commande au fournisseur demandant la confirmation du délai.",
                analysis="J'ai passé la commande dans le PGI, demandé la confirmation du délai par courriel puis rapproché la facture de la commande : quantités et prix concordaient.",
                contribution="Je sais contrôler une facture fournisseur avant de la comptabiliser.",
            ),
            "documents": [
                {
                    "kind": "rfq",
                    "supplier": "ergonomia",
                    "lines": [("fauteuil", 10)],
                    "confirm": True,
                    "note": "Bon de commande confirmé.",
                    "tasks": ["1.5.2"],
                },
                {
                    "kind": "bill",
                    "supplier": "ergonomia",
                    "ref": "ERG-2291",
                    "note": "Facture contrôlée avec la commande.",
                    "tasks": ["1.5.4"],
                },
            ],
            "evidence_xmlids": ["demo_evidence_purchase_1"],
        },
        {
            "state": "validated",
            "tasks": ["1.6.1", "1.6.3"],
            "tools": ["tool_face", "tool_erp_accounting", "tool_spreadsheet"],
            "software": [SOFT_ODOO_ACCOUNTING, SOFT_CALC],
            "values": dict(
                _in_internship(today, 1, 4, 1),
                name="Présenter à la gérante le suivi des encaissements clients du mois",
                is_oral=True,
                oral_nature="interpersonal",
                modality_id_ref="modality_sme",
                condition_id_ref="condition_assisted",
                place="Bureau Plus SARL, Lyon (stage en entreprise)",
                duration="2 heures",
                frame="Point mensuel de trésorerie avec la gérante.",
                problem_management="Enregistrer les règlements reçus et repérer les clients en retard.",
                problem_oral="Présenter en cinq minutes la situation des encaissements et proposer des relances.",
                actors="La gérante, l'assistante de gestion, moi.",
                objective="Réduire les retards de paiement des clients.",
                constraints="Données du PGI à jour ; présentation orale courte.",
                resources="Balance âgée des clients, relevés bancaires, PGI.",
                productions="Règlements enregistrés, tableau des retards.",
                oral_outputs="Présentation orale à la gérante.",
                analysis="J'ai enregistré les règlements reçus, repéré trois clients en retard et proposé un plan de relance validé par la gérante.",
                contribution="Je comprends mieux le lien entre délais de paiement et trésorerie.",
            ),
            "documents": [
                {
                    "kind": "payment",
                    "partner": "lemaire",
                    "note": "Règlement enregistré et lettré avec la facture.",
                    "tasks": ["1.6.3"],
                },
            ],
        },
    ]


def _hugo(today):
    lea = _lea(today)
    first = dict(lea[1], xmlid=None, evidence_xmlids=())
    first["values"] = dict(
        first["values"],
        **_in_internship(today, 0, 3),
        name="Établir le devis et la facture de mobilier de l'Hôtel Le Lugdunum",
        frame="L'Hôtel Le Lugdunum rénove son accueil et demande du mobilier.",
        actors="Le directeur de l'hôtel, le commercial, moi.",
    )
    first["documents"] = [
        {
            "kind": "quotation",
            "partner": "lugdunum",
            "lines": [("fauteuil", 3), ("bureau", 1), ("installation", 2)],
            "confirm": True,
            "note": "Devis accepté par l'hôtel.",
            "tasks": ["1.2.1", "1.2.2"],
        },
        {
            "kind": "invoice",
            "partner": "lugdunum",
            "note": "Facture de la commande.",
            "tasks": ["1.2.4"],
        },
    ]
    second = dict(lea[3], xmlid=None)
    second["values"] = dict(second["values"], **_in_internship(today, 1, 2))
    second["documents"] = [
        {
            "kind": "rfq",
            "supplier": "bureaudesign",
            "lines": [("caisson", 10)],
            "origin": "Caissons agence Bellecour",
            "note": "Demande de prix.",
            "tasks": ["1.4.2"],
        },
        {
            "kind": "rfq",
            "supplier": "ergonomia",
            "lines": [("caisson", 10)],
            "origin": "Caissons agence Bellecour",
            "note": "Demande de prix concurrente.",
            "tasks": ["1.4.3"],
        },
    ]
    second["values"]["name"] = (
        "Comparer deux offres de caissons pour l'agence Bellecour"
    )
    third = dict(lea[2], state="submitted")
    third["values"] = dict(
        third["values"],
        **_in_internship(today, 1, 5, 1),
        name="Traiter la réclamation du garage Rhône Auto sur des toners défectueux",
    )
    third["documents"] = [
        {
            "kind": "credit_note",
            "partner": "garage",
            "product": "toner_hp",
            "qty": 1,
            "ref": "Avoir : toner défectueux",
            "note": "Avoir établi après l'appel.",
            "tasks": ["1.3.2"],
        },
    ]
    fourth = {
        "state": "to_rework",
        "review_comment": "Décrivez les contraintes (budget, délai) et ajoutez la facture du fournisseur.",
        "tasks": ["1.5.2"],
        "tools": ["tool_erp_sales"],
        "software": [SOFT_ODOO_SALES],
        "values": dict(
            _in_internship(today, 1, 0),
            name="Passer la commande de ramettes chez Papeteries du Dauphiné",
            is_grcf=True,
            modality_id_ref="modality_sme",
            condition_id_ref="condition_assisted",
            place="Bureau Plus SARL, Lyon (stage en entreprise)",
            frame="Réassort de papier avant la rentrée.",
        ),
        "documents": [
            {
                "kind": "rfq",
                "supplier": "dauphine",
                "lines": [("ramette", 200)],
                "confirm": True,
                "note": "Commande de réassort.",
                "tasks": ["1.5.2"],
            },
        ],
    }
    for fiche in (first, second):
        fiche["state"] = "validated"
    return [first, second, third, fourth]


def _ines(today):
    return [
        {
            "state": "draft",
            "tasks": ["1.2.1"],
            "tools": ["tool_erp_sales"],
            "values": {
                "period_date": _period(today, 0),
                "name": "Établir un devis de fournitures pour le Cabinet Lemaire",
                "is_grcf": True,
                "modality_id_ref": "modality_school",
            },
            "documents": [
                {
                    "kind": "quotation",
                    "partner": "lemaire",
                    "lines": [("ramette", 20), ("enveloppes", 2)],
                    "note": "Mon premier devis dans le PGI.",
                    "tasks": ["1.2.1"],
                },
            ],
        }
    ]


def student_plans(today):
    """Plans of the four demo students, in the order of their accounts."""
    half = (
        "ctx_identity",
        "ctx_market",
        "ctx_customers",
        "ctx_process",
        "ctx_payment_terms",
        "ctx_technology",
    )
    return [
        {
            "context": dict(CONTEXT),
            "fiches": _lea(today),
            "reviews": [
                {
                    # End of the first year, after the first internship.
                    "date": min(
                        internships(today)[0][1] + timedelta(days=21),
                        first_year_end(today),
                    ),
                    "first_year": True,
                    "comment_1_1": "Prospection bien menée et documentée dans le PGI.",
                    "comment_1_2": "Chaîne devis-commande-facture maîtrisée.",
                    "comment_1_3": "À prévoir : une situation orale avec un client.",
                    "comment_1_4": "À prévoir en deuxième année.",
                    "comment_1_5": "À prévoir en deuxième année.",
                    "comment_1_6": "À prévoir en deuxième année.",
                    "comment": "Bilan de fin de première année : deux activités couvertes, bon départ.",
                },
                {
                    "date": today - timedelta(days=40),
                    "comment_1_2": "Relances et facturation suivies dans le PGI.",
                    "comment_1_5": "Contrôle des factures fournisseurs à systématiser.",
                    "comment": "Premier bilan de deuxième année : bonne reprise.",
                    "levels": {"1_2": "mastered", "1_5": "insufficient"},
                },
                {
                    "date": today - timedelta(days=20),
                    "levels": {
                        "1_1": "well_mastered",
                        "1_2": "well_mastered",
                        "1_3": "mastered",
                        "1_4": "mastered",
                        "1_5": "mastered",
                        "1_6": "well_mastered",
                    },
                    "comment_1_1": "Acquis.",
                    "comment_1_2": "Acquis ; écrits professionnels soignés.",
                    "comment_1_3": "Réclamation traitée avec calme et méthode.",
                    "comment_1_4": "Comparaison argumentée, critères pondérés.",
                    "comment_1_5": "Contrôle de facture rigoureux.",
                    "comment_1_6": "Suivi des encaissements clair ; présentation orale efficace.",
                    "comment": "Bilan de deuxième année : dossier complet et conforme, prêt à être déposé.",
                },
            ],
        },
        {
            "context": {key: CONTEXT[key] for key in half},
            "fiches": _hugo(today),
            "reviews": [
                {
                    "date": today - timedelta(days=35),
                    "levels": {"1_2": "mastered", "1_4": "insufficient"},
                    "comment_1_2": "Vente au Lugdunum bien suivie.",
                    "comment_1_4": "Comparaison correcte.",
                    "comment": "Mi-parcours : quatre activités restent à couvrir ou à finaliser, et le contexte à compléter.",
                }
            ],
        },
        {"fiches": _ines(today)},
        {},
    ]
