"""The words and forms that announce personal data in free text, in the languages Members write in: the
vocabulary of the candidate patterns in `personal_text.py` (Python `re` and RE2 alike).
"""

from __future__ import annotations

NUMBER_WORD = r"(no\.?|nr\.?|n\.?[o°º]\.?|n[uú]m\.?|number|nummer|num[eé]ro|n[uú]mero|#)?"
DATE = (
    r"([0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2}"
    r"|[0-9]{1,2}(st|nd|rd|th|er)? ?[A-Za-z]{3,9}\.? [0-9]{4}|[A-Za-z]{3,9}\.? [0-9]{1,2},? [0-9]{4})"
)
IDENTITY_WORDS = (
    r"passport|pp|passeport|pasaporte|passaporte|passaporto|pasaport|paszport|paspoort|reisepass|pass-nr|"
    r"travel document|document de voyage|documento de viaje|jawaz( al)?[ -]safar|jawaz|"
    r"identity card|identity number|identity no|id card|id no|id number|id nr|national id|national identity|"
    r"carte d.identit[eé]|cni|dni|nie|nif|nir|c[eé]dula|documento de identidad|documento nacional|"
    r"personalausweis|ausweis(nummer)?|steuer-?id|steuernummer|identifikationsnummer|"
    r"bilhete de identidade|cart[aã]o de cidad[aã]o|cpf|rg|aadhaar|aadhar|pan card|nin|cin|cnic|nic|"
    r"tc kimlik( no)?|kimlik( no| numaras[iı])?|codice fiscale|carta d.identit[aà]|pesel|dow[oó]d osobisty|"
    r"personnummer|fødselsnummer|f[oø]dselsnummer|henkil[oö]tunnus|hetu|cpr|bsn|burgerservicenummer|"
    r"curp|rfc|emirates id|iqama|civil id|omang|ghana card|huduma|national insurance|nino|nhs number|"
    r"bitaqa( al)?[ -]wataniya|ssn|sin|social security( number)?|s[eé]curit[eé] sociale|seguridad social|"
    r"resident id|residence permit|titre de s[eé]jour|permiso de residencia|shenfenzheng|my number|"
    r"seaman.?s book|seafarer.?s book|discharge book|crew card|crew id|pilot licen[cs]e|"
    r"loyalty card|membership card|frequent flyer( number| no)?|miles (number|card)|"
    r"driving licen[cs]e|driver.?s licen[cs]e|licen[cs]e no|permis de conduire|permis|licencia de conducir|"
    r"carn[eé] de conducir|carteira de (motorista|habilita[cç][aã]o)|cnh|f[uü]hrerschein|patente di guida|"
    r"rukhsat( al)?[ -]siyaqa|"
    r"паспорт|удостоверение|инн|снилс|جواز سفر|جواز|بطاقة|هوية|رقم الهوية|护照|身份证|パスポート|여권|주민등록번호|"
    r"id"  # last, so that "id card", "id no" are read whole
)
BANK_WORDS = (
    r"sort code|account|acct|a/c|compte|cuenta|konto|kontonummer|conta|rekening|conto|hesap|"
    r"bank|banque|banco|bankverbindung|routing|aba|swift|card|carte bancaire|tarjeta|kreditkarte|cart[aã]o|"
    r"visa|mastercard|amex"
)
# Words for a vehicle, after which a number alone may be a count (truck 40 ft) and not a plate.
VEHICLE_WORDS = r"truck|lorry|trailer|vehicle|v[eé]hicule|veh[ií]culo|fahrzeug|lkw|pkw|car|van"
PLATE_WORDS = (
    r"licen[cs]e plates?|number plates?|registration plates?|vehicle registration|car registration|"
    r"truck registration|lorry registration|reg\.? plates?|reg\.? no|registration( no| number)?|"
    r"plate (number|no)|plates?|plaques?( d.immatriculation)?|immatricul[eé]e?s?|immatriculation|"
    r"matr[ií]culas?|placas?( do ve[ií]culo)?|(amtliches )?kennzeichen|nummernschild|targa|plaka|kenteken|"
    r"tablica( rejestracyjna)?|rekisteri(kilpi|tunnus)?|registreringsnummer|nummerplade|skilt|spz|patente|"
    r"chapa|lawhat( al)?[ -]tasjil|raqm( al)?[ -]lawha|"
    rf"{VEHICLE_WORDS}"
)
# Plate words in scripts that RE2's ASCII word boundary does not see.
PLATE_WORDS_OTHER = r"номер|госномер|номерной знак|رقم اللوحة|لوحة|车牌|번호판|ทะเบียน|নম্বর|प्लेट|नंबर"
PHONE_WORDS = (
    r"tel|t[eé]l|t[eé]l[eé]phone|phone|telephone|mobile|cell|cellphone|tel[eé]fono|m[oó]vil|portable|"
    r"celular|telem[oó]vel|telefone|handy|telefon|mobil|whatsapp|hatif|raqm( al)?[ -]hatif|gsm"
)
# Titles of persons, in lower case (they are matched capitalised or in capitals): a title and a capitalised
# word are a person's name.
TITLES = (
    r"mr|mrs|ms|miss|mme|mlle|m\.|monsieur|madame|sr|sra|srta|se[nñ]or|se[nñ]ora|senhor|senhora|"
    r"don|do[nñ]a|dona|herr|frau|dr|prof|sayyid|sayed|sayyida|sidi|lalla|hajj|hadj|cheikh|sheikh"
)
# Titles that are everyday words or brands' beginnings too (Pan Am, Bay Area): they only mark the next words
# as a name when the name dictionaries know them.
WEAK_TITLES = r"sig\.?|sig\.ra|signor|signora|pan|pani|bay|bayan|gospodin|mx"
# Each title capitalised and in capitals, as the candidate pattern (case-sensitive) reads them.
TITLE_FORMS = "|".join(sorted({form for t in TITLES.split("|") for form in (t.capitalize(), t.upper())}))
STREET = (
    r"rue|avenue|av\.|bd|boulevard|chemin|impasse|all[eé]e|quai|place|cours|route|faubourg|square|"
    r"calle|c/|avenida|avda\.?|paseo|plaza|pasaje|carrer|camino|carretera|ronda|traves[ií]a|callej[oó]n|"
    r"ca[nñ]ada|rambla|glorieta|acceso|urbanizaci[oó]n|cuesta|senda|pasadizo|c\.|"
    r"privada|cerrada|calzada|retorno|continuaci[oó]n|prolongaci[oó]n|circuito|andador|perif[eé]rico|"
    r"fazenda|lagoa|ch[aá]cara|s[ií]tio|setor|trecho|n[uú]cleo|residencial|recanto|esplanada|"
    r"canale|incrocio|rotonda|piazzetta|salita|traversa|vico|rampa|stradone|circonvallazione|"
    r"rua|travessa|largo|viela|estrada|alameda|pra[cç]a|rodovia|condom[ií]nio|conjunto|passarela|vereda|"
    r"esta[cç][aã]o|vila|ladeira|quadra|loteamento|"
    r"via|viale|piazza|piazzale|corso|vicolo|stretto|contrada|borgo|lungomare|"
    r"ul\.|ulica|al\.|aleja|os\.|osiedle|plac|pl\.|utca|út|t[eé]r|ulice|n[aá]m[eě]st[ií]|strada|bulevardul|calea|"
    r"straat|laan|weg|plein|gracht|kade|singel|dijk|"
    r"street|st\.?|road|rd\.?|lane|ln\.?|drive|dr\.|way|avenue|ave\.?|court|ct\.?|close|crescent|terrace|"
    r"place|pl\.|square|sq\.|parkway|pkwy|highway|hwy|boulevard|blvd\.?|circle|cir\.?|trail|trace|"
    r"shari.?a?|zanqat|derb|hay|zankat|sokak|sok\.|caddesi|cad\.|mahallesi|mah\."
)
# Postcodes as addresses write them: after a house number (Hauptstraße 5, 37150 Cuxhaven; Veradreef 838,
# 7429 UW), a British postcode, a Brazilian CEP before "Town / UF", Portuguese and Polish ones after a comma,
# a US state and ZIP code, an Italian CAP before "Town (PR)", a US forces' post office.
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
    "OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AS|GU|MP|PR|VI|FM|MH|PW|AA|AE|AP"
)
POSTCODES = (
    r"[A-Za-z.] [0-9]{1,5}[A-Za-z]?(/[0-9]{1,4})?, ([0-9]{4,5}|[0-9]{2}-[0-9]{3}|[0-9]{4}-[0-9]{3}|"
    r"[1-9][0-9]{3} ?[A-Z]{2},?) [A-ZÀ-ÝĀ-ſ][A-Za-zß-ÿĀ-ſ'-]*"
    r"( ([A-ZÀ-ÝĀ-ſ][A-Za-zß-ÿĀ-ſ'-]*|am|an|im|der|de|la|le|sur|do|da|del|aan|den)){0,4}([,;)]|$| -| /)"
    r"|, [A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}\b"
    r"|\b[0-9]{5}-?[0-9]{3} [A-ZÀ-ÝĀ-ſ][^,/]{1,40} / [A-Z]{2}\b"
    r"|, ([0-9]{4}-[0-9]{3}|[0-9]{2}-[0-9]{3}) [A-ZÀ-ÝĀ-ſ]"
    rf"|, ({US_STATES}) [0-9]{{5}}(-[0-9]{{4}})?\b"
    r"|\b[0-9]{5},? [A-ZÀ-ÝĀ-ſ][A-Za-zß-ÿĀ-ſ' -]{1,40} \([A-Z]{2}\)"
    r"|\b(APO|FPO|DPO) (AA|AE|AP) [0-9]{5}\b"
)
# German, Dutch and Nordic street names end in their kind: Goethestraße 5, Lindseysingel 68, Næstvedvej 45.
STREET_ENDINGS = (
    r"stra(ss|ß)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|"
    r"straat|laan|singel|gracht|plein|kade|dijk|dreef|steeg|pad|baan|boulevard|hof|markt|wal|plantsoen|"
    r"vej|gade|gatan|g[aä]rd|v[aä]gen|gr[aä]nd|gata|veien|vegen|stien|tie|katu|polku|kuja"
)
# English street names end in their kind too, after the house number: 7835 Erica Trace.
STREET_SUFFIXES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Court|Ct|Close|Crescent|Terrace|Place|Pl|Square|Parkway|"
    r"Highway|Boulevard|Blvd|Circle|Trail|Trace|Way|Row|Walk|Mews|Gardens|Grove|Hill|Hills|Heights|Park|"
    r"Point|Ridge|Run|Common|Commons|Village|Villages|Fort|Ford|Forge|Falls|Ferry|Field|Fields|Glen|Green|"
    r"Harbor|Harbour|Haven|Island|Junction|Key|Knoll|Lake|Landing|Loop|Manor|Meadow|Meadows|Mill|Mills|Mount|"
    r"Orchard|Oval|Pass|Path|Pike|Pines|Plains|Plaza|Port|Prairie|Ranch|Rapids|Rest|Route|Shoal|Shore|Shores|"
    r"Spring|Springs|Station|Stream|Summit|Turnpike|Underpass|Union|Valley|Via|View|Vista|Well|Wells|Estate|"
    r"Estates|Expressway|Extension|Camp|Canyon|Cape|Causeway|Center|Centre|Cliff|Club|Corner|Corners|Creek|"
    r"Crossing|Crossroad|Curve|Dale|Dam|Divide|Bypass|Bluff|Bluffs|Bottom|Branch|Bridge|Brook|Brooks|Burg|"
    r"Alley|Annex|Arcade|Bayou|Beach|Bend|Lodge|Light|Lights|Locks|Neck|Radial|Ramp|Spur|Squares|Track|"
    r"Mission|Mountain|Cove|Crest|Lock|Motorway|Overpass|Plain|Skyway|Stravenue|Throughway|Wall|Wharf|"
    r"Trafficway|Tunnel|Unions|Viaduct|Views|Ville|Isle|Inlet|Hollow|Gateway|Freeway|Flat|Flats|Fork|Forks"
)
DATE_WORDS = (
    r"date of birth|born on|born|birth date|birthdate|d\.o\.b\.?|dob|n[eé]e? le|n[eé]e? en|"
    r"date de naissance|fecha de nacimiento|nacid[oa] el|nacid[oa]|geburtsdatum|geboren am|geboren|n[eé]e?|"
    r"data de nascimento|nascid[oa] em|nascid[oa]|data di nascita|nat[oa] il|nat[oa] a|"
    r"do[gğ]um tarihi|d\. tarihi|data urodzenia|urodzon[ya]|datum narozen[ií]|narozen[aý]?|"
    r"geboortedatum|f[oø]dselsdato|f[oö]delsedatum|syntym[aä]aika|"
    r"дата рождения|д\.р\.|родил(ся|ась)|г\.р\.|тарих|تاريخ الميلاد|تاريخ الولادة|مواليد|"
    r"tarikh( al)?[ -]milad|tarikh( al)?[ -]wilada|mawlud"
)
# Abbreviations of "born" end in a full stop, where an ASCII word boundary cannot follow.
DATE_ABBREVIATIONS = r"\b(geb|ur|nac|f\. nac|b|f|nar)\."
MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|f[eé]vr?|mars|avr|mai|juin|juil|ao[uû]t|"
    r"d[eé]c|ene|abr|ago|dic|m[aä]r|okt|dez|gen|mag|giu|lug|set|ott|ocak|[sş]ubat|mart|nisan|may[iı]s|"
    r"haziran|temmuz|a[gğ]ustos|eyl[uü]l|ekim|kas[iı]m|aral[iı]k"
)
AT = r"\[at\]|\(at\)|\{at\}|\[@\]|\(@\)|＠| @ | ?\[ ?at ?\] ?| arroba | chez | ät | \[ät\] | ат | собака "
DOT = r"\[dot\]|\(dot\)|\{dot\}| dot | punto | point | punkt | \. |\.|．| точка "
