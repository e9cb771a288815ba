import Foundation

/// What the user typed into search, as folded prefix terms that must all match.
///
/// User input is never syntax: quotes, `-`, `AND` and `*` are just characters, and only letters
/// and digits take part in matching. The store matches each term as a prefix of an indexed term.
public struct SearchQuery: Sendable, Equatable {
    public let terms: [String]
    /// Only these relationships (none: all).
    public var kinds: [CustomerKind] = []
    /// Only people with every one of these tags (folded keys).
    public var tags: [String] = []

    public var hasFilters: Bool { !kinds.isEmpty || !tags.isEmpty }

    /// `kinds` and `tags` filter as the CLI's `--kind`/`--tag` do. Typed into search, `#vip`
    /// filters by a tag and `kind:member` (or `laji:jäsen`) by relationship; the rest is text.
    public init(_ text: String, kinds: [CustomerKind] = [], tags: [String] = []) {
        self.kinds = kinds
        self.tags = tags.map(Tag.key)
        var words: [Substring] = []
        for word in text.split(separator: " ") {
            if word.hasPrefix("#"), word.count > 1, word.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
                // `#1004`, `#69039`: a customer or invoice number, as the card writes them.
                words.append(word.dropFirst())
            } else if let colon = word.firstIndex(of: ":"), ["tag", "tagi"].contains(SearchFolding.fold(String(word[..<colon]))),
                      word.index(after: colon) < word.endIndex {
                self.tags.append(Tag.key(String(word[word.index(after: colon)...])))
            } else if word.hasPrefix("#"), word.count > 1 {
                self.tags.append(Tag.key(String(word.dropFirst())))
            } else if let colon = word.firstIndex(of: ":"), ["kind", "laji"].contains(SearchFolding.fold(String(word[..<colon]))),
                      let kind = try? CustomerKind.parse(String(word[word.index(after: colon)...])) {
                self.kinds.append(kind)
            } else {
                words.append(word)
            }
        }
        let trimmed = words.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }
        let phoneLike = !digits.isEmpty && digits.count >= 3
            && trimmed.allSatisfy { ($0.isASCII && $0.isNumber) || " +-()./".contains($0) }
        if phoneLike {
            // `040 123 45` and `+358 40` should find a number however it was grouped.
            var normalised = digits
            if trimmed.hasPrefix("00") { normalised = String(digits.dropFirst(2)) }
            // Finnish numbers are indexed in their national form only (Phone.searchForms).
            if normalised.hasPrefix("358") { normalised = "0" + normalised.dropFirst(3) }
            terms = [normalised]
        } else {
            var words = Set(SearchFolding.terms(trimmed).map { String($0.prefix(SearchTerms.maxTermLength)) })
            // `Aalto Oy`, `example.fi`: words the index leaves out of names and addresses go
            // when there are others (alone, `oy` still finds what begins with it).
            let telling = words.subtracting(SearchTerms.noiseWords)
            if !telling.isEmpty { words = telling }
            // Longest first: the likeliest to be rare, counted first by the plans (a search's rarest word drives).
            terms = words.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        }
    }

    public var isEmpty: Bool { terms.isEmpty && !hasFilters }
}

/// The terms the search index holds for a customer.
public enum SearchTerms {
    public static let maxTermLength = 40

    /// Words that say nothing about whom a customer is: legal forms (`Oy`, `Tmi`) and the
    /// endings of e-mail and web addresses (`fi`, `com`). Not indexed from organisation names,
    /// e-mail domains and web hosts, where a fifth of all terms were these; dropped from a
    /// query that has other words (`aalto oy` finds Aalto Oy by `aalto`).
    public static let noiseWords: Set<String> = [
        "oy", "oyj", "ab", "abp", "ky", "kb", "tmi", "ay", "ry", "rf", "osk",
        "fi", "ax", "se", "ee", "no", "dk", "de", "eu", "uk", "com", "net", "org", "info", "io",
    ]

    public static func forCustomer(_ c: Customer) -> Set<String> { Set(list(for: c)) }

