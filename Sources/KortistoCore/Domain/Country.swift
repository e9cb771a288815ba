/// Countries a Finnish sole trader's customers live in, by ISO 3166-1 alpha-2 code.
/// The register stores the code; labels print the name in capitals on the last line.
public struct Country: Sendable, Hashable {
    public let code: String
    public let finnish: String
    public let english: String

    public static let finland = "FI"

    public static let all: [Country] = [
        .init(code: "FI", finnish: "Suomi", english: "Finland"),
        .init(code: "AX", finnish: "Ahvenanmaa", english: "Åland Islands"),
        .init(code: "SE", finnish: "Ruotsi", english: "Sweden"),
        .init(code: "NO", finnish: "Norja", english: "Norway"),
        .init(code: "DK", finnish: "Tanska", english: "Denmark"),
        .init(code: "IS", finnish: "Islanti", english: "Iceland"),
        .init(code: "EE", finnish: "Viro", english: "Estonia"),
        .init(code: "LV", finnish: "Latvia", english: "Latvia"),
        .init(code: "LT", finnish: "Liettua", english: "Lithuania"),
        .init(code: "DE", finnish: "Saksa", english: "Germany"),
        .init(code: "AT", finnish: "Itävalta", english: "Austria"),
        .init(code: "CH", finnish: "Sveitsi", english: "Switzerland"),
        .init(code: "NL", finnish: "Alankomaat", english: "Netherlands"),
        .init(code: "BE", finnish: "Belgia", english: "Belgium"),
        .init(code: "LU", finnish: "Luxemburg", english: "Luxembourg"),
        .init(code: "FR", finnish: "Ranska", english: "France"),
        .init(code: "GB", finnish: "Yhdistynyt kuningaskunta", english: "United Kingdom"),
        .init(code: "IE", finnish: "Irlanti", english: "Ireland"),
        .init(code: "ES", finnish: "Espanja", english: "Spain"),
        .init(code: "PT", finnish: "Portugali", english: "Portugal"),
        .init(code: "IT", finnish: "Italia", english: "Italy"),
        .init(code: "GR", finnish: "Kreikka", english: "Greece"),
        .init(code: "PL", finnish: "Puola", english: "Poland"),
        .init(code: "CZ", finnish: "Tšekki", english: "Czechia"),
        .init(code: "SK", finnish: "Slovakia", english: "Slovakia"),
        .init(code: "HU", finnish: "Unkari", english: "Hungary"),
        .init(code: "SI", finnish: "Slovenia", english: "Slovenia"),
        .init(code: "HR", finnish: "Kroatia", english: "Croatia"),
        .init(code: "RO", finnish: "Romania", english: "Romania"),
        .init(code: "BG", finnish: "Bulgaria", english: "Bulgaria"),
        .init(code: "CY", finnish: "Kypros", english: "Cyprus"),
        .init(code: "MT", finnish: "Malta", english: "Malta"),
        .init(code: "UA", finnish: "Ukraina", english: "Ukraine"),
        .init(code: "RU", finnish: "Venäjä", english: "Russia"),
        .init(code: "TR", finnish: "Turkki", english: "Türkiye"),
        .init(code: "US", finnish: "Yhdysvallat", english: "United States"),
        .init(code: "CA", finnish: "Kanada", english: "Canada"),
        .init(code: "MX", finnish: "Meksiko", english: "Mexico"),
        .init(code: "BR", finnish: "Brasilia", english: "Brazil"),
        .init(code: "AU", finnish: "Australia", english: "Australia"),
        .init(code: "NZ", finnish: "Uusi-Seelanti", english: "New Zealand"),
        .init(code: "JP", finnish: "Japani", english: "Japan"),
        .init(code: "CN", finnish: "Kiina", english: "China"),
        .init(code: "IN", finnish: "Intia", english: "India"),
        .init(code: "TH", finnish: "Thaimaa", english: "Thailand"),
        .init(code: "AE", finnish: "Arabiemiirikunnat", english: "United Arab Emirates"),
        .init(code: "ZA", finnish: "Etelä-Afrikka", english: "South Africa"),
    ]

