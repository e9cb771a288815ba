/// Word lists for invented customers: common Finnish given names and surnames combined at
/// random (including Å, Ä, Ö so sorting and search are exercised), real towns with real postcodes.
enum Names {
    static let first = [
        "Aino", "Aleksi", "Anni", "Antti", "Eetu", "Eila", "Elina", "Emilia", "Helmi", "Hannu", "Ilkka", "Iida",
        "Jaana", "Jukka", "Juha", "Kaisa", "Kalle", "Katri", "Laura", "Lauri", "Leena", "Marjatta", "Matti", "Mikko",
        "Minna", "Niina", "Oskari", "Päivi", "Pekka", "Pirjo", "Riikka", "Risto", "Sanna", "Seppo", "Sirpa", "Tapani",
        "Tuula", "Veikko", "Väinö", "Ville", "Åsa", "Örjan", "Jyrki", "Sanni", "Tiina", "Outi", "Heikki", "Maarit",
        "Onni", "Lotta", "Eveliina", "Kyösti", "Sylvi", "Ahti", "Mervi", "Jöns",
    ]
    static let last = [
        "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
        "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen",
        "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila",
        "Savolainen", "Lahtinen", "Ahonen", "Öhman", "Åberg", "Ängeslevä", "Östman", "Zetterberg", "Wikström",
        "Söderholm", "Kärkkäinen", "Pöllänen", "Ylönen", "Väisänen", "Björklund", "Sjöberg", "Kääriäinen", "Ruohonen",
    ]
    static let towns: [(name: String, postcode: String)] = [
        ("Helsinki", "00100"), ("Helsinki", "00530"), ("Helsinki", "00990"), ("Espoo", "02100"), ("Vantaa", "01300"),
        ("Tampere", "33100"), ("Turku", "20100"), ("Oulu", "90100"), ("Jyväskylä", "40100"), ("Kuopio", "70100"),
        ("Lahti", "15110"), ("Pori", "28100"), ("Vaasa", "65100"), ("Joensuu", "80100"), ("Seinäjoki", "60100"),
        ("Hämeenlinna", "13100"), ("Rovaniemi", "96100"), ("Porvoo", "06100"), ("Mikkeli", "50100"), ("Kotka", "48100"),
        ("Lappeenranta", "53100"), ("Hyvinkää", "05800"), ("Järvenpää", "04400"), ("Kärsämäki", "86710"),
        ("Ähtäri", "63700"), ("Närpiö", "64200"), ("Maarianhamina", "22100"), ("Äänekoski", "44100"),
    ]
    static let foreign: [(country: String, postcode: String, town: String)] = [
        ("SE", "114 55", "Stockholm"), ("SE", "411 06", "Göteborg"), ("DE", "10115", "Berlin"), ("EE", "10111", "Tallinn"),
        ("NO", "0150", "Oslo"),
    ]
    static let streets = [
        "Kauppakatu", "Rantatie", "Koulukatu", "Mäkitie", "Kirkkokatu", "Asemakatu", "Puistotie", "Koivukuja",
        "Pihlajatie", "Sepänkatu", "Hämeenkatu", "Läntinen Rantakatu", "Ylätie", "Väinämöisenkatu", "Jäkäläpolku",
        "Kyöpelinvuorentie", "Åkerlundinkatu", "Tähtitorninkatu", "Myllytie", "Peltokuja",
    ]
    static let orgWords = ["Pohjolan", "Järvi", "Kaski", "Revontuli", "Tunturi", "Metsä", "Kallio", "Saaristo", "Kide", "Ääreis", "Lähde"]
    static let trades = ["Puu", "Konepaja", "Rakennus", "Kirjanpito", "Hyvinvointi", "Valmennus", "Sähkö", "Kukka", "Leipomo", "Media"]
    static let titles = [
        "Toimitusjohtaja", "Henkilöstöpäällikkö", "Myyntipäällikkö", "Hallituksen puheenjohtaja", "Talouspäällikkö",
        "Asiantuntija", "Yrittäjä", "Koulutussuunnittelija", "Projektipäällikkö", "Assistentti",
    ]
    static let products = [
        "Valmennuspaketti 5 krt", "Hieronta 60 min", "Hieronta 90 min", "Koulutuspäivä", "Työnohjaus 3 krt",
        "Lahjakortti", "Kurssimaksu: Excel-perusteet", "Coaching-tapaaminen", "Työpaja: Esiintymistaito",
        "Urheiluhieronta 45 min", "Johtamisvalmennus, syksy", "Verkkokurssi: Ajanhallinta",
    ]
    static let notes = [
        "Toivoo yhteydenottoa sähköpostilla.", "Selkävaivoja, ei syvähierontaa.", "Laskut yrityksen kautta.",
        "Kiinnostunut syksyn ryhmävalmennuksesta.", "Tapasimme messuilla.", "Suosittelija: entinen asiakas.",
        "Ei puheluita aamupäivisin.",
    ]
    static let contactNotes = [
        "Sovittiin seuraava tapaaminen.", "Tarjous lähetetty.", "Kysyi laskusta.", "Palaute kurssista: hyvä.",
        "Muistutus maksusta.", "Ajanvaraus siirretty.",
    ]
    static let sourceDetails = ["Työhyvinvointimessut 2024", "kotisivun yhteydenottolomake", "Kaupparekisteri", "suosittelu"]
}