    /// A phone number as a search finds it: in full (national form for Finnish numbers), so
    /// the digits it begins with find it (`040 111`); from each later group as it is shown,
    /// so a group as written and what follows it do, typed digit by digit (`111`, `111 08`);
    /// and its digits reversed after `~`, so any four or more of its last digits do (`0866`,
    /// `10866`: `reversedForm` of the query). Indexing every ending instead (four terms a
    /// phone) cost an import a third more at 100k.
    public static func phoneForms(_ e164: String) -> [String] {
        var forms = Phone.searchForms(e164)
        let groups = Phone.display(e164).split(separator: " ").map { $0.filter { $0.isASCII && $0.isNumber } }
        for index in groups.indices.dropFirst() {
            let isLast = index == groups.count - 1
            // A last group of four digits or more is an ending: the reversed term finds it.
            if isLast && groups[index].count >= 4 { continue }
            let form = groups[index...].joined()
            if !form.isEmpty && !forms.contains(form) { forms.append(form) }
        }
        if let full = forms.first { forms.append(reversedMark + String(full.reversed())) }
        return forms
    }

    /// What marks a phone's reversed digits in the index (no folded word contains it).
    public static let reversedMark = "~"

    /// The reversed form a digits-only query term also matches (four digits or more: fewer
    /// would find half the register), or nil.
    public static func reversedForm(_ term: String) -> String? {
        guard term.count >= 4, term.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return reversedMark + String(term.reversed())
    }

    /// The customer number a digits-only query term names, or nil.
    public static func customerNumber(_ term: String) -> Int64? {
        guard term.count <= 12, term.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(term)
    }

    /// An invoice number as a search finds it: its words, and its digits run together (a
    /// search of digits only is read as digits: `2025-01` as `202501`).
    public static func invoiceForms(_ invoice: String) -> [String] {
        var forms = SearchFolding.terms(invoice).map { String($0.prefix(maxTermLength)) }
        let digits = invoice.filter { $0.isASCII && $0.isNumber }
        if digits.count >= 3, !forms.contains(digits) { forms.append(String(digits.prefix(maxTermLength))) }
        return forms
    }

    /// The terms, each once, in the order found: a customer has a dozen or so, and comparing
    /// them costs less than hashing them into a set (imports index every customer).
    public static func list(for c: Customer) -> [String] {
        var terms: [String] = []
        terms.reserveCapacity(16)
        func add(_ text: String, skippingNoise: Bool = false) {
            // Noise words are two to four letters: longer terms skip the set's hashing.
            for term in SearchFolding.terms(text) where !(skippingNoise && term.utf8.count <= 4 && noiseWords.contains(term)) {
                let cut = term.utf8.count <= maxTermLength ? term : String(term.prefix(maxTermLength))
                if !terms.contains(cut) { terms.append(cut) }
            }
        }
        for text in [c.firstName, c.lastName, c.town, c.notes, c.title, c.department] { if let text { add(text) } }
        if let organisation = c.organisationName { add(organisation, skippingNoise: true) }
        if let email = c.email {
            // The name before @ in full (info@, myynti@ find someone too), the domain without its ending.
            let at = email.lastIndex(of: "@") ?? email.endIndex
            add(String(email[..<at]))
            if at < email.endIndex { add(String(email[email.index(after: at)...]), skippingNoise: true) }
        }
        // Web addresses by their host (hieronta-aalto.fi, linkedin.com): paths are noise.
        for link in c.links { add(Website.host(of: link.url), skippingNoise: true) }
        func addPhone(_ e164: String) { for form in phoneForms(e164) where !terms.contains(form) { terms.append(form) } }
        if let phone = c.phone { addPhone(phone) }
        // The other e-mails and phones find the person too.
        for contact in c.otherContacts {
            switch contact.kind {
            case .email:
                let at = contact.value.lastIndex(of: "@") ?? contact.value.endIndex
                add(String(contact.value[..<at]))
                if at < contact.value.endIndex { add(String(contact.value[contact.value.index(after: at)...]), skippingNoise: true) }
            case .phone: addPhone(contact.value)
            case .address: break
            }
        }
        // Everyone has a term: a search finds a customer's number through them. One whose
        // name has no word (`-`) gets the mark alone, which no query's word begins.
        if terms.isEmpty { terms.append(reversedMark) }
        return terms
    }
}