    public static func named(_ code: String) -> Country? { all.first { $0.code == code } }

    /// Countries as their own people write them (`Sverige`, `Eesti`): address books abroad do.
    static let nativeNames: [String: String] = [
        "SE": "Sverige", "NO": "Norge", "DK": "Danmark", "IS": "Ísland", "EE": "Eesti", "LV": "Latvija", "LT": "Lietuva",
        "DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz", "NL": "Nederland", "BE": "België", "FR": "France",
        "ES": "España", "PT": "Portugal", "IT": "Italia", "GR": "Ελλάδα", "PL": "Polska", "CZ": "Česko", "SK": "Slovensko",
        "HU": "Magyarország", "SI": "Slovenija", "HR": "Hrvatska", "RO": "România", "BG": "България", "UA": "Україна",
        "RU": "Россия", "TR": "Türkiye", "AX": "Åland", "FI": "Finland",
    ]

    /// Folded code and names to the code, built once (imports validate a country per row).
    private static let byFoldedName: [String: String] = {
        var map: [String: String] = [:]
        for country in all.reversed() {
            for name in [country.code, country.finnish, country.english] + [nativeNames[country.code]].compactMap({ $0 }) {
                map[SearchFolding.fold(name)] = country.code
            }
        }
        // Other names people use for them.
        for (name, code) in ["Schweden": "SE", "Svezia": "SE", "Suède": "SE", "Sverige": "SE", "Deutschland": "DE", "Germania": "DE",
                             "Allemagne": "DE", "Holland": "NL", "Alankomaat": "NL", "England": "GB", "UK": "GB", "Iso-Britannia": "GB",
                             "USA": "US", "Amerikka": "US", "Viro": "EE", "Estland": "EE", "Finnland": "FI", "Suomi-Finland": "FI"] {
            map[SearchFolding.fold(name)] = code
        }
        return map
    }()

    /// Accepts a code (`se`, `SE`) or a name in Finnish, English or the country's own language
    /// (`Ruotsi`, `Sweden`, `Sverige`).
    public static func validate(_ raw: String?, field: String = "country") throws(FieldError) -> String {
        guard let raw, let text = try TextInput.clean(raw, field: field, maxLength: 60) else { return finland }
        if let code = byFoldedName[SearchFolding.fold(text)] { return code }
        throw FieldError(field, "unknown country '{0}' (use a two-letter code such as FI, SE, DE)", "\(text)")
    }
}

/// Preferred language of a customer, as an ISO 639-1 code.
public enum Language {
    public static let known: [(code: String, names: [String])] = [
        ("fi", ["suomi", "finnish", "fin"]), ("sv", ["ruotsi", "svenska", "swedish", "swe"]),
        ("en", ["englanti", "english", "eng"]), ("et", ["viro", "eesti", "estonian"]),
        ("ru", ["venäjä", "russian"]), ("de", ["saksa", "deutsch", "german"]),
        ("fr", ["ranska", "french"]), ("es", ["espanja", "spanish"]), ("no", ["norja", "norwegian"]),
        ("da", ["tanska", "danish"]), ("se", ["saame", "pohjoissaame", "sami"]), ("uk", ["ukraina", "ukrainian"]),
        ("ar", ["arabia", "arabic"]), ("so", ["somali"]), ("zh", ["kiina", "chinese"]),
    ]

    public static func validate(_ raw: String?, field: String = "language") throws(FieldError) -> String? {
        guard let raw, let text = try TextInput.clean(raw, field: field, maxLength: 30) else { return nil }
        let folded = text.lowercased()
        if let match = known.first(where: { $0.code == folded || $0.names.contains(folded) }) { return match.code }
        throw FieldError(field, "unknown language '{0}' (use a code such as fi, sv, en)", "\(text)")
    }
}
