"""Write tests/data/personal_data_corpus.csv: free-text seizure descriptions, labelled nominal or legitimate.

Reproducible (fixed seed): `python tests/data/make_personal_data_corpus.py`. Formats vary (spacing, case,
separators, languages) so that the corpus does not reward patterns tuned to single strings.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).with_name("personal_data_corpus.csv")
rnd = random.Random(17)


def digits(n: int) -> str:
    return "".join(rnd.choice("0123456789") for _ in range(n))


def letters(n: int) -> str:
    return "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


# National phone numbers (valid shapes) of 20 countries, as a national and an international spelling.
# Per country: a national and (or None) an international form of a number.
PHONES: dict[str, Callable[[], tuple[str | None, str | None]]] = {
    "US": lambda: (f"({rnd.choice(['415', '212', '646', '305'])}) 555-01{digits(2)}", None),
    "CA": lambda: (f"(416) 555-01{digits(2)}", None),
    "GB": lambda: (f"07700 900{digits(3)}", "+44 7700 900" + digits(3)),
    "FR": lambda: (f"06 {digits(2)} {digits(2)} {digits(2)} {digits(2)}".replace("06 0", "06 1"), None),
    "DE": lambda: (f"0151 {rnd.randint(2000000, 9999999)}", "+49 151 " + str(rnd.randint(2000000, 9999999))),
    "ES": lambda: (f"6{digits(2)} {digits(3)} {digits(3)}", "+34 6" + digits(8)),
    "PT": lambda: (f"912 {digits(3)} {digits(3)}", "+351 912 " + digits(6)),
    "IT": lambda: (f"347 {digits(3)} {digits(4)}", "+39 347 " + digits(7)),
    "NL": lambda: (f"06-{rnd.randint(10000000, 99999999)}", "+31 6 " + str(rnd.randint(10000000, 99999999))),
    "BE": lambda: (f"0470 {digits(2)} {digits(2)} {digits(2)}", "+32 470 " + digits(6)),
    "MA": lambda: (f"06 61 {digits(2)} {digits(2)} {digits(2)}", "+212 661-" + digits(6)),
    "DZ": lambda: (f"0551 {digits(2)} {digits(2)} {digits(2)}", "+213 551 " + digits(6)),
    "TN": lambda: (None, "+216 20 " + digits(3) + " " + digits(3)),
    "NG": lambda: (f"0803 {digits(3)} {digits(4)}", "+234 803 " + digits(3) + " " + digits(4)),
    "ZA": lambda: (f"082 {digits(3)} {digits(4)}", "+27 82 " + digits(3) + " " + digits(4)),
    "IN": lambda: (None, "+91 98" + digits(3) + " " + digits(5)),
    "CN": lambda: (None, "+86 138 " + digits(4) + " " + digits(4)),
    "BR": lambda: (f"(11) 9{digits(4)}-{digits(4)}", "+55 11 9" + digits(4) + "-" + digits(4)),
    "MX": lambda: (None, "+52 55 " + digits(4) + " " + digits(4)),
    "AE": lambda: (f"050 {digits(3)} {digits(4)}", "+971 50 " + digits(3) + " " + digits(4)),
    "TR": lambda: (f"0532 {digits(3)} {digits(2)} {digits(2)}", "+90 532 " + digits(3) + " " + digits(4)),
    "JP": lambda: (f"090-{digits(4)}-{digits(4)}", "+81 90 " + digits(4) + " " + digits(4)),
}
PHONE_FRAMES = [
    "parcel of {n} watches, the courier gave the number {p}",
    "sender reachable at {p}, goods declared as gifts",
    "contact on the airway bill {p}",
    "colis de montres, le destinataire a laissé le {p}",
    "paquete con relojes, el destinatario dio el número {p}",
    "Sendung mit Uhren, Empfänger erreichbar unter {p}",
    "encomenda de relógios, o destinatário deixou o {p}",
    "tard fih sa3at, ra9m {p} 3la l-kartona",
    "{n} handbags; recipient {p}",
    "call {p} for delivery of {n} pairs of sneakers",
]
EMAILS = ["jane.doe", "k.moussa", "pedro_gomez77", "m.schmidt", "ana.silva", "ahmed.benali", "li.wei88"]
DOMAINS = ["example.com", "mail.fr", "correo.es", "web.de", "gmail.com", "yahoo.co.uk", "hotmail.ma"]
EMAIL_FRAMES = [
    "order of {n} bags placed from {e}",
    "commande passée depuis l'adresse {e}",
    "pedido realizado desde {e}",
    "Bestellung über {e} aufgegeben",
    "encomenda feita a partir de {e}",
    "el-commande men {e}",
]


def passports() -> list[tuple[str, str]]:
    return [
        ("EN", f"traveller presented passport no. {letters(2)}{digits(7)}"),
        ("EN", f"passport number {digits(9)} (US) of the carrier"),
        ("FR", f"passeport n° {digits(2)}{letters(2)}{digits(5)} présenté au contrôle"),
        ("FR", f"voyageur muni du passeport {digits(2)}{letters(2)}{digits(5)}"),
        ("ES", f"pasajero con pasaporte núm. {letters(3)}{digits(6)}"),
        ("DE", f"Reisepass Nr. C{letters(3)}{digits(5)} vorgelegt"),
        ("PT", f"passageiro com passaporte n.º {letters(2)}{digits(6)}"),
        ("AR", f"jawaz safar raqm {letters(2)}{digits(7)} 3and el-mosafir"),
        ("EN", f"holder of Indian passport {letters(1)}{digits(7)}"),
        ("EN", f"Nigerian passport A{digits(8)} seen at the counter"),
    ]


def national_ids() -> list[tuple[str, str]]:
    return [
        ("ES", f"DNI {digits(8)}{letters(1)} del receptor"),
        ("FR", f"carte d'identité n° {digits(12)}"),
        ("DE", f"Personalausweis {letters(1)}{digits(2)}{letters(1)}{digits(5)}"),
        ("PT", "CPF 123.456.789-09 do destinatário"),
        ("PT", f"RG {digits(2)}.{digits(3)}.{digits(3)}-{digits(1)} do passageiro"),
        ("EN", f"NIN {digits(11)} (Nigeria) of the consignee"),
        ("FR", f"CIN {letters(2)}{digits(6)} du destinataire marocain"),
        ("AR", f"bitaqa wataniya {letters(1)}{digits(6)}"),
        ("EN", "Aadhaar 2345 6789 0124 of the importer's agent"),
        ("EN", f"SSN 123-45-{rnd.randint(1000, 9999)} on the invoice"),
        ("EN", "resident ID 11010519491231002X of the buyer"),
        ("EN", f"national ID number {digits(10)}"),
    ]


def licences() -> list[tuple[str, str]]:
    return [
        ("EN", f"driver's licence {letters(1)}{digits(7)} (California) of the driver"),
        ("EN", f"driving licence no. SMITH{digits(6)}AB9CD"),
        ("FR", f"permis de conduire n° {digits(12)}"),
        ("ES", f"licencia de conducir {digits(8)}{letters(1)}"),
        ("DE", f"Führerschein Nr. B{digits(3)}{letters(4)}{digits(2)}"),
        ("PT", f"carteira de motorista (CNH) {digits(11)}"),
        ("AR", f"rukhsat siyaqa raqm {digits(2)}/{digits(6)}"),
    ]


def plates() -> list[tuple[str, str]]:
    return [
        ("EN", f"vehicle registration plate {letters(2)}{digits(2)} {letters(3)}"),
        ("EN", f"truck with registration plate {letters(2)}-{digits(3)}-{letters(2)}"),
        ("EN", f"lorry licence plate {digits(1)}{letters(3)}{digits(3)} (California)"),
        ("EN", f"van, number plate KA {digits(2)} {letters(2)} {digits(4)}"),
        ("EN", f"car registration number MH{digits(2)}{letters(2)}{digits(4)}"),
        ("EN", f"plate number 京A·{digits(5)} (China)"),
        ("EN", f"Nigerian plate LSR-{digits(3)}-{letters(2)}"),
        ("FR", f"camion immatriculé {letters(2)}-{digits(3)}-{letters(2)}"),
        ("FR", f"véhicule plaque d'immatriculation {digits(5)}-A-{digits(2)} (Maroc)"),
        ("ES", f"furgoneta con matrícula {digits(4)} {letters(3)}"),
        ("DE", f"LKW mit amtlichem Kennzeichen M-{letters(2)} {digits(4)}"),
        ("PT", f"caminhão placa {letters(3)}{digits(1)}{letters(1)}{digits(2)}"),
        ("AR", f"kamion raqm lawha {digits(5)}-{digits(1)}-{digits(2)}"),
    ]


def names() -> list[tuple[str, str]]:
    return [
        ("EN", f"goods handed over by Mr {rnd.choice(['Smith', 'Okafor', 'Patel', 'Brown'])}"),
        ("EN", f"Mrs. {rnd.choice(['Johnson', 'Adeyemi', 'Walker'])} claimed the parcel"),
        ("FR", f"colis remis à Mme {rnd.choice(['Dupont', 'Benali', 'Martin'])}"),
        ("FR", f"déclaré par M. {rnd.choice(['Durand', 'Lefebvre', 'Haddad'])}"),
        ("FR", f"Monsieur {rnd.choice(['Moreau', 'Girard'])} se présente comme destinataire"),
        ("ES", f"entregado al Sr. {rnd.choice(['García', 'Pérez', 'López'])}"),
        ("ES", f"la Sra. {rnd.choice(['Fernández', 'Ruiz'])} recogió el paquete"),
        ("DE", f"Paket für Herrn {rnd.choice(['Müller', 'Schneider'])} bestimmt".replace("Herrn", "Herr")),
        ("DE", f"Frau {rnd.choice(['Fischer', 'Weber'])} holte die Sendung ab"),
        ("PT", f"entregue ao Sr. {rnd.choice(['Souza', 'Oliveira'])}"),
        ("PT", f"a Senhora {rnd.choice(['Costa', 'Santos'])} recebeu a encomenda"),
        ("AR", f"el-colis dyal Sidi {rnd.choice(['Mohammed', 'Youssef'])}"),
        ("AR", f"Sayyid {rnd.choice(['Karim', 'Hassan'])} ja ykhod el-bada3a"),
        ("EN", f"Dr {rnd.choice(['Adams', 'Nwosu'])} ordered the tablets"),
    ]


MONTHS = {"EN": "March", "FR": "mars", "ES": "marzo", "DE": "März", "PT": "março"}


def births() -> list[tuple[str, str]]:
    d, m, y = rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(1950, 2004)
    return [
        ("EN", f"courier born on {y}-{m:02d}-{d:02d}"),
        ("EN", f"passenger, date of birth {d:02d}/{m:02d}/{y}"),
        ("EN", f"DOB: {d:02d}.{m:02d}.{y}, travelling alone"),
        ("EN", f"D.O.B. {d} March {y}"),
        ("FR", f"destinataire né le {d:02d}/{m:02d}/{y}"),
        ("FR", f"voyageuse née le {d} mars {y} à Lyon"),
        ("FR", f"date de naissance : {d:02d}-{m:02d}-{y}"),
        ("ES", f"pasajero nacido el {d:02d}/{m:02d}/{y}"),
        ("ES", f"fecha de nacimiento {d} marzo {y}"),
        ("DE", f"Reisender, geboren am {d:02d}.{m:02d}.{y}"),
        ("DE", f"Geburtsdatum {d:02d}.{m:02d}.{y}"),
        ("PT", f"passageiro nascido em {d:02d}/{m:02d}/{y}"),
        ("PT", f"data de nascimento: {d:02d}/{m:02d}/{y}"),
        ("AR", f"tarikh al-milad {d:02d}/{m:02d}/{y}"),
    ]


def addresses() -> list[tuple[str, str]]:
    n = rnd.randint(1, 240)
    return [
        ("EN", f"delivery to {n} Baker Street, London"),
        ("EN", f"consignee residing at {n} Elm Road, Leeds"),
        ("EN", f"addressed to {n} Oak Avenue, Lagos"),
        ("FR", f"livraison au {n} rue des Lilas, Paris"),
        ("FR", f"destinataire domicilié au {n}, avenue Victor Hugo"),
        ("ES", f"entrega en calle Mayor {n}, Madrid"),
        ("ES", f"domiciliado en Avenida de la Paz, {n}"),
        ("DE", f"Lieferung an Hauptstraße {n}, Berlin"),
        ("DE", f"wohnhaft in der Bahnhofstr. {n}"),
        ("PT", f"entrega na Rua das Flores, {n}, Lisboa"),
        ("PT", f"morada: Avenida Paulista {n}, São Paulo"),
        ("AR", f"el-3onwan: {n} shari3 Mohammed V, Casablanca".replace("el-3onwan:", "unwan")),
        ("AR", f"derb Sidi Bouloukat {n}, Marrakech"),
    ]


def nominal_rows() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for _ in range(3):
        for country, make in PHONES.items():
            national, international = make()
            for number in (national, international):
                if number:
                    frame = rnd.choice(PHONE_FRAMES)
                    rows.append((frame.format(n=rnd.randint(2, 400), p=number), "phone", country))
    for _ in range(3):
        for frame in EMAIL_FRAMES:
            email = f"{rnd.choice(EMAILS)}@{rnd.choice(DOMAINS)}"
            rows.append((frame.format(n=rnd.randint(2, 50), e=email), "e-mail", ""))
    for _ in range(3):
        makers: tuple[tuple[Callable[[], list[tuple[str, str]]], str], ...] = (
            (passports, "passport"),
            (national_ids, "national id"),
            (licences, "driving licence"),
            (plates, "vehicle plate"),
            (names, "person name"),
            (births, "date of birth"),
            (addresses, "address"),
        )
        for texts, kind in makers:
            rows += [(text, kind, lang) for lang, text in texts()]
    return rows


BRANDS = [
    "Louis Vuitton", "Hugo Boss", "Calvin Klein", "Dr. Martens", "Tommy Hilfiger", "Ralph Lauren",
    "Giorgio Armani", "Christian Dior", "Yves Saint Laurent", "Karl Lagerfeld", "Michael Kors", "Kate Spade",
    "Jean Paul Gaultier", "Carolina Herrera", "Paco Rabanne", "Salvatore Ferragamo", "Dolce & Gabbana",
    "Tom Ford", "Marc Jacobs", "Mr Porter", "Dr. Oetker", "Hermès", "Coco Chanel", "Stella McCartney",
]  # fmt: skip
DRUGS = [
    "DOB",
    "MDMA",
    "2C-B",
    "GHB",
    "LSD",
    "DMT",
    "MDA",
    "PMMA",
    "4-MMC",
    "alpha-PVP",
    "ketamine",
    "tramadol",
]
PLACES = [
    "Casablanca", "Tanger Med", "Lagos Apapa", "Le Havre", "Rotterdam", "Algeciras", "Hamburg", "Santos",
    "Mumbai Nhava Sheva", "Shenzhen Yantian", "Roissy CDG", "Frankfurt FRA", "Tel Aviv", "Dakar",
]  # fmt: skip


def check_digit_6346(owner: str, serial: str) -> str:
    values = {
        c: v
        for c, v in zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ", [10, *range(12, 22), *range(23, 33), *range(34, 39)], strict=False
        )
    }
    total = sum((values[c] if c.isalpha() else int(c)) * 2**i for i, c in enumerate(owner + serial))
    return str(total % 11 % 10)


def s10(prefix: str, country: str) -> str:
    body = digits(8)
    weights = [8, 6, 4, 2, 3, 5, 9, 7]
    check = 11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    check = 5 if check == 11 else 0 if check == 10 else check
    return f"{prefix}{body}{check}{country}"


def awb() -> str:
    serial = rnd.randint(1000000, 9999999)
    return f"{rnd.choice(['176', '057', '020', '618', '157'])}-{serial}{serial % 7}"


def legitimate_rows() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for brand in BRANDS:
        rows.append((f"{rnd.randint(2, 900)} counterfeit {brand} handbags", "brand", "EN"))
        rows.append((f"{rnd.randint(2, 900)} sacs {brand} contrefaits", "brand", "FR"))
        rows.append((f"bolsos falsificados de {brand}", "brand", "ES"))
    for _ in range(30):
        owner, serial = rnd.choice(["MSCU", "MAEU", "CMAU", "HLXU", "TGHU"]), digits(6)
        number = owner + serial + check_digit_6346(owner, serial)
        rows.append((rnd.choice([
            f"container {number} declared as spare parts",
            f"conteneur {number}, fausses chaussures de sport",
            f"contenedor {number} con relojes falsos",
            f"Container {number}, gefälschte Parfums",
            f"contentor {number}, ténis falsificados",
        ]), "container", ""))  # fmt: skip
    for _ in range(30):
        item = s10(rnd.choice(["RR", "LX", "EE", "CP", "UA"]), rnd.choice(["CN", "HK", "SG", "TR"]))
        rows.append((rnd.choice([
            f"postal item {item}, 3 watches",
            f"envoi postal {item} contenant des lunettes",
            f"envío {item} con 12 fundas de móvil",
            f"Postsendung {item}, Kopfhörer",
            f"remessa {item}, relógios",
        ]), "postal item", ""))  # fmt: skip
    for _ in range(25):
        rows.append((rnd.choice([
            f"AWB {awb()}, {rnd.randint(2, 80)} cartons of toys",
            f"LTA {awb()} : {rnd.randint(2, 80)} colis de cosmétiques",
            f"air waybill {awb()} with sunglasses",
            f"guía aérea AWB {awb()}",
        ]), "air waybill", ""))  # fmt: skip
    for _ in range(30):
        rows.append((rnd.choice([
            f"batch {letters(2)}{digits(7)} of fake insulin pens",
            f"lot n° {digits(6)}{letters(1)}, cosmetics",
            f"model {letters(2)}-{letters(1)}{digits(3)}{letters(1)} phones, {rnd.randint(2, 500)} units",
            f"lote {digits(8)} de medicamentos",
            f"Charge {letters(1)}{digits(6)}, Rasierklingen",
            f"modelo {letters(1)}{digits(4)} relojes",
            f"serial number {letters(2)}{digits(8)} on each console",
            f"ref. {letters(2)}{digits(7)}, 40 pairs of sneakers",
            f"invoice {letters(2)}{digits(8)} for {rnd.randint(2, 99)} speakers",
        ]), "batch or model", ""))  # fmt: skip
    for _ in range(25):
        hs = f"{rnd.choice(['6403', '4202', '9102', '8517', '3004', '3303'])}.{digits(2)}"
        rows.append((rnd.choice([
            f"HS {hs} footwear, {rnd.randint(10, 900)} pairs",
            f"code SH {hs}.{digits(2)}, maroquinerie",
            f"partida {hs} calzado",
            f"Warennummer {hs}{digits(4)}",
        ]), "hs code", ""))  # fmt: skip
    for drug in DRUGS:
        n = rnd.randint(2, 9000)
        rows += [
            (f"{n} {drug} tablets found in a toy parcel", "drug", "EN"),
            (f"{drug} blotters, {n} units", "drug", "EN"),
            (f"{n} comprimés de {drug} dans un colis", "drug", "FR"),
            (f"{drug} en polvo, {rnd.randint(1, 900)} g", "drug", "ES"),
            (f"{n} {drug}-Tabletten", "drug", "DE"),
        ]
    rows += [("DOB (2,5-dimethoxy-4-bromoamphetamine), 120 blotters", "drug", "EN")]
    for place in PLACES:
        rows.append(
            (
                f"seized at {place} on {rnd.randint(2019, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                "place and date",
                "EN",
            )
        )
        rows.append(
            (
                f"saisie à {place} le {rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2019, 2025)}",
                "place and date",
                "FR",
            )
        )
        rows.append(
            (f"incautado en {place} el {rnd.randint(1, 28)} de marzo de 2024", "place and date", "ES")
        )
    for _ in range(25):
        rows.append((rnd.choice([
            f"{rnd.randint(2, 90000)} pieces, {rnd.randint(1, 900)} kg gross",
            f"{rnd.randint(2, 900)} cartons x {rnd.randint(2, 200)} pcs",
            f"{rnd.randint(2, 900)} paires, {rnd.randint(1, 90)},{rnd.randint(0, 9)} kg",
            f"{rnd.randint(2, 900)} unidades, valor {rnd.randint(100, 99999)} EUR",
            f"{rnd.randint(2, 900)} Stück, {rnd.randint(1, 90)} Kartons",
            f"{rnd.randint(1000, 999999)} cigarettes in {rnd.randint(2, 40)} master cases",
        ]), "quantity", ""))  # fmt: skip
    return rows


def main() -> None:
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "kind", "language"])
        for text, kind, lang in nominal_rows():
            writer.writerow([text, "nominal", kind, lang])
        for text, kind, lang in legitimate_rows():
            writer.writerow([text, "legitimate", kind, lang])


if __name__ == "__main__":
    main()
